"""A data version per territory: a token that changes with every write to its data.

Computed analyses (the per-challenge pages, the participation section, its documents) are
cached under this token (``core.memo``): whatever they read — contributions, tags, answers,
challenges, quartiers, events, Johari post-its, the council — goes through one of the writes
below, which sets a new token, so a cached result is never served once its data changed.

- every ORM flush that adds, changes or deletes an object (except the tables in
  ``IGNORED_TABLES``, which no analysis reads) gives the object's territory a new token; an
  object without ``territory_id`` is traced through its loaded many-to-one relations
  (an Answer through its Response and Survey); when that fails, every territory gets one
  (conservative: a cache miss, never a stale page);
- an INSERT/UPDATE/DELETE statement run through the session gives every territory a new token;
- code that writes beside the session (the PostgreSQL ``COPY`` of survey imports) calls
  ``bump`` itself.

The token is a random hex string (``territory.data_version``), not a counter: a territory
deleted and created again under the same id (tests) never reuses a token.
"""
from __future__ import annotations

from uuid import uuid4

from sqlalchemy import event, inspect, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from sqlalchemy.orm.base import NO_VALUE
from sqlalchemy.orm.interfaces import MANYTOONE

# Written on every login, download or form post; read by no analysis.
IGNORED_TABLES = frozenset({"user_account", "export_log", "audit_event", "used_form_token",
                            "survey_device", "offline_receipt"})
MAX_DEPTH = 4


def new_token() -> str:
    """A fresh version token (32 hex characters)."""
    return uuid4().hex


def _territory_table():
    from participation.territory.models import Territory

    return Territory.__table__


def current(session: Session, territory_id: int) -> str | None:
    """The territory's data version (pending changes are flushed first, so they count)."""
    table = _territory_table()
    return session.scalar(select(table.c.data_version).where(table.c.id == territory_id))


def bump(session: Session, territory_ids: set[int] | None = None) -> None:
    """Give the territories (all of them when ``territory_ids`` is None) a new token, in the
    session's transaction; ``updated_at`` is left as it was (no one edited the territory)."""
    table = _territory_table()
    stmt = update(table).values(data_version=new_token(), updated_at=table.c.updated_at)
    if territory_ids is not None:
        if not territory_ids:
            return
        stmt = stmt.where(table.c.id.in_(sorted(territory_ids)))
    session.connection().execute(stmt)


def _value(state, key: str):
    """An attribute's value; an expired one is loaded (one SELECT) unless the object was
    deleted or is detached, then NO_VALUE."""
    value = state.attrs[key].loaded_value
    if value is not NO_VALUE or state.deleted or state.was_deleted or state.session is None:
        return value
    try:
        with state.session.no_autoflush:
            return getattr(state.obj(), key)
    except SQLAlchemyError:
        return NO_VALUE


def territory_of(obj, depth: int = 0) -> int | None:
    """The territory id of a mapped object, from its own ``territory_id`` or its
    many-to-one parents (an Answer through its Response and Survey); None when it cannot be
    told."""
    state = inspect(obj)
    mapper = state.mapper
    if mapper.local_table.name == "territory":
        return state.dict.get("id") or state.identity and state.identity[0]
    if "territory_id" in mapper.column_attrs:
        value = _value(state, "territory_id")
        return value if value is not NO_VALUE else None
    if depth >= MAX_DEPTH:
        return None
    for relation in mapper.relationships:
        if relation.direction is not MANYTOONE:
            continue
        parent = _value(state, relation.key)
        if parent is not NO_VALUE and parent is not None:
            found = territory_of(parent, depth + 1)
            if found is not None:
                return found
    return None


def _touched(session: Session) -> set[int] | None:
    """Territories whose data the flush wrote; None for "unknown: all of them"."""
    found: set[int] = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if inspect(obj).mapper.local_table.name in IGNORED_TABLES:
            continue
        if obj in session.dirty and not session.is_modified(obj, include_collections=False):
            continue
        territory_id = territory_of(obj)
        if territory_id is None:
            return None
        found.add(territory_id)
    return found


def _after_flush(session: Session, _context) -> None:
    touched = _touched(session)
    if touched is None or touched:
        bump(session, touched)


def _on_execute(state) -> None:
    """A DML statement through the session: every territory gets a new token."""
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    name = getattr(table, "name", None)
    if name in IGNORED_TABLES or name == "territory":
        return
    bump(state.session)


def install() -> None:
    """Listen to every session's flushes and statements (once per process)."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
        event.listen(Session, "do_orm_execute", _on_execute)
