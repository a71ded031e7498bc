"""Audit role changes and account (de)activation wherever they happen (view, CLI, script)."""
from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.orm.attributes import NO_VALUE

from participation.accounts.models import User
from participation.core.audit import record_audit


@event.listens_for(User.role, "set")
def _role_set(user: User, value, oldvalue, _initiator):
    if user.id is not None and oldvalue not in (NO_VALUE, None) and value != oldvalue:
        record_audit("role_changed", target=f"user:{user.id}", territory_id=user.territory_id,
                     details={"from": oldvalue, "to": value, "email": user.email})


@event.listens_for(User.active, "set")
def _active_set(user: User, value, oldvalue, _initiator):
    if user.id is not None and oldvalue not in (NO_VALUE, None) and value != oldvalue:
        record_audit("user_activated" if value else "user_deactivated",
                     target=f"user:{user.id}", territory_id=user.territory_id,
                     details={"email": user.email})
