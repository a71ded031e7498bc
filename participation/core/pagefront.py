"""Cached residents' pages served in front of Flask to visitors who send no cookie.

A first visit (a QR code scanned, a link shared in a group chat) carries no cookie: no
session, no language chosen, no staff login, no "already answered" mark. For such a GET
without query string, the page's cache key (``core.pagecache``: path, language from
``Accept-Language``, data version, time slot) is computed here from the WSGI environ and a
stored page is answered at once, with the very headers the Flask path sends (security
headers, ``Cache-Control``, ``Vary``, ``ETag``/304). Everything else, and any miss, goes on
to Flask: the first visitor of a page renders and stores it there.

A stored survey form gets its per-visitor values here as in Flask: a new CSRF token, kept
in a new signed session cookie exactly as Flask-WTF and Flask would set them, and a new
one-time form token.
"""
from __future__ import annotations

import hashlib
import os

from flask import Flask
from flask.sessions import SecureCookieSession
from itsdangerous import URLSafeTimedSerializer
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import dump_cookie, parse_accept_header, parse_etags

from participation.core import pagecache
from participation.core.i18n import DEFAULT_LANGUAGE, best_language
from participation.core.security import SECURITY_HEADERS

FRONT_KINDS = {"csrf", "survey_token"}  # the volatile values this layer can make itself


class PageFront:
    """WSGI middleware answering cookie-less GETs of stored pages (see the module)."""

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

    def __call__(self, environ, start_response):
        found = self._stored(environ) if self._eligible(environ) else None
        if found is None:
            return self.wsgi_app(environ, start_response)
        status, headers, body = self._answer(environ, *found)
        start_response(status, headers)
        return [] if environ["REQUEST_METHOD"] == "HEAD" else [body]

    def _eligible(self, environ) -> bool:
        return (environ["REQUEST_METHOD"] in ("GET", "HEAD") and not environ.get("HTTP_COOKIE")
                and not environ.get("QUERY_STRING") and self.app.config.get("PAGE_CACHE")
                and environ.get("PATH_INFO", "").isascii())

    def _stored(self, environ) -> tuple | None:
        """The stored entry ``(body, etag, kinds)`` of this request's key, or None."""
        token = pagecache.current_version(self.url)
        if token is None or token not in pagecache.SLOTS:
            return None  # never seen by this process: Flask computes the time boundaries
        accept = parse_accept_header(environ.get("HTTP_ACCEPT_LANGUAGE"), LanguageAccept)
        language = best_language(accept, self.languages) or DEFAULT_LANGUAGE
        key = pagecache.page_key(f"{environ.get('PATH_INFO') or '/'}?", language, "", token)
        entry = self.backend.get(key)
        if entry is None or not set(entry[2]) <= FRONT_KINDS:
            return None
        return entry

    def _answer(self, environ, body: str, etag: str | None, kinds) -> tuple:
        headers = [("Vary", "Accept-Language, Cookie"), *self.headers]
        if etag is None:
            headers.append(("Cache-Control", "private, no-store"))
        else:
            headers += [("Cache-Control", "private, no-cache"), ("ETag", f'"{etag}"')]
            if parse_etags(environ.get("HTTP_IF_NONE_MATCH")).contains(etag):
                return "304 NOT MODIFIED", headers, b""
        for kind in kinds:
            body = body.replace(pagecache.MARKER.format(kind), self._value(kind, headers))
        data = body.encode()
        headers += [("Content-Type", "text/html; charset=utf-8"),
                    ("Content-Length", str(len(data)))]
        return "200 OK", headers, data

    def _value(self, kind: str, headers: list) -> str:
        """A fresh value of ``kind``; a CSRF token also sets the session cookie holding it."""
        if kind == "survey_token":
            return pagecache.VOLATILE[kind]()
        raw = hashlib.sha1(os.urandom(64)).hexdigest()  # as flask_wtf.csrf.generate_csrf
        config = self.app.config
        field = config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
        secret = config.get("WTF_CSRF_SECRET_KEY") or self.app.secret_key
        headers.append(("Set-Cookie", self._session_cookie({field: raw})))
        return URLSafeTimedSerializer(secret, salt="wtf-csrf-token").dumps(raw)

    def _session_cookie(self, values: dict) -> str:
        """The Set-Cookie value Flask's session interface writes for a new session."""
        interface, app = self.app.session_interface, self.app
        session = SecureCookieSession(values)
        value = interface.get_signing_serializer(app).dumps(dict(session))
        return dump_cookie(
            interface.get_cookie_name(app), value,
            expires=interface.get_expiration_time(app, session),
            httponly=interface.get_cookie_httponly(app),
            domain=interface.get_cookie_domain(app), path=interface.get_cookie_path(app),
            secure=interface.get_cookie_secure(app),
            samesite=interface.get_cookie_samesite(app),
            partitioned=interface.get_cookie_partitioned(app))


def init_page_front(app: Flask) -> None:
    """Put the front layer before every other WSGI middleware of the app."""
    app.wsgi_app = PageFront(app, app.wsgi_app)
