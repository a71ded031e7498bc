"""Staff roles and the permission checks every staff view goes through.

Roles are ranked: an admin can do what a coordinator can, a coordinator what a facilitator
can, a facilitator what a partner can. Every staff user belongs to one territory and only
ever sees that territory's records.
"""
from __future__ import annotations

from functools import wraps

from flask import abort
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from participation.extensions import db, login

PARTNER, FACILITATOR, COORDINATOR, ADMIN = "partner", "facilitator", "coordinator", "admin"
ROLE_RANK = {PARTNER: 1, FACILITATOR: 2, COORDINATOR: 3, ADMIN: 4}
ROLE_LABELS = {
    ADMIN: _l("Administrateur"),
    COORDINATOR: _l("Coordinateur"),
    FACILITATOR: _l("Animateur"),
    PARTNER: _l("Partenaire"),
}


def has_role(user, role: str) -> bool:
    return bool(
        user and user.is_authenticated and ROLE_RANK.get(user.role, 0) >= ROLE_RANK[role]
    )


def role_required(role: str):
    """Let through a logged-in staff user of at least ``role``; anonymous go to login."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login.unauthorized()
            if not has_role(current_user, role):
                abort(403)
            return view(*args, **kwargs)

        wrapped.required_role = role
        return wrapped

    return decorator


def public(view):
    """Mark a view open to anyone (residents, visitors). Every other view must carry
    ``role_required``: tests/privacy/test_routes_roles.py fails on a view with neither."""
    view.is_public = True
    return view


def current_territory_id() -> int:
    return current_user.territory_id


def get_scoped_or_404(model, ident):
    """Load a record of the current user's territory, or 404 (never reveal other territories).

    The model either has ``territory_id`` or a ``territory_id`` property through its parent.
    """
    obj = db.session.get(model, ident)
    if obj is None or obj.territory_id != current_user.territory_id:
        abort(404)
    return obj
