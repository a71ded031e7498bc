"""Creating staff accounts and checking logins."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select

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
    check_password_policy(password)
    user = User(territory_id=territory_id, email=email, name=name.strip(), role=role)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    record_audit("user_created", target=f"user:{user.id}", territory_id=territory_id,
                 details={"role": role}, actor=created_by)
    db.session.commit()
    return user


def authenticate(email: str, password: str) -> User | None:
    """The account if the password is right and the account active; every try is audited."""
    email = email.strip().lower()
    user = db.session.scalar(select(User).where(func.lower(User.email) == email))
    ok = user is not None and user.active and user.check_password(password)
    record_audit("login" if ok else "login_failed", target=email, actor=user if ok else None,
                 territory_id=user.territory_id if user else None)
    if ok:
        user.last_login_at = utcnow()
    db.session.commit()
    return user if ok else None


def set_active(user: User, active: bool) -> None:
    user.active = active
    db.session.commit()
