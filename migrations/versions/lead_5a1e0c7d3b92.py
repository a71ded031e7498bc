"""lead: a coordinator's review of a contribution is recorded (also when no challenge fits)

Revision ID: 5a1e0c7d3b92
Revises: 4c81e0d2b7a3
Create Date: 2026-11-29 19:05:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5a1e0c7d3b92'
down_revision = '4c81e0d2b7a3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('contribution', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reviewed_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('reviewed_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_contribution_reviewed_by_id_user_account',
                                    'user_account', ['reviewed_by_id'], ['id'],
                                    ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('contribution', schema=None) as batch_op:
        batch_op.drop_constraint('fk_contribution_reviewed_by_id_user_account',
                                 type_='foreignkey')
        batch_op.drop_column('reviewed_by_id')
        batch_op.drop_column('reviewed_at')
