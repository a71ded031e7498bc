"""Creating staff accounts and checking logins."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select

from participation.accounts.models import User
from participation.core.auth import ROLE_RANK
from participation.core.errors import DomainError
from participation.core.models import utcnow
from participation.extensions import db

MIN_PASSWORD = 10


def check_password_policy(password: str) -> None:
    """At least 10 characters mixing letters and digits (ANSSI-style minimum)."""
    if len(password) < MIN_PASSWORD:
        raise DomainError(_("Le mot de passe doit faire au moins %(n)s caractères.",
                            n=MIN_PASSWORD), field="password")
    if not (any(c.isalpha() for c in password) and any(c.isdigit() for c in password)):
        raise DomainError(_("Le mot de passe doit mêler lettres et chiffres."), field="password")


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
    db.session.commit()
    return user


def authenticate(email: str, password: str) -> User | None:
    user = db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))
    if user is None or not user.active or not user.check_password(password):
        return None
    user.last_login_at = utcnow()
    db.session.commit()
    return user


def set_active(user: User, active: bool) -> None:
    user.active = active
    db.session.commit()
