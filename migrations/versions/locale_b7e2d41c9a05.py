"""locale: consents keep the language their wording was shown in

Revision ID: b7e2d41c9a05
Revises: 7c3d1e9a4b20
Create Date: 2026-11-29 15:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7e2d41c9a05'
down_revision = '7c3d1e9a4b20'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('consent_record', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=20), server_default='fr',
                                      nullable=False))
    with op.batch_alter_table('survey_contact', schema=None) as batch_op:
        batch_op.add_column(sa.Column('consent_language', sa.String(length=20),
                                      server_default='fr', nullable=False))
    with op.batch_alter_table('event_registration_contact', schema=None) as batch_op:
        batch_op.add_column(sa.Column('consent_text', sa.Text(), server_default='',
                                      nullable=False))
        batch_op.add_column(sa.Column('consent_language', sa.String(length=20),
                                      server_default='fr', nullable=False))


def downgrade():
    with op.batch_alter_table('event_registration_contact', schema=None) as batch_op:
        batch_op.drop_column('consent_language')
        batch_op.drop_column('consent_text')
    with op.batch_alter_table('survey_contact', schema=None) as batch_op:
        batch_op.drop_column('consent_language')
    with op.batch_alter_table('consent_record', schema=None) as batch_op:
        batch_op.drop_column('language')
