"""Audit log: who did what that matters for security and personal data.

Logins, failed logins, role changes, account (de)activation, exports that include personal
data, erasures and purges. ``record_audit`` adds the event to the current transaction (the
action and its trace commit together) unless ``commit=True``. Never put a resident's phone
number or e-mail in ``details``: write counts and record ids.

The client's IP address (CNIL, « Recommandation relative aux mesures de journalisation »,
2021: keep what security needs, minimise, limited retention): kept whole for a staff account's
actions and for the staff's own security (``STAFF_SECURITY_ACTIONS``: logins, passwords,
collection devices), truncated for a resident's action (a withdrawal from the public link or
form) to its network, IPv4 /24 and IPv6 /48 (``truncate_ip``). The whole log is kept
``privacy.registre.AUDIT_RETENTION_MONTHS`` (12) months, then purged (``privacy.retention``).
"""
from __future__ import annotations

import ipaddress
import json
from datetime import datetime, timedelta

from flask import has_request_context, request
from flask_login import current_user
from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, func, select
from sqlalchemy.orm import Mapped, mapped_column

from participation.core import clock
from participation.core.models import Base
from participation.core.pageversion import quiet_writes
from participation.extensions import db

# "login_attempt": a login being checked right now, counted as failed until its outcome is
# recorded (core.security.reserve_login_attempt)
ACTIONS = ("login", "login_failed", "login_attempt", "login_locked", "logout", "user_created",
           "role_changed", "user_activated", "user_deactivated", "export_personal",
           "person_access",
           "erasure", "consent_withdrawn", "purge", "retention_changed", "device_issued",
           "device_revoked", "device_refused", "device_sync", "offline_import",
           "password_changed", "password_change_failed", "import_consent",
           "survey_deleted", "contribution_kind", "withdrawal_link_sent",
           "withdrawal_requested", "withdrawal_request_handled")
# Actions whose client address is kept whole even without a logged-in account: the attempts
# on staff accounts and the collection devices' channel (an intrusion is traced by them).
STAFF_SECURITY_ACTIONS = frozenset({
    "login", "login_failed", "login_attempt", "login_locked", "logout", "password_changed",
    "password_change_failed", "device_issued", "device_revoked", "device_refused",
    "device_sync", "offline_import"})
RESIDENT_PREFIX = {4: 24, 6: 48}


def truncate_ip(value: str | None) -> str:
    """A resident's address cut to its network: "203.0.113.42" -> "203.0.113.0/24",
    "2001:db8:abcd:12::1" -> "2001:db8:abcd::/48", an IPv4-mapped IPv6 address as IPv4; a
    value already cut as much or more is returned as it is ("203.0.113.0/24"); "" for an
    empty or unreadable value (nothing kept rather than a guess)."""
    try:
        network = ipaddress.ip_network((value or "").strip(), strict=False)
    except ValueError:
        return ""
    mapped = network.network_address.ipv4_mapped if network.version == 6 else None
    if mapped is not None and network.prefixlen == 128:
        network = ipaddress.ip_network(mapped)
    prefix = min(RESIDENT_PREFIX[network.version], network.prefixlen)
    return str(network.supernet(new_prefix=prefix))


def is_resident_event(action: str, actor_id: int | None) -> bool:
    """True for an event no staff account made and not about the staff's own security:
    its address is a resident's (``truncate_ip``)."""
    return actor_id is None and action not in STAFF_SECURITY_ACTIONS


def _client_ip(action: str, actor) -> str:
    if not has_request_context():
        return ""
    address = request.remote_addr or ""
    if is_resident_event(action, getattr(actor, "id", None)):
        return truncate_ip(address)
    return address[:64]


class AuditEvent(Base):
    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=clock.now, index=True)
    territory_id: Mapped[int | None] = mapped_column(
        ForeignKey("territory.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    actor: Mapped[str] = mapped_column(String(254), default="")
    action: Mapped[str] = mapped_column(String(40), index=True)
    target: Mapped[str] = mapped_column(String(254), default="", index=True)
    ip: Mapped[str] = mapped_column(String(64), default="")
    count: Mapped[int | None] = mapped_column(Integer)
    details: Mapped[str] = mapped_column(Text, default="")

    @property
    def details_dict(self) -> dict:
        return json.loads(self.details) if self.details else {}


def record_audit(action: str, *, target: str = "", territory_id: int | None = None,
                 count: int | None = None, details: dict | None = None, actor=None,
                 commit: bool = False) -> AuditEvent:
    """Add one audit event; actor defaults to the logged-in staff user (none for a system job
    or a resident); the client's address whole or truncated (module docstring)."""
    if actor is None and has_request_context() and current_user.is_authenticated:
        actor = current_user
    event = AuditEvent(
        action=action, target=target[:254], count=count, at=clock.now(),
        territory_id=territory_id if territory_id is not None else getattr(
            actor, "territory_id", None),
        actor_id=getattr(actor, "id", None), actor=getattr(actor, "email", "") or "",
        ip=_client_ip(action, actor),
        details=json.dumps(details, ensure_ascii=False, sort_keys=True) if details else "")
    db.session.add(event)
    if commit:
        db.session.commit()
    return event


def truncate_resident_ips() -> int:
    """Cut the whole addresses left on residents' events (written before this rule, or brought
    back by a restored backup) to their network (``truncate_ip``); returns the rows changed.
    Run by the retention purge (``privacy.retention.purge``), in its transaction."""
    rows = db.session.scalars(select(AuditEvent).where(
        AuditEvent.actor_id.is_(None), AuditEvent.action.not_in(STAFF_SECURITY_ACTIONS),
        AuditEvent.ip != "").order_by(AuditEvent.id))
    changed = 0
    for event in rows:
        cut = truncate_ip(event.ip)
        if cut != event.ip:
            event.ip, changed = cut, changed + 1
    db.session.flush()
    return changed


def recent_failures(target: str, minutes: int) -> int:
    """Failed logins (and logins being checked) for an account since its last successful
    login, within ``minutes``."""
    since = clock.now() - timedelta(minutes=minutes)
    last_ok = db.session.scalar(select(func.max(AuditEvent.at)).where(
        AuditEvent.action == "login", AuditEvent.target == target))
    if last_ok and last_ok > since:
        since = last_ok
    return db.session.scalar(select(func.count(AuditEvent.id)).where(
        AuditEvent.action.in_(("login_failed", "login_attempt")), AuditEvent.target == target,
        AuditEvent.at > since)) or 0


# No cached public page shows the audit log:
# writing them keeps the cached pages (core/pagecache.py).
quiet_writes(AuditEvent)
