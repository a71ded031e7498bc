"""s23drain: a queued text's claim (who scores it, since when), so each is scored once

Revision ID: e41c7b9a2d06
Revises: 3c5f8a1d6e27
Create Date: 2026-11-30 05:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'e41c7b9a2d06'
down_revision = '3c5f8a1d6e27'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('pending_suggestion', schema=None) as batch_op:
        batch_op.add_column(sa.Column('claimed_by', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('claimed_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('pending_suggestion', schema=None) as batch_op:
        batch_op.drop_column('claimed_at')
        batch_op.drop_column('claimed_by')
