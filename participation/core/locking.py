"""Write locks for everything that must happen once, on SQLite and PostgreSQL alike.

A read-then-write ("take the next number", "is this draw done?", "how many failed
logins?") is only safe when no other transaction can read the same value in between.
``SELECT ... FOR UPDATE`` does that on PostgreSQL but is ignored by SQLite, which has no row
locks: there ``BEGIN IMMEDIATE`` takes the database's write lock at once (other writers wait,
up to the busy timeout of ``core.database``), the way the events sign-up already did.

- ``lock_row(model, ident)``: the row, re-read under a write lock held until commit/rollback
  (``None`` when it does not exist);
- ``lock_name(name)``: a lock on a name with no row behind it (e.g. a login address):
  PostgreSQL ``pg_advisory_xact_lock`` on a 63-bit hash of the name, SQLite ``BEGIN
  IMMEDIATE``. Held until the end of the transaction.
Call them before reading what the decision depends on.
"""
from __future__ import annotations

import hashlib

from sqlalchemy import select, text

from participation.extensions import db


def _dialect() -> str:
    return db.session.get_bind().dialect.name


def begin_write() -> None:
    """SQLite: open the transaction with its write lock (no-op when one is already open,
    which then already holds it, or on another database)."""
    if _dialect() != "sqlite":
        return
    connection = db.session.connection()
    if not connection.connection.dbapi_connection.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def lock_row(model, ident: int):
    """``model`` row ``ident`` re-read under a write lock, or None."""
    stmt = select(model).where(model.id == ident)
    if _dialect() == "sqlite":
        begin_write()
    else:
        stmt = stmt.with_for_update()
    return db.session.scalars(stmt.execution_options(populate_existing=True)).one_or_none()


def lock_name(name: str) -> None:
    """Serialise the transactions that lock the same ``name`` until they end."""
    if _dialect() == "sqlite":
        begin_write()
        return
    key = int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big") >> 1
    db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
