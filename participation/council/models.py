"""Conseil citoyen: council, collèges, charter, candidacies (contacts apart), draws by lot,
members over time, meetings with attendance, proxies and votes."""
from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.core import clock
from participation.core.models import Base, TerritoryScoped, TimestampMixin, utcnow
from participation.core.pageversion import quiet_writes
from participation.territory.models import Quartier

COUNCIL_KINDS = {
    "conseil_citoyen": _l("Conseil citoyen"),
    "jeunes": _l("Conseil citoyen des jeunes"),
    "enfants": _l("Conseil citoyen des enfants"),
}
COLLEGE_KINDS = {"habitants": _l("Habitants"), "acteurs_locaux": _l("Acteurs locaux")}
CANDIDACY_SOURCES = {"web": _l("En ligne"), "papier": _l("Papier, saisie par un animateur"),
                     "enquete": _l("Invitation après l'enquête")}
MEMBER_STATUSES = {"actif": _l("En fonction"), "demission": _l("Démission"),
                   "remplace": _l("Remplacé"), "fin_mandat": _l("Fin de mandat")}
ATTENDANCE = {"present": _l("Présent"), "excuse": _l("Absent excusé sans pouvoir"),
              "represente": _l("Absent excusé avec pouvoir"),
              "absent": _l("Absent non excusé")}
OUTCOMES = {"siege": _l("Siège"), "suppleant": _l("Suppléant"), "non_retenu": _l("Non retenu")}

council_quartier = Table(
    "council_quartier", Base.metadata,
    Column("council_id", ForeignKey("council.id", ondelete="CASCADE"), primary_key=True),
    Column("quartier_id", ForeignKey("quartier.id", ondelete="CASCADE"), primary_key=True),
)


class Council(TerritoryScoped, TimestampMixin, Base):
    """One conseil citoyen (or an inter-conseils, or a youth/children's council)."""

    __tablename__ = "council"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), default="conseil_citoyen")
    inter_conseils: Mapped[bool] = mapped_column(Boolean, default=False)
    age_min: Mapped[int | None] = mapped_column(Integer)
    age_max: Mapped[int | None] = mapped_column(Integer)
    mandate_years: Mapped[int] = mapped_column(Integer, default=3)
    accepts_candidacies: Mapped[bool] = mapped_column(Boolean, default=False)
    quorum_percent: Mapped[int] = mapped_column(Integer, default=50)
    quorum_counts_proxies: Mapped[bool] = mapped_column(Boolean, default=False)
    max_proxies: Mapped[int] = mapped_column(Integer, default=1)
    next_number: Mapped[int] = mapped_column(Integer, default=1)

    quartiers: Mapped[list[Quartier]] = relationship(secondary=council_quartier,
                                                     order_by="Quartier.name")
    colleges: Mapped[list[College]] = relationship(
        back_populates="council", cascade="all, delete-orphan", order_by="College.id")
    charters: Mapped[list[Charter]] = relationship(
        back_populates="council", cascade="all, delete-orphan", order_by="Charter.version")
    members: Mapped[list[Member]] = relationship(
        back_populates="council", cascade="all, delete-orphan", order_by="Member.id")

    @property
    def charter(self) -> Charter | None:
        return self.charters[-1] if self.charters else None

    @property
    def active_members(self) -> list[Member]:
        return [m for m in self.members if m.status == "actif"]

    def college(self, kind: str) -> College | None:
        return next((c for c in self.colleges if c.kind == kind), None)


