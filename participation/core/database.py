"""Database engine settings: SQLite gets WAL, a busy timeout, foreign keys and secure delete
(freed pages are overwritten with zeros, so an erased person's words do not stay in the file)."""
from __future__ import annotations

import contextlib
import fcntl
import os
import threading

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine


def _on_connect(dbapi_connection, _record) -> None:
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        from participation.core.textsearch import fold

        # the accent- and case-insensitive search (core.textsearch.folded)
        dbapi_connection.create_function("pdq_fold", 1, fold, deterministic=True)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()


def register_sqlite_pragmas(app: Flask) -> None:
    if not event.contains(Engine, "connect", _on_connect):
        event.listen(Engine, "connect", _on_connect)


def flush_erased_pages() -> None:
    """After an erasure on SQLite: write the WAL back into the database file and truncate it,
    so the erased values survive neither in ``*.sqlite-wal`` nor (secure_delete) in freed
    pages. Nothing to do on PostgreSQL (VACUUM reclaims dead rows; see docs/privacy.md)."""
    from participation.extensions import db

    if db.engine.dialect.name != "sqlite":
        return
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


class SQLiteWriters:
    """``with SQLiteWriters.of(engine):`` one writer at a time on a SQLite file, across the
    threads and processes (gunicorn workers) of a server, queued by the kernel (an exclusive
    ``flock`` on ``<database>-writers.lock``, behind a lock of the process for its threads);
    a no-op on another database or an in-memory one. Used around the residents' quick
    answer transaction (``surveys.quick_answer.store``, first INSERT to COMMIT).

    Why: SQLite's own lock, when busy, makes a writer sleep and retry (its busy handler:
    1, 2, 5, 10, 15, 20, 25… up to 100 ms between tries), so under a burst of 50 answers a
    writer often slept long after the lock was free: the transaction's CPU was 0.5 ms but
    its p95 wall time 62 ms (measured 2026-11-30 with gunicorn 2 workers x 4 threads). A
    waiter here is woken as soon as the lock is released. Writers that do not take it (the
    full path, staff, imports, the suggestions) still meet SQLite's lock and busy timeout as
    before: this only orders the quick answers among themselves."""

    # one per (process, file): a forked worker opens its own descriptor (one inherited
    # from the parent would share the parent's lock) and has its own thread lock
    _kept: dict[tuple[int, str], SQLiteWriters] = {}
    _guard = threading.Lock()

    def __init__(self, path: str) -> None:
        self.fd = os.open(path + "-writers.lock", os.O_RDWR | os.O_CREAT, 0o600)
        self.threads = threading.Lock()

    @classmethod
    def of(cls, engine: Engine):
        """The lock of ``engine``'s SQLite file, or a ``nullcontext`` for any other."""
        database = engine.url.database if engine.dialect.name == "sqlite" else None
        if not database or database == ":memory:" or database.startswith("file:"):
            return contextlib.nullcontext()
        key = (os.getpid(), database)
        with cls._guard:
            found = cls._kept.get(key)
            if found is None:
                found = cls._kept[key] = cls(database)
            return found

    def __enter__(self) -> SQLiteWriters:
        self.threads.acquire()
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX)
        except BaseException:
            self.threads.release()
            raise
        return self

    def __exit__(self, *_exc) -> None:
        try:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
        finally:
            self.threads.release()
