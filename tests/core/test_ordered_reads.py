"""A test reads "the" row of a query only when the database has one answer to give
(tests/ordered_reads.py). Found on 2026-11-30: ``scalar(select(AuditEvent).where(action ==
"offline_import"))`` matched two events; PostgreSQL returned the one it had updated last and
the CI run failed while SQLite passed."""
from __future__ import annotations

import ast

import pytest
from sqlalchemy import select

from participation.config import ROOT
from participation.core.audit import AuditEvent, record_audit
from participation.extensions import db
from tests.ordered_reads import AmbiguousRead


def _two_events(first: int, second: int) -> None:
    """Two ``offline_import`` events counting ``first`` then ``second``, as the test of
    2026-11-30 had."""
    for count in (first, second):
        record_audit("offline_import", target="survey:1", count=count)
    db.session.commit()


def test_an_unordered_read_of_two_different_rows_fails_naming_its_line():
    _two_events(1, 0)
    query = select(AuditEvent).where(AuditEvent.action == "offline_import")
    with pytest.raises(AmbiguousRead, match=r"tests/core/test_ordered_reads.py:\d+: scalar\(\)"):
        db.session.scalar(query)
    with pytest.raises(AmbiguousRead):
        db.session.scalar(select(AuditEvent.count).where(AuditEvent.action == "offline_import"))


def test_an_ordered_a_narrowed_or_a_single_answer_read_passes():
    _two_events(1, 0)
    query = select(AuditEvent).where(AuditEvent.action == "offline_import")
    assert db.session.scalar(query.order_by(AuditEvent.id)).count == 1
    assert db.session.scalar(query.order_by(AuditEvent.id.desc())).count == 0
    assert db.session.scalar(query.where(AuditEvent.count == 0)).count == 0
    assert db.session.scalar(select(AuditEvent.action).where(
        AuditEvent.action == "offline_import")) == "offline_import"  # both rows say the same


def test_the_application_reads_are_not_probed():
    """Only reads written in tests/ are probed: a read whose code lies in participation/
    (compiled here under such a file name) runs as it is and gets a row."""
    namespace = {"db": db}
    code = "def read(query):\n    return db.session.scalar(query)\n"
    exec(compile(code, str(ROOT / "participation" / "reader.py"), "exec"), namespace)  # noqa: S102
    _two_events(1, 0)
    event = namespace["read"](select(AuditEvent).where(AuditEvent.action == "offline_import"))
    assert event.count in {0, 1}


def _unordered_first_calls(path) -> list[int]:
    """Lines of ``….first()`` on a query result whose statement has no ``order_by``
    (``scalars(select(X)).first()``: the database picks the row, as with ``scalar``)."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr == "first" and not node.args):
            names = {n.attr for n in ast.walk(node.func.value) if isinstance(n, ast.Attribute)}
            if names & {"scalars", "execute"} and "order_by" not in names:
                lines.append(node.lineno)
    return lines


def test_no_test_takes_the_first_row_of_an_unordered_query():
    found = {str(path.relative_to(ROOT)): lines
             for path in sorted((ROOT / "tests").rglob("*.py"))
             if (lines := _unordered_first_calls(path))}
    assert found == {}, "order the query (order_by) before .first()"
