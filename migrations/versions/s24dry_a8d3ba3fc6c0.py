"""s24dry: an uploaded import kept between its preview and its confirmation (pending_import)

Revision ID: a8d3ba3fc6c0
Revises: e41c7b9a2d06
Create Date: 2026-11-30 08:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a8d3ba3fc6c0'
down_revision = 'e41c7b9a2d06'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'pending_import',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token', sa.String(length=64), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('form_name', sa.String(length=255), nullable=False),
        sa.Column('form_content', sa.LargeBinary(), nullable=False),
        sa.Column('answers_name', sa.String(length=255), nullable=False),
        sa.Column('answers_content', sa.LargeBinary(), nullable=True),
        sa.Column('preview', sa.JSON(), nullable=False),
        sa.Column('territory_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['territory_id'], ['territory.id'],
                                name=op.f('fk_pending_import_territory_id_territory'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'],
                                name=op.f('fk_pending_import_user_id_user_account'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_pending_import')),
        sa.UniqueConstraint('token', name=op.f('uq_pending_import_token')),
    )
    with op.batch_alter_table('pending_import', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pending_import_created_at'), ['created_at'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_pending_import_territory_id'), ['territory_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_pending_import_user_id'), ['user_id'],
                              unique=False)


def downgrade():
    op.drop_table('pending_import')
