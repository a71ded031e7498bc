"""s28privacy: residents' IP addresses in the audit log cut to their network (IPv4 /24, IPv6 /48)

The audit log kept the whole address of a resident's action (a withdrawal from the public
link or form). From now on ``core.audit`` keeps it whole only for a staff account's actions and
the staff's own security (CNIL, recommandation « journalisation », 2021); this revision cuts the
rows already written. Data only, no schema change; the downgrade cannot restore the addresses.

Revision ID: b3e71f0c5a94
Revises: 9d4a7c2e1b58
Create Date: 2026-11-30 21:10:00

"""
import ipaddress

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'b3e71f0c5a94'
down_revision = '9d4a7c2e1b58'
branch_labels = None
depends_on = None

# The rule as it stands in this revision (core/audit.py: STAFF_SECURITY_ACTIONS, truncate_ip),
# copied so that a later change of the code does not change what this revision did.
STAFF_SECURITY_ACTIONS = (
    "login", "login_failed", "login_attempt", "login_locked", "logout", "password_changed",
    "password_change_failed", "device_issued", "device_revoked", "device_refused",
    "device_sync", "offline_import")
PREFIX = {4: 24, 6: 48}


def _truncate(value):
    try:
        network = ipaddress.ip_network((value or "").strip(), strict=False)
    except ValueError:
        return ""
    mapped = network.network_address.ipv4_mapped if network.version == 6 else None
    if mapped is not None and network.prefixlen == 128:
        network = ipaddress.ip_network(mapped)
    return str(network.supernet(new_prefix=min(PREFIX[network.version], network.prefixlen)))


def upgrade():
    audit = sa.table('audit_event', sa.column('id', sa.Integer), sa.column('ip', sa.String),
                     sa.column('action', sa.String), sa.column('actor_id', sa.Integer))
    bind = op.get_bind()
    rows = bind.execute(sa.select(audit.c.id, audit.c.ip).where(
        audit.c.actor_id.is_(None), audit.c.action.not_in(STAFF_SECURITY_ACTIONS),
        audit.c.ip != '').order_by(audit.c.id)).all()
    for row_id, ip in rows:
        cut = _truncate(ip)
        if cut != ip:
            bind.execute(audit.update().where(audit.c.id == row_id).values(ip=cut))


def downgrade():
    pass  # the whole addresses are gone: nothing to restore
