"""pages: the public data's version (page cache of residents' pages)

Revision ID: 7d3f0c2a91b4
Revises: 342be1cb9a2e
Create Date: 2026-11-29 15:30:00

"""
import secrets
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '7d3f0c2a91b4'
down_revision = '342be1cb9a2e'
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table(
        'page_version',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token', sa.String(length=32), nullable=False),
        sa.Column('changed_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_page_version')))
    op.bulk_insert(table, [{'id': 1, 'token': secrets.token_hex(16),
                            'changed_at': datetime.now(UTC).replace(tzinfo=None)}])


def downgrade():
    op.drop_table('page_version')
