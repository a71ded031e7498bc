"""s26kind: contribution.kind_set_at, when a coordinator set this contribution's kind by hand

A contribution's kind (atout, constat / manquement, proposition…) comes from the question or
table it answers; the coordinator can change it one by one in the review queue. Such a kind
is kept when its question's kind changes later (``contributions.services.follow_question``).
Contributions stored before keep NULL: their kind follows their question.

Revision ID: a4c2e8f61d37
Revises: 6a1f3c8e2d47
Create Date: 2026-11-30 15:20:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a4c2e8f61d37'
down_revision = '6a1f3c8e2d47'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("contribution") as batch:
        batch.add_column(sa.Column("kind_set_at", sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("contribution") as batch:
        batch.drop_column("kind_set_at")
