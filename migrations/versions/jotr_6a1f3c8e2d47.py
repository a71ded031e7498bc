"""johari_translation: an exercise's title, group names and prompts in other languages

Revision ID: 6a1f3c8e2d47
Revises: 7d2a9c4e1b85
Create Date: 2026-11-30 15:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = '6a1f3c8e2d47'
down_revision = '7d2a9c4e1b85'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'johari_translation',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('exercise_id', sa.Integer(), nullable=False),
        sa.Column('group_id', sa.Integer(), nullable=True),
        sa.Column('target', sa.String(length=20), nullable=False),
        sa.Column('field', sa.String(length=30), nullable=False),
        sa.Column('language', sa.String(length=35), nullable=False),
        sa.Column('text', sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(['exercise_id'], ['johari_exercise.id'],
                                name=op.f('fk_johari_translation_exercise_id_johari_exercise'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['group_id'], ['johari_group.id'],
                                name=op.f('fk_johari_translation_group_id_johari_group'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_johari_translation')),
        sa.UniqueConstraint('exercise_id', 'target', 'field', 'language',
                            name=op.f('uq_johari_translation_exercise_id_target_field_language')),
    )
    with op.batch_alter_table('johari_translation') as batch_op:
        batch_op.create_index(batch_op.f('ix_johari_translation_exercise_id'), ['exercise_id'],
                                 unique=False)
        batch_op.create_index(batch_op.f('ix_johari_translation_group_id'), ['group_id'],
                                 unique=False)


def downgrade():
    op.drop_table('johari_translation')