class College(Base):
    __tablename__ = "council_college"
    __table_args__ = (UniqueConstraint("council_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("council.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    seats: Mapped[int] = mapped_column(Integer)
    parity: Mapped[bool] = mapped_column(Boolean, default=False)
    council: Mapped[Council] = relationship(back_populates="colleges")

    @property
    def territory_id(self) -> int:
        return self.council.territory_id

    @property
    def label(self) -> str:
        return str(COLLEGE_KINDS.get(self.kind, self.kind))


class Charter(Base):
    """A version of the council's charter; members accept a version on a date."""

    __tablename__ = "council_charter"
    __table_args__ = (UniqueConstraint("council_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("council.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    adopted_on: Mapped[date] = mapped_column(Date, default=clock.local_today)
    council: Mapped[Council] = relationship(back_populates="charters")


class Candidacy(TimestampMixin, Base):
    """An application; what identifies the person is in ``CandidateContact``."""

    __tablename__ = "council_candidacy"
    __table_args__ = (UniqueConstraint("council_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("council.id", ondelete="CASCADE"),
                                            index=True)
    college_id: Mapped[int] = mapped_column(ForeignKey("council_college.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(20), default="web")
    sex: Mapped[str | None] = mapped_column(String(10))
    age_band: Mapped[str | None] = mapped_column(String(30))
    age: Mapped[int | None] = mapped_column(Integer)
    place_name: Mapped[str | None] = mapped_column(String(200))
    quartier_id: Mapped[int | None] = mapped_column(ForeignKey("quartier.id",
                                                               ondelete="SET NULL"))
    structure_name: Mapped[str | None] = mapped_column(String(200))
    motivation: Mapped[str | None] = mapped_column(Text)
    availability: Mapped[str | None] = mapped_column(String(300))
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False)
    submission_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))

    council: Mapped[Council] = relationship()
    college: Mapped[College] = relationship()
    contact: Mapped[CandidateContact | None] = relationship(
        back_populates="candidacy", cascade="all, delete-orphan", uselist=False)

    @property
    def territory_id(self) -> int:
        return self.council.territory_id


class CandidateContact(Base):
    """Personal data of a candidate, given with explicit consent; coordinators only."""

    __tablename__ = "council_candidate_contact"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidacy_id: Mapped[int] = mapped_column(
        ForeignKey("council_candidacy.id", ondelete="CASCADE"), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(200))
    consent_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    candidacy: Mapped[Candidacy] = relationship(back_populates="contact")


class Invitation(TerritoryScoped, Base):
    """A consented survey contact invited to apply (personal data, coordinators only)."""

    __tablename__ = "council_invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact: Mapped[str] = mapped_column(String(300))
    token: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    used_at: Mapped[datetime | None] = mapped_column(DateTime)


class Draw(Base):
    """A draw by lot: frozen inputs (entries + seed), then a stored result to re-check."""

    __tablename__ = "council_draw"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("council.id", ondelete="CASCADE"))
    college_id: Mapped[int] = mapped_column(ForeignKey("council_college.id", ondelete="CASCADE"))
    source: Mapped[str] = mapped_column(String(20), default="candidatures")
    seats: Mapped[int] = mapped_column(Integer)
    substitutes: Mapped[int] = mapped_column(Integer)
    parity: Mapped[bool] = mapped_column(Boolean, default=False)
    fingerprint: Mapped[str] = mapped_column(String(64))
    seed_announcement: Mapped[str | None] = mapped_column(Text)
    seed: Mapped[str | None] = mapped_column(String(200))
    drawn_at: Mapped[datetime | None] = mapped_column(DateTime)
    result_json: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    council: Mapped[Council] = relationship()
    college: Mapped[College] = relationship()
    entries: Mapped[list[DrawEntry]] = relationship(
        back_populates="draw", cascade="all, delete-orphan", order_by="DrawEntry.number")

    @property
    def territory_id(self) -> int:
        return self.council.territory_id


class DrawEntry(Base):
    """One line of the drawn list; ``label`` (a landlord's household reference) is private."""

    __tablename__ = "council_draw_entry"
    __table_args__ = (UniqueConstraint("draw_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    draw_id: Mapped[int] = mapped_column(ForeignKey("council_draw.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    sex: Mapped[str] = mapped_column(String(10), default="")
    candidacy_id: Mapped[int | None] = mapped_column(
        ForeignKey("council_candidacy.id", ondelete="SET NULL"))
    label: Mapped[str | None] = mapped_column(String(200))
    outcome: Mapped[str | None] = mapped_column(String(20))
    rank: Mapped[int | None] = mapped_column(Integer)

    draw: Mapped[Draw] = relationship(back_populates="entries")
    candidacy: Mapped[Candidacy | None] = relationship()


class Member(Base):
    __tablename__ = "council_member"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("council.id", ondelete="CASCADE"))
    college_id: Mapped[int] = mapped_column(ForeignKey("council_college.id", ondelete="CASCADE"))
    candidacy_id: Mapped[int | None] = mapped_column(
        ForeignKey("council_candidacy.id", ondelete="SET NULL"))
    draw_entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("council_draw_entry.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(200))
    public_name: Mapped[str | None] = mapped_column(String(200))
    structure_name: Mapped[str | None] = mapped_column(String(200))
    sex: Mapped[str] = mapped_column(String(10), default="")
    status: Mapped[str] = mapped_column(String(20), default="actif")
    started_on: Mapped[date] = mapped_column(Date, default=clock.local_today)
    ended_on: Mapped[date | None] = mapped_column(Date)
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("council_member.id"))
    charter_version: Mapped[int | None] = mapped_column(Integer)
    charter_accepted_on: Mapped[date | None] = mapped_column(Date)

    council: Mapped[Council] = relationship(back_populates="members")
    college: Mapped[College] = relationship()
    candidacy: Mapped[Candidacy | None] = relationship()

    @property
    def territory_id(self) -> int:
        return self.council.territory_id


class Meeting(Base):
    __tablename__ = "council_meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("council.id", ondelete="CASCADE"))
    held_at: Mapped[datetime] = mapped_column(DateTime)
    place: Mapped[str] = mapped_column(String(200))
    convened_on: Mapped[date | None] = mapped_column(Date)
    chair_name: Mapped[str | None] = mapped_column(String(200))
    secretary_id: Mapped[int | None] = mapped_column(ForeignKey("council_member.id"))

    council: Mapped[Council] = relationship()
    secretary: Mapped[Member | None] = relationship()
    items: Mapped[list[AgendaItem]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="AgendaItem.position")
    attendances: Mapped[list[Attendance]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan",
        foreign_keys="Attendance.meeting_id")

    @property
    def territory_id(self) -> int:
        return self.council.territory_id


class AgendaItem(Base):
    __tablename__ = "council_agenda_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("council_meeting.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    decision: Mapped[str | None] = mapped_column(Text)
    votes_for: Mapped[int | None] = mapped_column(Integer)
    votes_against: Mapped[int | None] = mapped_column(Integer)
    abstentions: Mapped[int | None] = mapped_column(Integer)
    not_voting: Mapped[int] = mapped_column(Integer, default=0)
    contribution_id: Mapped[int | None] = mapped_column(
        ForeignKey("contribution.id", ondelete="SET NULL"))
    meeting: Mapped[Meeting] = relationship(back_populates="items")

    @property
    def territory_id(self) -> int:
        return self.meeting.territory_id

    @property
    def voted(self) -> bool:
        return self.votes_for is not None


class Attendance(Base):
    __tablename__ = "council_attendance"
    __table_args__ = (UniqueConstraint("meeting_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("council_meeting.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("council_member.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(20))
    proxy_holder_id: Mapped[int | None] = mapped_column(ForeignKey("council_member.id"))

    meeting: Mapped[Meeting] = relationship(back_populates="attendances",
                                            foreign_keys=[meeting_id])
    member: Mapped[Member] = relationship(foreign_keys=[member_id])
    proxy_holder: Mapped[Member | None] = relationship(foreign_keys=[proxy_holder_id])


# No cached public page shows candidacies and attendance:
# writing them keeps the cached pages (core/pagecache.py).
for _model in (Candidacy, CandidateContact, Invitation, Attendance):
    quiet_writes(_model)
