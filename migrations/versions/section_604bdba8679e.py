"""section: the territory's data version (cached analyses are keyed by it)

Revision ID: 604bdba8679e
Revises: b7e2d41c9a05
Create Date: 2026-11-29 15:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '604bdba8679e'
down_revision = 'b7e2d41c9a05'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('territory', schema=None) as batch_op:
        batch_op.add_column(sa.Column('data_version', sa.String(length=32), server_default='',
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('territory', schema=None) as batch_op:
        batch_op.drop_column('data_version')
