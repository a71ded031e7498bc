"""s26tomb: erasure_tombstone, keyed hashes of what an erasure removed

A re-import of the same Kobo/Google Forms/Excel file, or a device's re-sync, used to store an
erased person's response and contact again (tester t26coord). The erasure now leaves keyed
hashes of the submissions' identities and of the contacts it erased; imports skip them.

Revision ID: 5e1c8b3d9a72
Revises: c81f4b2d9e56
Create Date: 2026-11-30 15:10:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '5e1c8b3d9a72'
down_revision = 'c81f4b2d9e56'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "erasure_tombstone",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("territory_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("erased_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["territory_id"], ["territory.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("territory_id", "kind", "key"),
    )
    with op.batch_alter_table("erasure_tombstone") as batch:
        batch.create_index("ix_erasure_tombstone_territory_id", ["territory_id"])


def downgrade():
    op.drop_table("erasure_tombstone")
