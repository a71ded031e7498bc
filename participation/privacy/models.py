"""Consent records and the territory's retention settings."""
from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import DateTime, Integer, String, Text, UniqueConstraint
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
