"""Creating staff accounts and checking logins."""
from __future__ import annotations

import secrets
from functools import cache

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from participation.accounts.models import User
from participation.core.audit import record_audit
from participation.core.auth import ROLE_RANK
from participation.core.errors import DomainError
from participation.core.models import utcnow
from participation.core.security import check_password_policy  # noqa: F401 (re-export)
from participation.extensions import db


def create_user(territory_id: int, email: str, name: str, role: str, password: str,
                created_by: User | None = None) -> User:
    """Create a staff account; nobody can create an account above their own role."""
    email = email.strip().lower()
    if role not in ROLE_RANK:
        raise DomainError(_("Rôle inconnu."), field="role")
    if created_by is not None and ROLE_RANK[role] > ROLE_RANK[created_by.role]:
        raise DomainError(_("Vous ne pouvez pas créer un compte d'un rôle supérieur au vôtre."),
                          field="role")
    if db.session.scalar(select(User.id).where(func.lower(User.email) == email)):
        raise DomainError(_("Un compte existe déjà avec cette adresse."), field="email")
    user = User(territory_id=territory_id, email=email, name=name.strip(), role=role)
    user.set_password(password)  # the policy, with the territory's and the person's words
    db.session.add(user)
    db.session.flush()
    record_audit("user_created", target=f"user:{user.id}", territory_id=territory_id,
                 details={"role": role}, actor=created_by)
    db.session.commit()
    return user


@cache
def _dummy_hash(method: str) -> str:
    """A hash of a random secret, with the same method and parameters as real ones."""
    return generate_password_hash(secrets.token_hex(16), method=method)


def verify_password(user: User | None, password: str) -> bool:
    """Check the password against the account's scrypt hash, or against a dummy hash when
    there is no such account: both paths cost one scrypt (~100 ms), so the answer time does
    not tell which addresses have an account (security finding 8)."""
    stored = user.password_hash if user is not None else _dummy_hash(
        current_app.config["PASSWORD_HASH_METHOD"])
    return check_password_hash(stored, password) and user is not None


def authenticate(email: str, password: str) -> User | None:
    """The account if the password is right and the account active; every try is audited.
    Unknown and deactivated accounts cost the same scrypt check as the others."""
    email = email.strip().lower()
    user = db.session.scalar(select(User).where(func.lower(User.email) == email))
    ok = verify_password(user, password) and user.active
    record_audit("login" if ok else "login_failed", target=email, actor=user if ok else None,
                 territory_id=user.territory_id if user else None)
    if ok:
        user.last_login_at = utcnow()
    db.session.commit()
    return user if ok else None


def set_active(user: User, active: bool) -> None:
    """(De)activate an account; deactivation ends its open sessions at once."""
    user.active = active
    if not active:
        user.end_sessions()
    db.session.commit()


def change_password(user: User, current: str, new: str) -> None:
    """Change one's own password: the current one is checked, the new one follows the
    policy; every other session of the account ends (the caller logs this one in again).
    Raises DomainError (French) on a wrong current password or a weak new one."""
    if not verify_password(user, current):
        record_audit("password_change_failed", target=f"user:{user.id}", actor=user,
                     territory_id=user.territory_id, commit=True)
        raise DomainError(_("Le mot de passe actuel est incorrect."), field="current")
    user.set_password(new)
    record_audit("password_changed", target=f"user:{user.id}", actor=user,
                 territory_id=user.territory_id)
    db.session.commit()
