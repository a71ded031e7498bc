"""bases: the contract's language (the participation section is written in it)

Revision ID: 4b7a2c91d0e5
Revises: 5e7c1a2b9d40
Create Date: 2026-11-29 12:05:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4b7a2c91d0e5'
down_revision = '5e7c1a2b9d40'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('contract', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=10), server_default='fr',
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('contract', schema=None) as batch_op:
        batch_op.drop_column('language')
