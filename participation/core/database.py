"""Database engine settings: SQLite gets WAL, a busy timeout, foreign keys and secure delete
(freed pages are overwritten with zeros, so an erased person's words do not stay in the file)."""
from __future__ import annotations

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
