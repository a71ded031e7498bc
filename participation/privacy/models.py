"""Consent records and the territory's retention settings."""
from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, DateTime, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from participation.core import clock
from participation.core.models import Base, TerritoryScoped
from participation.core.pageversion import quiet_writes

PURPOSES = {
    "recontact": _l("Être recontacté(e)"),
    "reminders": _l("Recevoir des rappels"),
    "council": _l("Candidature au conseil citoyen"),
    "quote": _l("Citation attribuée"),
}
WITHDRAWN_BY = {
    "link": _l("lien reçu dans un message"),
    "coordinator": _l("coordination, à la demande de la personne"),
    "erasure": _l("effacement des données"),
}


class ConsentRecord(TerritoryScoped, Base):
    """Proof of one consent: the exact text shown, its language and version, the purpose, the
    dates.

    The person is identified by keyed hashes of the normalised phone number and e-mail (so a
    coordinator can find their consents), never by the contact itself; ``source_table`` and
    ``source_id`` name the row the consent covers (a contact, a candidacy, a quoted
    contribution), erased when the consent is withdrawn.
    """

    __tablename__ = "consent_record"

    id: Mapped[int] = mapped_column(primary_key=True)
    phone_key: Mapped[str | None] = mapped_column(String(64), index=True)
    email_key: Mapped[str | None] = mapped_column(String(64), index=True)
    purpose: Mapped[str] = mapped_column(String(20), index=True)
    text: Mapped[str] = mapped_column(Text)
    text_version: Mapped[str] = mapped_column(String(40))
    # The language tag the text was shown in ("fr", "ar", "fr-x-falc": core/i18n.py)
    language: Mapped[str] = mapped_column(String(20), default="fr", server_default="fr")
    given_at: Mapped[datetime] = mapped_column(DateTime, default=clock.now)
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime)
    withdrawn_by: Mapped[str | None] = mapped_column(String(20))
    source_table: Mapped[str | None] = mapped_column(String(60), index=True)
    source_id: Mapped[int | None] = mapped_column(Integer)

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None


class RetentionSetting(TerritoryScoped, Base):
    """The territory's retention period for one kind of personal data, in months."""

    __tablename__ = "retention_setting"
    __table_args__ = (UniqueConstraint("territory_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(40))
    months: Mapped[int] = mapped_column(Integer)


# No cached public page shows consents:
# writing them keeps the cached pages (core/pagecache.py).
quiet_writes(ConsentRecord)


class ErasureTombstone(TerritoryScoped, Base):
    """What an erasure leaves so that a re-import or a device's re-sync does not bring the
    person back (coordinator/DPO tester t26coord): a keyed hash (``tombstones.tomb_key``,
    HMAC-SHA256 with the app's secret) of an erased submission's identity (a Kobo/ODK
    ``_uuid``/``KEY``, a Google Forms or Excel line hash: ``Response.external_id``; an
    offline entry's ``client_uuid``) or of an erased phone/e-mail, normalised. No personal
    data: the hash cannot be read back, only recomputed from the value. ``kind``:
    "submission" or "contact"; ``erased_on``: the day of the erasure, shown in the
    import's preview."""

    __tablename__ = "erasure_tombstone"
    __table_args__ = (UniqueConstraint("territory_id", "kind", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))
    key: Mapped[str] = mapped_column(String(64))
    erased_on: Mapped[date] = mapped_column(Date)


quiet_writes(ErasureTombstone)


class WithdrawalRequest(TerritoryScoped, Base):
    """A resident asked, on the public « Vos données personnelles » page, to withdraw their
    consents, and the withdrawal links could not be sent to the contact they typed (its
    channel disabled, or the message failed): a task for the coordinator/DPO, shown on
    /privacy/personne until marked handled (``privacy.withdrawal_requests``).

    Personal data (the contact, normalised: ``person_keys.normalise_phone``/``_email``):
    registered (``privacy.registrations``), erased with the person, purged after the
    ``withdrawal_request`` retention setting. ``consents``: how many active consents the
    contact matched in this territory when asked; ``handled_at``: when marked handled."""

    __tablename__ = "withdrawal_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    phone: Mapped[str | None] = mapped_column(String(40), index=True)
    email: Mapped[str | None] = mapped_column(String(254), index=True)
    consents: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=clock.now)
    handled_at: Mapped[datetime | None] = mapped_column(DateTime)

    @property
    def answer_due(self) -> date:
        """The day the answer is due: one month after the request (RGPD art. 12.3)."""
        from participation.core.personal_data import add_months

        return add_months(self.created_at.date(), 1)


quiet_writes(WithdrawalRequest)
