"""Residents' public pages kept rendered, shared by every worker and app server.

A page is stored whole (after French typography) under the key
``(path with query, language, variant, data version, time slot, code version)`` (the code
version: ``core.codeversion``, so a new release never serves an older one's pages) in
Flask-Caching: Redis
when ``CACHE_REDIS_URL`` or ``REDIS_URL`` is set (every gunicorn worker and app server shares
it), else an in-process ``SimpleCache``.

- **Data version** (``PageVersion``, one row): a random token replaced, in the same
  transaction, by every flush that changes data the public pages show, so a page is never
  read under a version older than its data (the version is read before the page is rendered).
  Only new or changed rows of models declared with ``quiet_writes`` (a resident's answer,
  a used token...) leave it alone: they are the writes residents make all day and no cached page
  shows them. A bulk ``update()``/``delete()`` through the session bumps it too.
  Rows written by raw SQL outside the ORM are not seen: call ``bump()`` after them.
- **Time slot**: pages change without any write when a survey opens or closes, an event
  starts or ends... Features register ``time_boundaries`` (naive Europe/Paris instants, like
  ``clock.local_now()``); the key holds where ``local_now()`` falls among them, so a page
  rendered before a survey's ``closes_at`` is never served after it.
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

import atexit
import hashlib
import os
import secrets
import threading
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from functools import wraps

from flask import Response, current_app, g, request, session
from flask_caching import Cache
from sqlalchemy import DateTime, Integer, String, create_engine, event, update
from sqlalchemy.orm import Mapped, Session, mapped_column
from sqlalchemy.pool import NullPool

from participation.core import clock
from participation.core.codeversion import app_code_version
from participation.core.i18n import current_language
from participation.core.models import Base
from participation.core.pagebytes import ENTRY_FORMAT, page_body, page_entry
from participation.core.security import signed_in

cache = Cache()

PAGE_PREFIX = "page:"
CODE_VERSION = ""  # core.codeversion.app_code_version, set by init_page_cache
VERSION_SQL = "SELECT token FROM page_version WHERE id = 1"
QUIET_WRITES: dict[type, Callable | None] = {}
TIME_BOUNDARIES: list[Callable[[], Iterable[datetime]]] = []
VOLATILE: dict[str, Callable[[], str]] = {}
SLOTS: dict[str, list[datetime]] = {}  # per process: version token -> sorted boundaries


class PageVersion(Base):
    """The one row whose ``token`` names the current version of the public data."""

    __tablename__ = "page_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token: Mapped[str] = mapped_column(String(32))
    changed_at: Mapped[datetime] = mapped_column(DateTime)


# --- what features declare ---------------------------------------------------------------

def quiet_writes(model: type, unless: Callable | None = None) -> None:
    """New or changed rows of ``model`` never show on a cached page, unless ``unless(row)``
    is true (it may look at the row's attribute history). Deleted rows always count."""
    QUIET_WRITES[model] = unless
    _QUIET_RULES.clear()


def time_boundaries(func: Callable[[], Iterable[datetime]]) -> Callable:
    """Register ``func() -> naive Paris datetimes`` at which public pages change by
    themselves (a survey's ``opens_at``/``closes_at``...). ``None`` items are ignored."""
    if func not in TIME_BOUNDARIES:
        TIME_BOUNDARIES.append(func)
    return func


def volatile_kind(kind: str, generate: Callable[[], str]) -> None:
    """A per-request value of kind ``kind`` that ``generate()`` makes afresh on each hit."""
    VOLATILE[kind] = generate


def volatile(kind: str, value: str) -> str:
    """Mark ``value`` (just made by ``VOLATILE[kind]``) as per-request in this page."""
    g.setdefault("page_volatile", []).append((kind, value))
    return value


# --- the data version ---------------------------------------------------------------------

_LOUD = ("loud",)
_QUIET_RULES: dict[type, tuple] = {}  # class -> _LOUD, or (None | its ``unless``,)


def _quiet_rule(cls: type) -> tuple:
    """The ``quiet_writes`` rule of a class (the first declared model it is a subclass of),
    worked out once per class: a flush of 20,000 rows does not look it up 20,000 times."""
    found = _QUIET_RULES.get(cls)
    if found is None:
        found = next(((unless,) for model, unless in QUIET_WRITES.items()
                      if issubclass(cls, model)), _LOUD)
        _QUIET_RULES[cls] = found
    return found


def _loud(obj) -> bool:
    """Does this new or changed object show on public pages?"""
    rule = _quiet_rule(type(obj))
    if rule is _LOUD:
        return True
    unless = rule[0]
    return bool(unless and unless(obj))


def _changes_public_data(session: Session) -> bool:
    """Any deleted object, or any loud new or changed one (stops at the first)."""
    return bool(session.deleted) or any(_loud(o) for o in (*session.new, *session.dirty))


def bump(connection=None) -> None:
    """Give the public data a new version (in the caller's transaction when ``connection``
    is given, else in the session's)."""
    from participation.extensions import db

    conn = connection if connection is not None else db.session.connection()
    values = {"token": secrets.token_hex(16), "changed_at": clock.now()}
    if conn.execute(update(PageVersion).where(PageVersion.id == 1).values(**values)).rowcount:
        return
    conn.execute(PageVersion.__table__.insert().values(id=1, **values))


def _after_flush(session: Session, _context) -> None:
    if session.info.get("page_version_bumped") or not _changes_public_data(session):
        return
    bump(session.connection())
    session.info["page_version_bumped"] = True


def _on_orm_execute(state) -> None:
    """Bulk ``update()``/``delete()`` through the session bump the version, and ORM
    ``insert()`` of a model not declared quiet. A Core ``table.insert()`` does not: only the
    survey imports use one, into answers' tables (and the tests' restore of the demo rows,
    page_version's row included)."""
    if not (state.is_update or state.is_delete or state.is_insert):
        return
    mapper = state.bind_mapper
    model = mapper.class_ if mapper is not None else None
    if state.is_insert and (model is None or model in QUIET_WRITES):
        return
    if model is PageVersion or state.session.info.get("page_version_bumped"):
        return
    state.session.info["page_version_bumped"] = True
    bump(state.session.connection())


def _end_of_transaction(session: Session, *_args) -> None:
    session.info.pop("page_version_bumped", None)


def listen_for_changes() -> None:
    for name, func in (("after_flush", _after_flush), ("do_orm_execute", _on_orm_execute),
                       ("after_commit", _end_of_transaction),
                       ("after_soft_rollback", _end_of_transaction)):
        if not event.contains(Session, name, func):
            event.listen(Session, name, func)


def current_version(url=None) -> str | None:
    """The data version's token, or None before any data was written.

    Read on every cached page view, so straight through the driver on a connection of its
    own (autocommit: each read sees the last commit), taken from a small free list: about
    ten times cheaper than a select through the session or SQLAlchemy's pool."""
    for attempt in (1, 2):
        connection = _take_connection(url)
        try:
            cursor = connection.cursor()
            cursor.execute(VERSION_SQL)
            row = cursor.fetchone()
            cursor.close()
        except Exception:
            connection.close()  # a dropped connection (server restart): try a new one
            if attempt == 2:
                raise
            continue
        _give_back(connection, url)
        return row[0] if row else None
    return None


_free: list = []  # idle DBAPI connections of the version read, for (url, connection)
_process = [os.getpid()]  # the process whose connections _free holds (moved by a fork)
_free_lock = threading.Lock()
FREE_MAX = 16
_engines: dict = {}


def _take_connection(url=None):
    from participation.extensions import db

    url = url or db.engine.url
    with _free_lock:
        while _free:
            owner, connection = _free.pop()
            if owner == url:
                return connection
            connection.close()
    sqlite = url.get_backend_name() == "sqlite"
    engine = _engines.get(url)
    if engine is None:  # same driver and settings as the app (SQLite pragmas on connect)
        engine = _engines[url] = create_engine(url, poolclass=NullPool, connect_args={
            "check_same_thread": False} if sqlite else {})
    fairy = engine.raw_connection()
    fairy.detach()
    _process[0] = os.getpid()
    connection = fairy.dbapi_connection
    if sqlite:
        connection.isolation_level = None  # autocommit
    else:
        connection.autocommit = True
    return connection


def close_idle_connections() -> int:
    """Close every idle connection of the version read and the engines that opened them;
    returns how many connections were closed.

    They live as long as the process (a free list of up to ``FREE_MAX``); closed at its exit
    (``atexit``) and by whoever drops the database first (the test suite's ``app`` fixture):
    a psycopg connection left to the garbage collector warns ``ResourceWarning: ... was
    deleted while still open`` and the server keeps the session until the socket drops."""
    if os.getpid() != _process[0]:  # a forked child: the connections are its parent's
        return 0
    with _free_lock:
        idle = [connection for _url, connection in _free]
        _free.clear()
        engines = list(_engines.values())
        _engines.clear()
    for connection in idle:
        connection.close()
    for engine in engines:
        engine.dispose()
    return len(idle)


atexit.register(close_idle_connections)


def _give_back(connection, url=None) -> None:
    from participation.extensions import db

    with _free_lock:
        if len(_free) < FREE_MAX:
            _free.append((url or db.engine.url, connection))
            return
    connection.close()


def _boundaries(token: str) -> list[datetime]:
    """Sorted instants (naive UTC) at which pages change by themselves; computed once per
    version from the registered naive Paris times."""
    found = SLOTS.get(token)
    if found is None:
        found = sorted({b.replace(tzinfo=clock.PARIS).astimezone(UTC).replace(tzinfo=None)
                        for func in TIME_BOUNDARIES for b in func() if b is not None})
        if len(SLOTS) > 64:
            SLOTS.clear()
        SLOTS[token] = found
    return found


def time_slot(token: str) -> str:
    """Where ``clock.now()`` falls among the boundaries: ``"before.upto"`` (compared in UTC:
    no time zone conversion per request, and no ambiguity in the autumn's repeated hour)."""
    boundaries = _boundaries(token)
    now = clock.now()
    return f"{bisect_left(boundaries, now)}.{bisect_right(boundaries, now)}"


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
