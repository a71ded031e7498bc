"""s25section: section_text.generated, the computed text read when a text was saved

A coordinator's text (a section block's wording, a challenge's validated draft) keeps the
computed text it was written over, so the staff pages can say when its figures have changed
since (``exports.services.stale``). Texts saved before keep NULL: nothing to compare.

Revision ID: 7d2a9c4e1b85
Revises: b3f1d7a9c264
Create Date: 2026-11-30 12:45:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '7d2a9c4e1b85'
down_revision = 'b3f1d7a9c264'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("section_text") as batch:
        batch.add_column(sa.Column("generated", sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table("section_text") as batch:
        batch.drop_column("generated")
