"""A test reads "the" row of a query only when the query can give one answer: a pytest plugin
of tests/conftest.py (``pytest_plugins``).

Found on 2026-11-30: a test read "the" ``offline_import`` audit event with
``db.session.scalar(select(AuditEvent).where(AuditEvent.action == ...))`` while two rows
matched and the query had no ORDER BY; SQLite gave the first inserted, PostgreSQL gave the
row it had last updated (an UPDATE writes a new row version at the end of the table), and the
CI run on PostgreSQL failed. ``Session.scalar`` keeps the first row of whatever order the
database chose, so such a read passes or fails with the engine and the table's history.

While the suite runs, every ``Session.scalar(select(...))`` called from a file under tests/
(not from the application) whose statement has neither ORDER BY nor LIMIT is probed first: if
its first column takes two different values over the matching rows, the test fails, naming
its line. Order the query, narrow it to one row, or read every row (a set, a sorted list).
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
from sqlalchemy.exc import InvalidRequestError
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

TESTS = str(Path(__file__).resolve().parent)
LIBRARIES = tuple(str(Path(module.__file__).resolve().parent)
                  for module in (__import__("sqlalchemy"), __import__("flask_sqlalchemy")))
PROBE = 100  # rows looked at: enough to see two different answers, cheap on the demo


class AmbiguousRead(AssertionError):
    """``Session.scalar`` on an unordered query whose matching rows give different answers."""


def _test_caller() -> str | None:
    """``"path:line"`` of the first caller outside SQLAlchemy when it is a file under tests/
    (this module excepted), else None: the application's own reads are not probed."""
    frame = sys._getframe(2)
    while frame is not None and frame.f_code.co_filename.startswith(LIBRARIES):
        frame = frame.f_back
    name = frame.f_code.co_filename if frame is not None else ""
    if not name.startswith(TESTS) or name == __file__:
        return None
    return f"{Path(name).relative_to(Path(TESTS).parent)}:{frame.f_lineno}"


def _unordered(statement) -> bool:
    """A SELECT whose row order is the database's choice (no ORDER BY, LIMIT or FETCH)."""
    return (isinstance(statement, Select) and not statement._order_by_clauses
            and statement._limit_clause is None and statement._fetch_clause is None)


def _answers(session: Session, statement, params, options: dict) -> set:
    """The distinct first-column values of up to ``PROBE`` matching rows; ORM objects are
    told apart by identity (one object per row in the session's identity map)."""
    result = session.execute(statement.limit(PROBE), params, **options)
    try:
        values = result.scalars().all()
    except InvalidRequestError:  # joined eager loads of collections: rows repeat the object
        values = session.execute(statement.limit(PROBE), params, **options).unique() \
            .scalars().all()
    return {("object", id(v)) if hasattr(v, "_sa_instance_state") else ("value", repr(v))
            for v in values}


def guarded_scalar(original):
    """``Session.scalar`` that first refuses an ambiguous read from a test (see the module)."""

    def scalar(self, statement, params=None, **options):
        where = _test_caller() if _unordered(statement) else None
        if where is not None and len(_answers(self, statement, params, options)) > 1:
            raise AmbiguousRead(
                f"{where}: scalar() of a query without ORDER BY whose rows give different "
                "answers; the database chooses which one (order it, narrow it to one row, "
                "or compare every row)")
        return original(self, statement, params, **options)

    scalar.__wrapped__ = original
    return scalar


@pytest.fixture(scope="session", autouse=True)
def _ordered_reads():
    """Install the guard for the whole session (class attribute: every session, every
    thread), and take it away at the end."""
    original = Session.scalar
    Session.scalar = guarded_scalar(original)
    yield
    Session.scalar = original
