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
  ``bump`` itself;
- a resident's answer by the quick path (``surveys.quick_answer``) only inserts rows (the
  response, its answers, contacts, contributions, their tags, the suggestions' queue) and
  bumps nothing: the version is the token *and the territory's number of survey
  responses*, so each new response gives a new version without every answer updating its
  territory's row (on PostgreSQL that row lock, held until each answer's commit, made all
  the answers of a territory wait for one another; measured in bench/README.md).

Why the count is safe: answers are only ever added by that path (a deletion or a change of
a response, an answer or a contribution goes through the ORM or a statement through the
session, which bump the token), so the count never comes back to a former value under the
same token; and the version is read before the data (``core.memo``), so a result kept under
a version was computed from that data or newer, never older.

The token is a random hex string (``territory.data_version``), not a counter: a territory
deleted and created again under the same id (tests) never reuses a token.
"""
from __future__ import annotations

from uuid import uuid4

from sqlalchemy import bindparam, event, func, inspect, select, update
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


_STATEMENTS: dict[str, object] = {}  # built once: building them cost more than running them


def _territory_table():
    from participation.territory.models import Territory

    return Territory.__table__


def _current_statement():
    """``SELECT token, number of survey responses of the territory`` (built once; the
    count reads the indexes of ``survey.territory_id`` and ``survey_response.survey_id``)."""
    if "current" not in _STATEMENTS:
        from participation.surveys.models import Response, Survey

        table, surveys, responses = _territory_table(), Survey.__table__, Response.__table__
        answered = select(func.count(responses.c.id)).select_from(responses.join(
            surveys, surveys.c.id == responses.c.survey_id)).where(
            surveys.c.territory_id == table.c.id).scalar_subquery()
        _STATEMENTS["current"] = select(table.c.data_version, answered).where(
            table.c.id == bindparam("territory_id"))
    return _STATEMENTS["current"]


def current(session: Session, territory_id: int) -> str | None:
    """The territory's data version, ``"<token>:<number of survey responses>"`` (see the
    module docstring), None for an unknown territory. Pending changes are flushed first, so
    they count."""
    row = session.execute(_current_statement(), {"territory_id": territory_id}).first()
    return None if row is None else f"{row[0]}:{row[1]}"


def _bump_statement(some: bool):
    """``UPDATE territory SET data_version = :token`` (``updated_at`` kept), for the
    territories ``:ids`` when ``some``, else for all."""
    key = "some" if some else "all"
    if key not in _STATEMENTS:
        table = _territory_table()
        stmt = update(table).values(data_version=bindparam("token"),
                                    updated_at=table.c.updated_at)
        if some:
            stmt = stmt.where(table.c.id.in_(bindparam("ids", expanding=True)))
        _STATEMENTS[key] = stmt
    return _STATEMENTS[key]


def bump(session: Session, territory_ids: set[int] | None = None) -> None:
    """Give the territories (all of them when ``territory_ids`` is None) a new token, in the
    session's transaction; ``updated_at`` is left as it was (no one edited the territory)."""
    if territory_ids is not None and not territory_ids:
        return
    params = {"token": new_token()}
    if territory_ids is not None:
        params["ids"] = sorted(territory_ids)
    session.connection().execute(_bump_statement(territory_ids is not None), params)


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


class _Shape:
    """How a mapped class reaches its territory, worked out once per mapper: ``ignored``
    (an ``IGNORED_TABLES`` row: no flush of it counts), and ``kind``: "territory" (the row is
    one), "column" (its own ``territory_id``) or "parents" (through ``parents``: per
    many-to-one relation, its key, what names its parent — the parent's mapper and remote
    columns — and the attribute keys of its local foreign-key columns, empty when one is not
    mapped)."""

    __slots__ = ("ignored", "kind", "parents")

    def __init__(self, mapper) -> None:
        table = mapper.local_table.name
        self.ignored = table in IGNORED_TABLES
        self.parents: list[tuple[str, tuple, tuple[str, ...]]] = []
        if table == "territory":
            self.kind = "territory"
        elif "territory_id" in mapper.column_attrs:
            self.kind = "column"
        else:
            self.kind = "parents"
            for relation in mapper.relationships:
                if relation.direction is MANYTOONE:
                    remotes = tuple(remote for _, remote in relation.local_remote_pairs)
                    self.parents.append((relation.key, (relation.mapper, remotes),
                                         _fk_keys(mapper, relation)))


def _fk_keys(mapper, relation) -> tuple[str, ...]:
    """Attribute keys of the relation's local foreign-key columns; () if one is unmapped."""
    keys = []
    for local, _remote in relation.local_remote_pairs:
        prop = mapper._columntoproperty.get(local)
        if prop is None:
            return ()
        keys.append(prop.key)
    return tuple(keys)


_SHAPES: dict = {}


def _shape(mapper) -> _Shape:
    found = _SHAPES.get(mapper)
    if found is None:
        found = _SHAPES[mapper] = _Shape(mapper)
    return found


def territory_of(obj, depth: int = 0, memo: dict | None = None) -> int | None:
    """The territory id of a mapped object, from its own ``territory_id`` or its
    many-to-one parents (an Answer through its Response and Survey); None when it cannot be
    told. ``memo`` (one flush's): parent -> territory, keyed by the parent's mapper and
    foreign-key values, so 20,000 draw entries of one draw resolve their draw once, without
    loading the relation of each."""
    state = inspect(obj)
    shape = _shape(state.mapper)
    if shape.kind == "territory":
        return state.dict.get("id") or state.identity and state.identity[0]
    if shape.kind == "column":
        value = _value(state, "territory_id")
        return value if value is not NO_VALUE else None
    if depth >= MAX_DEPTH:
        return None
    memo = {} if memo is None else memo
    for key, names, fk_keys in shape.parents:
        found = _through_parent(state, key, (names, fk_keys), depth, memo)
        if found is not None:
            return found
    return None


def _through_parent(state, key: str, parent: tuple, depth: int, memo: dict) -> int | None:
    """The territory reached through the many-to-one ``key``: from ``memo`` when a sibling
    with the same foreign-key values was resolved in this flush, else by loading the parent.
    ``parent``: (what names the parent, the local foreign-key attribute keys)."""
    names, fk_keys = parent
    values = tuple(state.dict.get(k) for k in fk_keys)
    memo_key = (names, values) if values and None not in values else None
    if memo_key is not None and memo_key in memo:
        return memo[memo_key]
    value = _value(state, key)
    if value is NO_VALUE or value is None:
        return None
    found = territory_of(value, depth + 1, memo)
    if memo_key is not None and found is not None:
        memo[memo_key] = found
    return found


def _touched(session: Session) -> set[int] | None:
    """Territories whose data the flush wrote; None for "unknown: all of them".

    Linear in the flushed objects: ``session.dirty`` is built once (it is a fresh set on
    each access), each class's shape once, each distinct parent once; an object whose
    territory is already counted needs no ``is_modified`` check."""
    found: set[int] = set()
    dirty = session.dirty
    memo: dict = {}
    for obj in (*session.new, *dirty, *session.deleted):
        if _shape(inspect(obj).mapper).ignored:
            continue
        territory_id = territory_of(obj, memo=memo)
        if territory_id is not None and territory_id in found:
            continue
        if obj in dirty and not session.is_modified(obj, include_collections=False):
            continue
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
