"""s26channel: survey_response.collected_with, the collection tool of an imported response

"Canaux de recueil : Import" said nothing of the KoboCollect tablets the answers were typed
on. An import now keeps its tool (``surveys.collection_tools.TOOLS``), detected from the
file's shape or chosen by the coordinator in the import form. Responses imported before keep
NULL ("Import": the file is no longer there to tell).

Revision ID: c81f4b2d9e56
Revises: a4c2e8f61d37
Create Date: 2026-11-30 15:30:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'c81f4b2d9e56'
down_revision = 'a4c2e8f61d37'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("survey_response") as batch:
        batch.add_column(sa.Column("collected_with", sa.String(length=30), nullable=True))


def downgrade():
    with op.batch_alter_table("survey_response") as batch:
        batch.drop_column("collected_with")
