"""The version of the public data the residents' cached pages show (``core.pagecache``).

The one ``page_version`` row (``PageVersion``) holds a random token replaced, in the same
transaction, by every flush that changes data the public pages show, so a page is never read
under a version older than its data. Only new or changed rows of models declared with
``quiet_writes`` (a resident's answer, a used token...) leave it alone: they are the writes
residents make all day and no cached page shows them. A bulk ``update()``/``delete()``
through the session bumps it too. Rows written by raw SQL outside the ORM are not seen: call
``bump()`` after them. Read fast by ``core.versionread.current_version``.
"""
from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import DateTime, Integer, String, event, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from participation.core import clock
from participation.core.models import Base

QUIET_WRITES: dict[type, Callable | None] = {}


class PageVersion(Base):
    """The one row whose ``token`` names the current version of the public data."""

    __tablename__ = "page_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token: Mapped[str] = mapped_column(String(32))
    changed_at: Mapped[datetime] = mapped_column(DateTime)


def quiet_writes(model: type, unless: Callable | None = None) -> None:
    """New or changed rows of ``model`` never show on a cached page, unless ``unless(row)``
    is true (it may look at the row's attribute history). Deleted rows always count."""
    QUIET_WRITES[model] = unless
    _QUIET_RULES.clear()


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
