"""Cached residents' pages served in front of Flask to visitors who send no cookie.

A first visit (a QR code scanned, a link shared in a group chat) carries no cookie: no
session, no language chosen, no staff login, no "already answered" mark. For such a GET
without query string, the page's cache key (``core.pagecache``: path, language from
``Accept-Language``, data version, time slot) is computed here from the WSGI environ and a
stored page is answered at once, with the very headers the Flask path sends (security
headers, ``Cache-Control``, ``Vary``, ``ETag``/304). Everything else, and any miss, goes on
to Flask: the first visitor of a page renders and stores it there.

A returning resident is answered here too when the only cookie is Flask's session cookie,
its signature valid, holding nothing but the CSRF token, the language chosen and Flask-Login's
"not fresh" mark (what the
residents' pages put there): the page is the one a first visitor in that language gets.
Any other cookie or session key (a staff login, flash messages, "already answered" marks, a
forged or expired cookie) goes to Flask.

A stored survey form gets its per-visitor values here as in Flask: a CSRF token signed
afresh (a new one, kept in a new signed session cookie, for a first visitor; the session's
for a returning one) exactly as Flask-WTF and Flask would make them, and a new one-time form
token. Signatures use ``core.signing.QuickSigning`` (keys derived once).
"""
from __future__ import annotations

import hashlib
import os

from flask import Flask
from flask.sessions import SecureCookieSession
from itsdangerous import URLSafeTimedSerializer
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import dump_cookie, parse_accept_header, parse_etags

from participation.core import pagebytes, pagecache, timeslots, versionread
from participation.core.i18n import DEFAULT_LANGUAGE, SESSION_KEY, best_language
from participation.core.security import SECURITY_HEADERS
from participation.core.signing import COMPACT_JSON, QuickSigning

FRONT_KINDS = {"csrf", "survey_token"}  # the volatile values this layer can make itself
COOKIE_PLACEHOLDER = "PDQ-SESSION-VALUE"
LANGUAGE_MEMO_MAX = 512  # distinct Accept-Language headers remembered (browsers send few)


