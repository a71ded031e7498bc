"""Events, registrations (with their contact kept apart), check-ins, tables and what they said."""
from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.contributions.models import Contribution
from participation.core.models import Base, TerritoryScoped, TimestampMixin, utcnow
from participation.core.pageversion import quiet_writes
from participation.territory.models import Challenge, Commune, Quartier

EVENT_KINDS = {
    "barbecue": _l("Barbecue participatif"),
    "table_citoyenne": _l("Table citoyenne"),
    "table_ronde": _l("Table ronde"),
    "table_quartier": _l("Table de quartier"),
    "atelier": _l("Atelier"),
    "focus_group": _l("Focus group partenaires"),
    "reunion_publique": _l("Réunion publique"),
    "marche": _l("Marche exploratoire / diagnostic en marchant"),
    "porteurs_parole": _l("Porteurs de parole"),
    "restitution": _l("Restitution"),
    "autre": _l("Autre"),
}
AUDIENCES = {"habitants": _l("Habitants"), "partenaires": _l("Partenaires"),
             "tous": _l("Tout le monde")}
MEAL_NEEDS = {"halal": _l("Halal"), "vegetarien": _l("Végétarien"),
              "sans_porc": _l("Sans porc")}
CONFIRMED, WAITLISTED, CANCELLED = "confirmed", "waitlisted", "cancelled"
STATUSES = {CONFIRMED: _l("Confirmée"), WAITLISTED: _l("Liste d'attente"),
            CANCELLED: _l("Annulée")}

event_quartier = Table(
    "event_quartier", Base.metadata,
    Column("event_id", ForeignKey("event.id", ondelete="CASCADE"), primary_key=True),
    Column("quartier_id", ForeignKey("quartier.id", ondelete="CASCADE"), primary_key=True),
)
event_challenge = Table(
    "event_challenge", Base.metadata,
    Column("event_id", ForeignKey("event.id", ondelete="CASCADE"), primary_key=True),
    Column("challenge_id", ForeignKey("challenge.id", ondelete="CASCADE"), primary_key=True),
)
event_table_challenge = Table(
    "event_table_challenge", Base.metadata,
    Column("table_id", ForeignKey("event_table.id", ondelete="CASCADE"), primary_key=True),
    Column("challenge_id", ForeignKey("challenge.id", ondelete="CASCADE"), primary_key=True),
)


class Event(TerritoryScoped, TimestampMixin, Base):
    """A meeting residents or partners come to. Times are local (Europe/Paris), naive.

    Events are chained through ``chain_head_id``: the barbecue is the head, the tables
    citoyennes that follow point to it, and one sign-up to the head registers to the chain.
    """

    __tablename__ = "event"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30), default="autre")
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(DateTime)
    address: Mapped[str] = mapped_column(String(300), default="")
    place_words: Mapped[str] = mapped_column(String(300), default="")
    audience: Mapped[str] = mapped_column(String(20), default="tous")
    capacity: Mapped[int | None] = mapped_column(Integer)
    signup_deadline: Mapped[datetime | None] = mapped_column(DateTime)
    offered: Mapped[str] = mapped_column(String(300), default="")
    reported_participants: Mapped[int | None] = mapped_column(Integer)
    chain_head_id: Mapped[int | None] = mapped_column(
        ForeignKey("event.id", ondelete="SET NULL"), index=True)
    # The surveys feature owns surveys; an event only remembers which one leads to it
    survey_id: Mapped[int | None] = mapped_column(Integer)

    quartiers: Mapped[list[Quartier]] = relationship(secondary=event_quartier,
                                                     order_by="Quartier.name")
    challenges: Mapped[list[Challenge]] = relationship(secondary=event_challenge,
                                                       order_by="Challenge.position")
    chain_head: Mapped[Event | None] = relationship(remote_side=[id], back_populates="followers")
    followers: Mapped[list[Event]] = relationship(back_populates="chain_head",
                                                  order_by="Event.starts_at")
    tables: Mapped[list[EventTable]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="EventTable.position")

    @property
    def head(self) -> Event:
        return self.chain_head or self

    @property
    def chain(self) -> list[Event]:
        head = self.head
        return [head, *head.followers]

    @property
    def kind_label(self) -> str:
        return str(EVENT_KINDS.get(self.kind, self.kind))

    @property
    def place(self) -> str:
        return " — ".join(p for p in (self.place_words, self.address) if p)


