"""display conditions as XLSForm expressions: relevant text + JSON AST on the question

Each question's single condition (condition_question_id / condition_op / condition_value) is
rewritten in the condition language of surveys/conditions.py: equals -> ${q} = 'x' (a number
on a numeric question), includes -> selected(${q}, 'x'), at_least -> ${q} >= n; its AST is
stored beside it. The three old columns are emptied but kept: dropping a foreign-key column
on SQLite means rebuilding survey_question, and dropping the old table with foreign keys on
would cascade-delete every option and answer.

Revision ID: 7c3d1e9a4b20
Revises: a12c4e7f9b31
Create Date: 2026-11-29 15:30:00
"""
import json

import sqlalchemy as sa
from alembic import op

revision = '7c3d1e9a4b20'
down_revision = 'a12c4e7f9b31'
branch_labels = None
depends_on = None

NUMERIC = ("scale", "number")


def _number(value: str) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _number_text(number: float) -> str:
    return str(int(number)) if number == int(number) else repr(number)


def _rewrite(name: str, source_type: str, condition_op: str, value: str) -> tuple[str, dict]:
    """(expression, AST) of one old condition (same shapes as surveys.conditions)."""
    ref = {"ref": name}
    number = _number(value)
    if condition_op == "includes":
        return f"selected(${{{name}}}, '{value}')", {"op": "selected",
                                                    "args": [ref, {"lit": value}]}
    if condition_op == "at_least" and number is not None:
        return f"${{{name}}} >= {_number_text(number)}", {"op": ">=",
                                                         "args": [ref, {"lit": number}]}
    if source_type in NUMERIC and number is not None:
        return f"${{{name}}} = {_number_text(number)}", {"op": "=",
                                                        "args": [ref, {"lit": number}]}
    return f"${{{name}}} = '{value}'", {"op": "=", "args": [ref, {"lit": value}]}


def upgrade():
    # Plain ADD COLUMN: never a batch rebuild of survey_question, which on SQLite (foreign keys
    # on) would cascade-delete its options and answers when the old table is dropped.
    op.add_column('survey_question', sa.Column('relevant', sa.Text(), nullable=False,
                                               server_default=''))
    op.add_column('survey_question', sa.Column('relevant_ast', sa.Text(), nullable=False,
                                               server_default=''))
    conn = op.get_bind()
    rows = conn.execute(sa.text(
        "SELECT q.id, s.name, s.type, q.condition_op, q.condition_value "
        "FROM survey_question q JOIN survey_question s ON s.id = q.condition_question_id "
        "WHERE q.condition_op IS NOT NULL")).all()
    for qid, name, source_type, condition_op, value in rows:
        text, ast = _rewrite(name, source_type, condition_op, value or "")
        conn.execute(sa.text("UPDATE survey_question SET relevant = :t, relevant_ast = :a "
                             "WHERE id = :id"),
                     {"t": text, "a": json.dumps(ast, ensure_ascii=False,
                                                 separators=(",", ":")), "id": qid})
    # The old columns stay (unused, emptied): dropping a foreign-key column needs that rebuild
    conn.execute(sa.text("UPDATE survey_question SET condition_question_id = NULL, "
                         "condition_op = NULL, condition_value = NULL"))


def downgrade():
    op.drop_column('survey_question', 'relevant_ast')
    op.drop_column('survey_question', 'relevant')