class PageFront:
    """WSGI middleware answering GETs of stored pages for visitors without a staff session
    (see the module)."""

    def __init__(self, app: Flask, wsgi_app) -> None:
        from participation.extensions import db

        self.app, self.wsgi_app = app, wsgi_app
        self.backend = app.extensions["cache"][pagecache.cache]
        with app.app_context():
            self.url = db.engine.url
        self.languages = list(app.config["LANGUAGES"])
        self.headers = list(SECURITY_HEADERS.items())
        if app.config.get("SESSION_COOKIE_SECURE"):
            self.headers.append(("Strict-Transport-Security",
                                 "max-age=31536000; includeSubDomains"))
        self._accepted: dict[str, str] = {}
        self._signings: tuple = (None, None, None)
        self._cookie = ""

    def __call__(self, environ, start_response):
        session = self._visitor(environ)
        found = self._stored(environ, session) if session is not None else None
        if found is None:
            return self.wsgi_app(environ, start_response)
        status, headers, body = self._answer(environ, session, *found)
        start_response(status, headers)
        return [] if environ["REQUEST_METHOD"] == "HEAD" else [body]

    def _visitor(self, environ) -> dict | None:
        """The session of a visitor this layer may answer: ``{}`` without any cookie, the
        verified session of a returning resident (module docstring); None for Flask."""
        if not (environ["REQUEST_METHOD"] in ("GET", "HEAD") and not environ.get("QUERY_STRING")
                and self.app.config.get("PAGE_CACHE")
                and environ.get("PATH_INFO", "").isascii()):
            return None
        cookie = environ.get("HTTP_COOKIE")
        return self._returning(cookie) if cookie else {}

    def _returning(self, cookie: str) -> dict | None:
        """The session in a ``Cookie`` header naming only Flask's session cookie, when
        validly signed and holding only a CSRF token and a language tag (strings), and
        Flask-Login's ``"_fresh": false`` (left out of the result)."""
        app = self.app
        name, _eq, value = cookie.strip().partition("=")
        if name != app.session_interface.get_cookie_name(app) or not value or ";" in value:
            return None
        lifetime = int(app.permanent_session_lifetime.total_seconds())
        data = self._signing()[0].loads(value, max_age=lifetime)
        if not isinstance(data, dict) or data.pop("_fresh", False) is not False:
            return None  # Flask-Login marks any anonymous session not fresh: no meaning here
        allowed = {self._csrf_field(), SESSION_KEY}
        if not data.keys() <= allowed or not all(isinstance(v, str) for v in data.values()):
            return None
        return data

    def _language(self, environ, session: dict) -> str:
        """As ``i18n.current_language`` without ``?lang=``: the session's choice, else the
        best for Accept-Language (remembered per header value), else French."""
        if session.get(SESSION_KEY) in self.languages:
            return session[SESSION_KEY]
        header = environ.get("HTTP_ACCEPT_LANGUAGE") or ""
        language = self._accepted.get(header)
        if language is None:
            accept = parse_accept_header(header, LanguageAccept)
            language = best_language(accept, self.languages) or DEFAULT_LANGUAGE
            if len(self._accepted) >= LANGUAGE_MEMO_MAX:
                self._accepted.clear()
            self._accepted[header] = language
        return language

    def _stored(self, environ, session: dict) -> tuple | None:
        """The stored entry ``(parts, etag, kinds)`` of this request's key, or None."""
        token = versionread.current_version(self.url)
        if token is None or token not in timeslots.SLOTS:
            return None  # never seen by this process: Flask computes the time boundaries
        path = f"{environ.get('PATH_INFO') or '/'}?"
        key = pagecache.page_key(path, self._language(environ, session), "", token)
        entry = self.backend.get(key)
        if entry is None or not set(entry[2]) <= FRONT_KINDS:
            return None
        return entry

    def _answer(self, environ, session: dict, parts: tuple, etag: str | None, kinds) -> tuple:
        """``(status, headers, body bytes)`` of a stored entry (``pagebytes.page_parts``)."""
        headers = [("Vary", "Accept-Language, Cookie"), *self.headers]
        if etag is None:
            headers.append(("Cache-Control", "private, no-store"))
        else:
            headers += [("Cache-Control", "private, no-cache"), ("ETag", f'"{etag}"')]
            if parse_etags(environ.get("HTTP_IF_NONE_MATCH")).contains(etag):
                return "304 NOT MODIFIED", headers, b""
        values = {kind: self._value(kind, session, headers).encode() for kind in kinds}
        data = pagebytes.page_body(parts, values)
        headers += [("Content-Type", "text/html; charset=utf-8"),
                    ("Content-Length", str(len(data)))]
        return "200 OK", headers, data

    def _csrf_field(self) -> str:
        return self.app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")

    def _value(self, kind: str, session: dict, headers: list) -> str:
        """A fresh value of ``kind``: a CSRF token signs the session's raw token, or a new
        one then kept in a new session cookie (as ``flask_wtf.csrf.generate_csrf``)."""
        if kind == "survey_token":
            return pagecache.VOLATILE[kind]()
        field = self._csrf_field()
        raw = session.get(field)
        if raw is None:
            raw = hashlib.sha1(os.urandom(64)).hexdigest()  # as flask_wtf.csrf.generate_csrf
            headers.append(("Set-Cookie", self._session_cookie(session | {field: raw})))
        return self._signing()[1].dumps(raw)

    def _signing(self) -> tuple[QuickSigning, QuickSigning]:
        """The session's and the CSRF tokens' signings, built again when a key changes."""
        app, config = self.app, self.app.config
        keys = (app.secret_key, tuple(config.get("SECRET_KEY_FALLBACKS") or ()),
                config.get("WTF_CSRF_SECRET_KEY") or app.secret_key)
        if self._signings[0] != keys:
            session = QuickSigning(app.session_interface.get_signing_serializer(app),
                                   dump=COMPACT_JSON)
            csrf = QuickSigning(URLSafeTimedSerializer(keys[2], salt="wtf-csrf-token"),
                                dump=COMPACT_JSON)
            self._signings = (keys, session, csrf)
            self._cookie = self._cookie_template()
        return self._signings[1], self._signings[2]

    def _session_cookie(self, values: dict) -> str:
        """The Set-Cookie value Flask's session interface writes for a new session of
        ``values`` (strings; keys sorted, as Flask's JSON provider writes them)."""
        value = self._signing()[0].dumps(values)
        return self._cookie.replace(COOKIE_PLACEHOLDER, value)

    def _cookie_template(self) -> str:
        """Flask's Set-Cookie of a new (not permanent) session, the value a placeholder: the
        attributes never change, and a signed value (base64url and dots) is never quoted."""
        interface, app = self.app.session_interface, self.app
        session = SecureCookieSession()
        return dump_cookie(
            interface.get_cookie_name(app), COOKIE_PLACEHOLDER,
            expires=interface.get_expiration_time(app, session),
            httponly=interface.get_cookie_httponly(app),
            domain=interface.get_cookie_domain(app), path=interface.get_cookie_path(app),
            secure=interface.get_cookie_secure(app),
            samesite=interface.get_cookie_samesite(app),
            partitioned=interface.get_cookie_partitioned(app))


def init_page_front(app: Flask) -> None:
    """Put the front layer before every other WSGI middleware of the app."""
    app.wsgi_app = PageFront(app, app.wsgi_app)
