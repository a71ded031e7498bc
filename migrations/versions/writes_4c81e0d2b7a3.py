"""writes: free texts waiting for their suggested challenge (analysis/pending.py)

Revision ID: 4c81e0d2b7a3
Revises: 7d3f0c2a91b4
Create Date: 2026-11-29 19:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '4c81e0d2b7a3'
down_revision = '7d3f0c2a91b4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'pending_suggestion',
        sa.Column('contribution_id', sa.Integer(), nullable=False),
        sa.Column('territory_id', sa.Integer(), nullable=False),
        sa.Column('queued_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['contribution_id'], ['contribution.id'],
                                name=op.f('fk_pending_suggestion_contribution_id_contribution'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['territory_id'], ['territory.id'],
                                name=op.f('fk_pending_suggestion_territory_id_territory'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('contribution_id', name=op.f('pk_pending_suggestion')))
    with op.batch_alter_table('pending_suggestion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pending_suggestion_territory_id'),
                              ['territory_id'], unique=False)


def downgrade():
    with op.batch_alter_table('pending_suggestion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pending_suggestion_territory_id'))
    op.drop_table('pending_suggestion')
