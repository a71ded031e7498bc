"""display conditions as XLSForm expressions: relevant text + JSON AST on the question

Each question's single condition (condition_question_id / condition_op / condition_value) is
rewritten in the condition language of surveys/conditions.py: equals -> ${q} = 'x' (a number
on a numeric question), includes -> selected(${q}, 'x'), at_least -> ${q} >= n; its AST is
stored beside it. The three old columns are dropped.

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
    with op.batch_alter_table('survey_question', schema=None) as batch_op:
        batch_op.add_column(sa.Column('relevant', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('relevant_ast', sa.Text(), nullable=False,
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
    with op.batch_alter_table('survey_question', schema=None) as batch_op:
        batch_op.drop_constraint('fk_survey_question_condition_question_id_survey_question',
                                 type_='foreignkey')
        batch_op.drop_column('condition_question_id')
        batch_op.drop_column('condition_op')
        batch_op.drop_column('condition_value')


def downgrade():
    with op.batch_alter_table('survey_question', schema=None) as batch_op:
        batch_op.add_column(sa.Column('condition_question_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('condition_op', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('condition_value', sa.String(length=100), nullable=True))
        batch_op.create_foreign_key(
            'fk_survey_question_condition_question_id_survey_question', 'survey_question',
            ['condition_question_id'], ['id'], ondelete='SET NULL')
        batch_op.drop_column('relevant_ast')
        batch_op.drop_column('relevant')
