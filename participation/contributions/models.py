"""Contribution, its challenge tags and the links between contributions."""
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
    inspect,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.core import clock
from participation.core.models import Base, TerritoryScoped, TimestampMixin, utcnow
from participation.core.pageversion import quiet_writes
from participation.territory.models import Challenge, Quartier

KINDS = {
    "constat": _l("Constat / manquement"),
    "proposition": _l("Proposition"),
    "atout": _l("Atout"),
    "defi": _l("Défi"),
    "perception": _l("Perception"),
    "mobilisation": _l("Mobilisation partenaire"),
    "question": _l("Question"),
    "autre": _l("Autre"),
}
AUTHOR_ROLES = {
    "habitant": _l("Habitant"),
    "partenaire": _l("Partenaire"),
    "elu": _l("Élu"),
    "technicien": _l("Technicien"),
    "conseil_citoyen": _l("Conseil citoyen"),
}
SOURCE_FORMATS = {
    "saisie": _l("Saisie directe"),
    "enquete": _l("Enquête / questionnaire"),
    "micro_trottoir": _l("Micro-trottoir / porteurs de parole"),
    "evenement": _l("Événement"),
    "table_citoyenne": _l("Table citoyenne / table ronde"),
    "johari": _l("Fenêtre de Johari"),
    "focus_group": _l("Focus group partenaires"),
    "reunion_publique": _l("Réunion publique"),
    "conseil_citoyen": _l("Conseil citoyen"),
}
STATUSES = {
    "recue": _l("Reçue"),
    "etude": _l("À l'étude"),
    "retenue": _l("Retenue"),
    "en_cours": _l("En cours"),
    "realisee": _l("Réalisée"),
    "non_retenue": _l("Non retenue"),
}
LINK_KINDS = {
    "repond": _l("répond à"),
    "engagement": _l("engagement partenaire en réponse à"),
}
AGE_BANDS = ("moins de 15 ans", "15-24 ans", "25-39 ans", "40-59 ans", "60-74 ans", "75 ans et +")
# How a band reads in the page's language (the stored value stays the French band)
AGE_BAND_LABELS = {
    "moins de 15 ans": _l("moins de 15 ans"), "15-24 ans": _l("15-24 ans"),
    "25-39 ans": _l("25-39 ans"), "40-59 ans": _l("40-59 ans"),
    "60-74 ans": _l("60-74 ans"), "75 ans et +": _l("75 ans et +"),
}
SEXES = {"f": _l("Femme"), "h": _l("Homme"), "autre": _l("Autre / ne se prononce pas")}


class Contribution(TerritoryScoped, TimestampMixin, Base):
    __tablename__ = "contribution"

    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20), default="constat", index=True)
    # When a coordinator set this kind by hand (review queue): it then stays when the kind of
    # the question it answers changes (``services.follow_question``); None: it follows.
    kind_set_at: Mapped[datetime | None] = mapped_column(DateTime)
    author_role: Mapped[str] = mapped_column(String(20), default="habitant", index=True)
    source_format: Mapped[str] = mapped_column(String(30), default="saisie", index=True)
    # The record it came from, in the feature that owns it (e.g. "event_table", 12)
    source_type: Mapped[str | None] = mapped_column(String(40))
    source_id: Mapped[int | None] = mapped_column(Integer)
    source_label: Mapped[str | None] = mapped_column(String(300))
    quartier_id: Mapped[int | None] = mapped_column(
        ForeignKey("quartier.id", ondelete="SET NULL"), index=True
    )
    said_on: Mapped[date] = mapped_column(Date, default=clock.local_today)
    # Attribution is kept only when the person consented to be quoted with it
    attribution_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    age_band: Mapped[str | None] = mapped_column(String(30))
    place_name: Mapped[str | None] = mapped_column(String(200))
    sex: Mapped[str | None] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(20), default="recue", index=True)
    public_reply: Mapped[str | None] = mapped_column(Text)
    replied_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    # When a coordinator last confirmed or corrected its challenges in the review queue, also
    # "no challenge fits" (reviewed with no tag): it then leaves the queue.
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime)
    reviewed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )

    # When the text was erased at a person's request (privacy/person.py: it held their contact,
    # or they asked for their words to go): the row stays for the staff list, saying so, and
    # is out of every analysis, count, word, group, quote, draft and document (issue #13).
    erased_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)

    quartier: Mapped[Quartier | None] = relationship()
    tags: Mapped[list[ContributionChallenge]] = relationship(
        back_populates="contribution", cascade="all, delete-orphan"
    )
    links_out: Mapped[list[ContributionLink]] = relationship(
        foreign_keys="ContributionLink.from_id", back_populates="source",
        cascade="all, delete-orphan",
    )
    links_in: Mapped[list[ContributionLink]] = relationship(
        foreign_keys="ContributionLink.to_id", back_populates="target",
        cascade="all, delete-orphan",
    )

    @property
    def challenges(self) -> list[Challenge]:
        return sorted((t.challenge for t in self.tags), key=lambda c: (c.position, c.code))

    @property
    def attribution(self) -> str:
        """The way the contracts sign a quote: "Habitante de la résidence Foch, 25-39 ans"."""
        if not self.attribution_consent:
            return ""
        role = str(AUTHOR_ROLES.get(self.author_role, ""))
        if self.author_role == "habitant" and self.sex == "f":
            role = str(_l("Habitante"))
        parts = [role + (f" — {self.place_name}" if self.place_name else "")]
        if self.age_band:
            parts.append(self.age_band)
        return ", ".join(p for p in parts if p)


class ContributionChallenge(Base):
    """A challenge tag; ``origin`` says who put it there.

    "manual": a person chose it; "question": the challenges of the question (or table) the
    text answers, chosen by the coordinator who built it; "suggested": computed by the
    analyses (confirmed when ``tagged_by_id`` is set); "imported".
    """

    __tablename__ = "contribution_challenge"
    __table_args__ = (UniqueConstraint("contribution_id", "challenge_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contribution_id: Mapped[int] = mapped_column(
        ForeignKey("contribution.id", ondelete="CASCADE"), index=True
    )
    challenge_id: Mapped[int] = mapped_column(ForeignKey("challenge.id"), index=True)
    origin: Mapped[str] = mapped_column(String(20), default="manual")
    tagged_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    tagged_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    contribution: Mapped[Contribution] = relationship(back_populates="tags")
    challenge: Mapped[Challenge] = relationship()


class ContributionLink(Base):
    """``source`` answers ``target`` (a proposition answers a manquement...)."""

    __tablename__ = "contribution_link"
    __table_args__ = (UniqueConstraint("from_id", "to_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    from_id: Mapped[int] = mapped_column(ForeignKey("contribution.id", ondelete="CASCADE"))
    to_id: Mapped[int] = mapped_column(ForeignKey("contribution.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20), default="repond")

    source: Mapped[Contribution] = relationship(foreign_keys=[from_id], back_populates="links_out")
    target: Mapped[Contribution] = relationship(foreign_keys=[to_id], back_populates="links_in")


def _reply_changed(contribution: Contribution) -> bool:
    """A contribution shows on public pages through its public reply ("Vous avez dit, nous
    avons fait") only: a new or changed contribution counts when it has or loses one."""
    history = inspect(contribution).attrs.public_reply.history
    return contribution.public_reply is not None or bool(history.deleted)


quiet_writes(Contribution, unless=_reply_changed)
for _model in (ContributionChallenge, ContributionLink):
    quiet_writes(_model)
