"""s24erase: a contribution erased at a person's request is marked (contribution.erased_at)

Before, an erased text was only replaced by a placeholder sentence, which the analyses then
read as something a resident said. The rows erased before this revision are found by that
placeholder (the only trace they left) and marked with the time of the upgrade.

Revision ID: 7d2e9c41b5a3
Revises: a8d3ba3fc6c0
Create Date: 2026-11-30 08:50:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '7d2e9c41b5a3'
down_revision = 'a8d3ba3fc6c0'
branch_labels = None
depends_on = None

# privacy/registrations.py ERASED_TEXT as it was stored before this revision
PLACEHOLDER = "[Texte effacé à la demande d'une personne dont il contenait les coordonnées]"


def upgrade():
    with op.batch_alter_table('contribution', schema=None) as batch_op:
        batch_op.add_column(sa.Column('erased_at', sa.DateTime(), nullable=True))
        batch_op.create_index(batch_op.f('ix_contribution_erased_at'), ['erased_at'],
                              unique=False)
    contribution = sa.table('contribution', sa.column('text', sa.Text),
                            sa.column('erased_at', sa.DateTime))
    op.execute(contribution.update().where(contribution.c.text == PLACEHOLDER)
               .values(erased_at=sa.func.current_timestamp()))


def downgrade():
    with op.batch_alter_table('contribution', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contribution_erased_at'))
        batch_op.drop_column('erased_at')
