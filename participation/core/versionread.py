"""Reading the public data's version token (``core.pageversion``) on every cached page view.

Straight through the driver on a connection of its own (autocommit), from a small free list
of idle DBAPI connections per process, closed at exit or by ``close_idle_connections``.
"""
from __future__ import annotations

import atexit
import os
import threading

from sqlalchemy import create_engine
from sqlalchemy.pool import NullPool

VERSION_SQL = "SELECT token FROM page_version WHERE id = 1"


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
