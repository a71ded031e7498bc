"""s25reimport: the XLSForm's version kept with an imported survey

``settings.version`` of the XLSForm (KoboToolbox writes e.g. ``2026100101``): a questionnaire
imported again is compared with the surveys of the same form (``surveys/reimport.same_form``)
and the warning says whether it is the same version. Surveys imported before have none.

Revision ID: b3f1d7a9c264
Revises: 7d2e9c41b5a3
Create Date: 2026-11-30 12:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b3f1d7a9c264'
down_revision = '7d2e9c41b5a3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('survey', schema=None) as batch_op:
        batch_op.add_column(sa.Column('form_version', sa.String(length=100), nullable=True))


def downgrade():
    with op.batch_alter_table('survey', schema=None) as batch_op:
        batch_op.drop_column('form_version')
