"""A Johari exercise, its groups (each with its own four prompts) and their post-its.

The text of a post-it lives in its Contribution (kind "perception"); the PostIt row keeps
what only the Johari window knows: the group and the quadrant.
"""
from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.contributions.models import Contribution
from participation.core.models import Base, TerritoryScoped, TimestampMixin, utcnow
from participation.core.pageversion import quiet_writes
from participation.territory.models import Quartier

# Window order: top row known to others, left column known to me.
QUADRANTS = ("publique", "aveugle", "cachee", "inconnue")
QUADRANT_LABELS = {
    "publique": _l("Zone publique"),
    "aveugle": _l("Zone aveugle"),
    "cachee": _l("Zone cachée"),
    "inconnue": _l("Zone inconnue"),
}
QUADRANT_HINTS = {
    "publique": _l("connu de moi et des autres"),
    "aveugle": _l("connu seulement des autres"),
    "cachee": _l("connu seulement de moi"),
    "inconnue": _l("inconnu de moi et des autres"),
}
CONCLUSION_HEADINGS = {
    "discordance": _l("Discordance de point de vue entre partenaires et habitants"),
    "partage": _l("Partage de point de vue entre habitants et partenaires"),
    "constats_habitants": _l("Constats des habitants"),
    "constats_partenaires": _l("Constats des partenaires"),
}
POSTIT_MAX = 500


class JohariExercise(TerritoryScoped, TimestampMixin, Base):
    __tablename__ = "johari_exercise"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    quartier_id: Mapped[int] = mapped_column(ForeignKey("quartier.id", ondelete="CASCADE"),
                                             index=True)
    held_on: Mapped[date] = mapped_column(Date)
    # The event it took place at, if any (events are another feature: a plain id, no FK)
    event_id: Mapped[int | None] = mapped_column(Integer)
    is_open: Mapped[bool] = mapped_column(Boolean, default=True)
    discordance: Mapped[str] = mapped_column(Text, default="")
    partage: Mapped[str] = mapped_column(Text, default="")
    constats_habitants: Mapped[str] = mapped_column(Text, default="")
    constats_partenaires: Mapped[str] = mapped_column(Text, default="")

    quartier: Mapped[Quartier] = relationship()
    groups: Mapped[list[JohariGroup]] = relationship(
        back_populates="exercise", cascade="all, delete-orphan", order_by="JohariGroup.position"
    )

    def group(self, slug: str) -> JohariGroup | None:
        return next((g for g in self.groups if g.slug == slug), None)

    @property
    def conclusions(self) -> dict[str, str]:
        return {key: getattr(self, key) or "" for key in CONCLUSION_HEADINGS}


class JohariGroup(Base):
    """Who answers (habitants, partenaires, élus, jeunes) and the four prompts they read."""

    __tablename__ = "johari_group"
    __table_args__ = (UniqueConstraint("exercise_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    exercise_id: Mapped[int] = mapped_column(
        ForeignKey("johari_exercise.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(100))
    author_role: Mapped[str] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(Integer, default=0)
    prompt_publique: Mapped[str] = mapped_column(String(300))
    prompt_aveugle: Mapped[str] = mapped_column(String(300))
    prompt_cachee: Mapped[str] = mapped_column(String(300))
    prompt_inconnue: Mapped[str] = mapped_column(String(300))

    exercise: Mapped[JohariExercise] = relationship(back_populates="groups")
    postits: Mapped[list[PostIt]] = relationship(
        back_populates="group", cascade="all, delete-orphan", order_by="PostIt.id")

    @property
    def territory_id(self) -> int:
        return self.exercise.territory_id

    def prompt(self, quadrant: str) -> str:
        return getattr(self, f"prompt_{quadrant}")


class PostIt(Base):
    __tablename__ = "johari_postit"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("johari_group.id", ondelete="CASCADE"),
                                          index=True)
    quadrant: Mapped[str] = mapped_column(String(10), index=True)
    contribution_id: Mapped[int] = mapped_column(
        ForeignKey("contribution.id", ondelete="CASCADE"), unique=True)
    # Who typed it in (a facilitator), or None when a resident posted it from the QR code
    entered_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    group: Mapped[JohariGroup] = relationship(back_populates="postits")
    contribution: Mapped[Contribution] = relationship()

    @property
    def territory_id(self) -> int:
        return self.group.exercise.territory_id

    @property
    def text(self) -> str:
        return self.contribution.text


class JohariTranslation(Base):
    """One text of an exercise in another language than French (``johari/translations.py``):
    ``target`` "exercise" (field ``title``) or "g<group id>" (``name``, ``prompt_<quadrant>``).
    """

    __tablename__ = "johari_translation"
    __table_args__ = (UniqueConstraint("exercise_id", "target", "field", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    exercise_id: Mapped[int] = mapped_column(
        ForeignKey("johari_exercise.id", ondelete="CASCADE"), index=True)
    # Only so that deleting a group deletes its texts (the target names it already)
    group_id: Mapped[int | None] = mapped_column(
        ForeignKey("johari_group.id", ondelete="CASCADE"), index=True)
    target: Mapped[str] = mapped_column(String(20))
    field: Mapped[str] = mapped_column(String(30))
    language: Mapped[str] = mapped_column(String(35))
    text: Mapped[str] = mapped_column(String(300))


class JohariSubmission(Base):
    """A one-time form token: a second POST with the same token stores nothing more."""

    __tablename__ = "johari_submission"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("johari_group.id", ondelete="CASCADE"),
                                          index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


# No cached public page shows residents' post-its:
# writing them keeps the cached pages (core/pagecache.py).
for _model in (PostIt, JohariSubmission):
    quiet_writes(_model)
