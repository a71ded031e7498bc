"""tfix: a number question keeps whether it takes whole numbers only (XLSForm integer)

Revision ID: 9b2e4d1c7a63
Revises: 5a1e0c7d3b92
Create Date: 2026-11-29 23:45:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '9b2e4d1c7a63'
down_revision = '5a1e0c7d3b92'
branch_labels = None
depends_on = None


def upgrade():
    # a plain ADD COLUMN (SQLite accepts NOT NULL with a default): batch mode rebuilt the
    # table on SQLite, and with foreign keys on the rebuild deleted every option and answer
    # of the questions (tests/surveys/test_condition_migration.py)
    op.add_column('survey_question', sa.Column('whole_number', sa.Boolean(), nullable=False,
                                               server_default=sa.false()))


def downgrade():
    op.drop_column('survey_question', 'whole_number')
