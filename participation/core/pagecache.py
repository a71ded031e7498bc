"""Residents' public pages kept rendered, shared by every worker and app server.

A page is stored whole (after French typography) under the key
``(path with query, language, variant, data version, time slot, code version)`` (the code
version: ``core.codeversion``, so a new release never serves an older one's pages) in
Flask-Caching: Redis
when ``CACHE_REDIS_URL`` or ``REDIS_URL`` is set (every gunicorn worker and app server shares
it), else an in-process ``SimpleCache``.

- **Data version**: ``core.pageversion`` (which writes change it, ``bump()`` after raw SQL),
  read on each view by ``core.versionread.current_version`` before the page is rendered, so
  a page is never read under a version older than its data.
- **Time slot**: ``core.timeslots`` (``time_boundaries`` registered by features: a page
  rendered before a survey's ``closes_at`` is never served after it).
- **Volatile values**: a page holding a per-request value (CSRF token, one-time form token)
  is stored with a marker in its place, and every hit gets a fresh value (``volatile``).
  The stored entry's byte layout (the body as UTF-8 bytes split at its markers) is
  ``core.pagebytes``.

Bypassed (rendered as before, never stored): other methods than GET/HEAD, signed-in staff,
a session holding flash messages, query arguments the page does not declare, responses other
than a 200 HTML page, and ``PAGE_CACHE = False`` in the config.

Headers: ``Cache-Control: private, no-cache`` (the language may come from the session: no
shared proxy keeps the page, the browser revalidates each time) with a strong ``ETag`` of the
body, answered ``304`` on ``If-None-Match``; ``private, no-store`` and no ``ETag`` for pages
holding volatile values (a form's tokens must not be replayed from a cache).
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps

from flask import Response, current_app, g, request, session
from flask_caching import Cache

from participation.core.codeversion import app_code_version
from participation.core.i18n import current_language
from participation.core.pagebytes import ENTRY_FORMAT, page_body, page_entry
from participation.core.pageversion import listen_for_changes
from participation.core.security import signed_in
from participation.core.timeslots import time_slot
from participation.core.versionread import current_version

cache = Cache()

PAGE_PREFIX = "page:"
CODE_VERSION = ""  # core.codeversion.app_code_version, set by init_page_cache
VOLATILE: dict[str, Callable[[], str]] = {}


# --- volatile values ----------------------------------------------------------------------

def volatile_kind(kind: str, generate: Callable[[], str]) -> None:
    """A per-request value of kind ``kind`` that ``generate()`` makes afresh on each hit."""
    VOLATILE[kind] = generate


def volatile(kind: str, value: str) -> str:
    """Mark ``value`` (just made by ``VOLATILE[kind]``) as per-request in this page."""
    g.setdefault("page_volatile", []).append((kind, value))
    return value


# --- the view decorator -------------------------------------------------------------------

def _bypassed(args: tuple[str, ...]) -> bool:
    if request.method not in ("GET", "HEAD") or not current_app.config.get("PAGE_CACHE"):
        return True
    if "_flashes" in session or signed_in():
        return True
    return bool(request.query_string) and any(
        name not in args and name != "lang" for name in request.args)  # ?lang= always


def _key(variant: str) -> str | None:
    token = current_version()
    if token is None:
        return None
    return page_key(request.full_path, current_language(), variant, token)


def page_key(full_path: str, language: str, variant: str, token: str) -> str:
    """The cache key of a page: ``full_path`` is the path, "?" and the query string; the
    running code's version (``CODE_VERSION``) in it, so a new release never serves a page
    an older one rendered."""
    parts = (full_path, language, variant, token, time_slot(token), ENTRY_FORMAT, CODE_VERSION)
    return PAGE_PREFIX + hashlib.blake2b("\x1f".join(parts).encode(),
                                         digest_size=16).hexdigest()


def _store(key: str, response: Response) -> None:
    from participation.core.templating import french_typography

    french_typography(response)
    response.typeset = True
    volatiles = list(g.get("page_volatile", []))
    if g.get("csrf_token"):
        volatiles.append(("csrf", g.csrf_token))
    entry = page_entry(response.get_data(as_text=True), volatiles)
    cache.set(key, entry)
    _headers(response, entry[1])


def _replay(entry: tuple) -> Response:
    parts, etag, kinds = entry
    values = {kind: VOLATILE[kind]().encode() for kind in kinds}
    response = Response(page_body(parts, values), mimetype="text/html")
    response.typeset = True
    _headers(response, etag)
    return response


def _headers(response: Response, etag: str | None) -> Response:
    """Cache-Control, Vary and ETag (set directly: werkzeug's helpers parse and rebuild
    every header); a 304 when ``If-None-Match`` names the page's ETag."""
    headers = response.headers
    headers["Vary"] = "Accept-Language, Cookie"
    if etag is None:
        headers["Cache-Control"] = "private, no-store"
        return response
    headers["Cache-Control"] = "private, no-cache"
    headers["ETag"] = f'"{etag}"'
    if "If-None-Match" in request.headers and request.if_none_match.contains(etag):
        response.status_code = 304
        response.set_data(b"")
        headers.remove("Content-Length")
    return response


def cached_page(args: tuple[str, ...] = (), vary: Callable[..., str] | None = None):
    """Serve the view's page from the cache (see the module's docstring).

    ``args``: query arguments the page depends on (any other one bypasses the cache);
    ``vary(**view_kwargs) -> str``: anything else the page depends on (a cookie...)."""
    def decorator(view):
        @wraps(view)
        def wrapped(*args_, **kwargs):
            g.page_volatile = []
            if _bypassed(args):
                return view(*args_, **kwargs)
            key = _key(vary(*args_, **kwargs) if vary else "")
            entry = cache.get(key) if key else None
            if entry is not None:
                return _replay(entry)
            response = current_app.make_response(view(*args_, **kwargs))
            if key and response.status_code == 200 and response.mimetype == "text/html":
                _store(key, response)
            return response

        return wrapped

    return decorator


def init_page_cache(app) -> None:
    """Flask-Caching on Redis when configured, in process otherwise; listeners; the CSRF
    token as a volatile value."""
    from flask_wtf.csrf import generate_csrf

    url = app.config.get("CACHE_REDIS_URL")
    redis_type = "participation.core.tolerantcache.TolerantRedisCache"  # never a 500
    config = {"CACHE_TYPE": redis_type if url else "SimpleCache", "CACHE_REDIS_URL": url,
              "CACHE_DEFAULT_TIMEOUT": app.config["PAGE_CACHE_SECONDS"],
              "CACHE_KEY_PREFIX": app.config["PAGE_CACHE_PREFIX"], "CACHE_THRESHOLD": 2000}
    cache.init_app(app, config=config)
    global CODE_VERSION  # the same for every app of a process: the same files
    CODE_VERSION = app_code_version(app)
    listen_for_changes()
    volatile_kind("csrf", generate_csrf)
