"""national: indexes the national rehearsal found missing (bench/national_explain.py)

On the generated national year (450 territories, 19,800 challenges, 3,953 survey-quartier
links, 6,445 paper batches) these lookups scanned whole tables: a contract's challenges, the
surveys open in a quartier, the batches that verify another.

Revision ID: 342be1cb9a2e
Revises: 7a1f3c5e9b20
Create Date: 2026-11-29 16:10:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '342be1cb9a2e'
down_revision = '7a1f3c5e9b20'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('challenge', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_challenge_contract_id'), ['contract_id'],
                              unique=False)
    with op.batch_alter_table('survey_quartier', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_quartier_quartier_id'), ['quartier_id'],
                              unique=False)
    with op.batch_alter_table('survey_batch', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_batch_verifies_id'), ['verifies_id'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('survey_batch', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_batch_verifies_id'))
    with op.batch_alter_table('survey_quartier', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_quartier_quartier_id'))
    with op.batch_alter_table('challenge', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_challenge_contract_id'))
