"""Staff user accounts."""
from __future__ import annotations

from datetime import datetime

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import Boolean, DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from participation.core.models import Base, TerritoryScoped, TimestampMixin
from participation.core.pageversion import quiet_writes
from participation.core.security import check_password_policy, context_words
from participation.territory.models import Territory


def hash_password(password: str) -> str:
    """A salted, memory-hard hash: werkzeug's scrypt with the parameters of
    ``PASSWORD_HASH_METHOD`` (config.py: "scrypt", i.e. N=2**15, r=8, p=1, in production)."""
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


class User(UserMixin, TerritoryScoped, TimestampMixin, Base):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Part of the id kept in the signed session cookie; raised on logout, deactivation and
    # password change, so every session (and copied cookie) opened before is refused.
    session_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    territory: Mapped[Territory] = relationship()

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.active

    def get_id(self) -> str:
        """"<id>:<session_version>", what Flask-Login keeps in the session cookie."""
        return f"{self.id}:{self.session_version or 1}"

    def end_sessions(self) -> None:
        """End every session of this account, on every device (the caller commits)."""
        self.session_version = (self.session_version or 1) + 1

    def password_context(self) -> list[str]:
        """Words a password of this account must not be built on (core/security.py): the
        territory's name and slug, its communes' and quartiers' names, the person's name and
        e-mail."""
        from participation.extensions import db

        territory = self.territory or (db.session.get(Territory, self.territory_id)
                                       if self.territory_id else None)
        places = _place_names(territory) if territory else []
        return context_words(territory.name if territory else None,
                             territory.slug if territory else None, self.name, self.email,
                             *places)

    def set_password(self, password: str) -> None:
        # the one policy, wherever a password is set
        check_password_policy(password, self.password_context())
        if self.password_hash:  # a change, not the first password: sessions end
            self.end_sessions()
        self.password_hash = hash_password(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)


def _place_names(territory: Territory) -> list[str]:
    """The names an attacker reads on the territory's public pages: communes and quartiers."""
    return [c.name for c in territory.communes] + [q.name for q in territory.quartiers]


# No cached public page shows staff accounts (logins write to them):
# writing them keeps the cached pages (core/pagecache.py).
quiet_writes(User)
