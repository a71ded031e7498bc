"""security: session version on staff accounts (logout ends every session)

Revision ID: 5e7c1a2b9d40
Revises: 22b23828bd1b
Create Date: 2026-11-29 12:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5e7c1a2b9d40'
down_revision = '22b23828bd1b'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='1',
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('session_version')