class Registration(TimestampMixin, Base):
    """A party signed up to an event (the head of its chain). Contact lives apart."""

    __tablename__ = "event_registration"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"),
                                          index=True)
    form_token: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    adults: Mapped[int] = mapped_column(Integer, default=1)
    children: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(12), default=CONFIRMED, index=True)
    meal_needs: Mapped[str] = mapped_column(String(100), default="")
    allergies: Mapped[str] = mapped_column(String(300), default="")
    mobility: Mapped[bool] = mapped_column(Boolean, default=False)
    childcare: Mapped[bool] = mapped_column(Boolean, default=False)
    interpreter_language: Mapped[str] = mapped_column(String(60), default="")
    comment: Mapped[str] = mapped_column(Text, default="")
    promoted_at: Mapped[datetime | None] = mapped_column(DateTime)
    promotion_notified_at: Mapped[datetime | None] = mapped_column(DateTime)
    reminder_sent_at: Mapped[datetime | None] = mapped_column(DateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime)

    event: Mapped[Event] = relationship()
    contact: Mapped[RegistrationContact | None] = relationship(
        back_populates="registration", cascade="all, delete-orphan", uselist=False)

    @property
    def people(self) -> int:
        return self.adults + self.children

    @property
    def territory_id(self) -> int:
        return self.event.territory_id

    @property
    def meal_list(self) -> list[str]:
        return [m for m in self.meal_needs.split(",") if m]


# The consent the sign-up form shows next to its box; stored, as shown, with the contact.
REMINDER_CONSENT_TEXT = _l("J'accepte d'être contacté(e) pour un rappel de l'événement. "
                           "Ces coordonnées sont effacées avec mon inscription.")
REMINDER_CONSENT_VERSION = "evenement-rappel-v1"


class RegistrationContact(Base):
    """Phone or e-mail given with explicit consent for reminders; deleted with the sign-up."""

    __tablename__ = "event_registration_contact"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("event_registration.id", ondelete="CASCADE"), unique=True)
    phone: Mapped[str] = mapped_column(String(30), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    # The exact consent wording shown and its language tag (core/i18n.py)
    consent_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    consent_language: Mapped[str] = mapped_column(String(20), default="fr", server_default="fr")
    consented_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    registration: Mapped[Registration] = relationship(back_populates="contact")


class CheckIn(Base):
    """Someone present on the day: a registered party ticked, or a walk-in."""

    __tablename__ = "event_checkin"
    __table_args__ = (UniqueConstraint("event_id", "registration_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"),
                                          index=True)
    registration_id: Mapped[int | None] = mapped_column(
        ForeignKey("event_registration.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(80))
    name_key: Mapped[str] = mapped_column(String(80), index=True)
    adults: Mapped[int] = mapped_column(Integer, default=1)
    children: Mapped[int] = mapped_column(Integer, default=0)
    source: Mapped[str] = mapped_column(String(10), default="liste")  # liste | papier
    checked_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    registration: Mapped[Registration | None] = relationship()

    @property
    def people(self) -> int:
        return self.adults + self.children

    @property
    def walk_in(self) -> bool:
        return self.registration_id is None


class EventTable(Base):
    """A table of a table citoyenne / ronde: its themes, facilitator and participants."""

    __tablename__ = "event_table"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"),
                                          index=True)
    name: Mapped[str] = mapped_column(String(120))
    facilitator: Mapped[str] = mapped_column(String(120), default="")
    participants: Mapped[int | None] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer, default=0)

    event: Mapped[Event] = relationship(back_populates="tables")
    challenges: Mapped[list[Challenge]] = relationship(secondary=event_table_challenge,
                                                       order_by="Challenge.position")

    @property
    def territory_id(self) -> int:
        return self.event.territory_id


class TableNote(Base):
    """Where a contribution was said: which table, which of the four questions, which commune."""

    __tablename__ = "event_table_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    table_id: Mapped[int] = mapped_column(ForeignKey("event_table.id", ondelete="CASCADE"),
                                          index=True)
    contribution_id: Mapped[int] = mapped_column(
        ForeignKey("contribution.id", ondelete="CASCADE"), unique=True)
    question: Mapped[str] = mapped_column(String(20), default="")
    commune_id: Mapped[int | None] = mapped_column(ForeignKey("commune.id",
                                                              ondelete="SET NULL"))

    table: Mapped[EventTable] = relationship()
    contribution: Mapped[Contribution] = relationship()
    commune: Mapped[Commune | None] = relationship()


# No cached public page shows sign-ups, check-ins and tables:
# writing them keeps the cached pages (core/pagecache.py).
for _model in (Registration, RegistrationContact, CheckIn, EventTable, TableNote):
    quiet_writes(_model)
