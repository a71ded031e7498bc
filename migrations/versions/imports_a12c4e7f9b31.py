"""imports: labels of a question and of a choice in the other languages of an XLSForm

Revision ID: a12c4e7f9b31
Revises: 4b7a2c91d0e5
Create Date: 2026-11-29 12:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a12c4e7f9b31'
down_revision = '4b7a2c91d0e5'
branch_labels = None
depends_on = None


def upgrade():
    for table in ('survey_question', 'survey_option'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('translations', sa.Text(), nullable=False,
                                          server_default=''))


def downgrade():
    for table in ('survey_option', 'survey_question'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('translations')
