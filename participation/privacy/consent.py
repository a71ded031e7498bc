"""Recording and withdrawing consents.

A feature that collects a contact (or a quote's attribution) calls ``record_consent`` in the
same transaction as its insert, with the exact text the person saw. Messages sent to the
person carry ``withdrawal_url(consent)``: a signed link to the public withdrawal page.
"""
from __future__ import annotations

import hashlib
import hmac

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import or_, select

from participation.core import clock
from participation.core.audit import record_audit
from participation.core.errors import DomainError
from participation.core.i18n import current_language
from participation.core.memo import forget
from participation.core.person_keys import normalise_email, normalise_phone
from participation.core.personal_data import PERSONAL_TABLES, erase_rows
from participation.core.urls import public_url
from participation.exports.services import scrub_quotes
from participation.extensions import db
from participation.privacy.models import PURPOSES, WITHDRAWN_BY, ConsentRecord

SALT = "consent-withdrawal"


def contact_key(value: str | None) -> str | None:
    """Keyed hash of a normalised contact: finds a person's consents without storing it."""
    if not value:
        return None
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, value.encode(), hashlib.sha256).hexdigest()


def record_consent(territory_id: int, purpose: str, text: str, version: str, *,
                   phone: str | None = None, email: str | None = None,
                   source_table: str | None = None, source_id: int | None = None,
                   language: str | None = None, commit: bool = False) -> ConsentRecord:
    """Keep the proof of a consent: the exact ``text`` shown, its ``version``, the date and
    the ``language`` tag it was shown in (default: the resident's ``current_language()``)."""
    if purpose not in PURPOSES:
        raise DomainError(_("Finalité de consentement inconnue : %(p)s", p=purpose))
    if not (text or "").strip() or not (version or "").strip():
        raise DomainError(_("Le texte exact du consentement et sa version sont obligatoires."))
    if source_table is not None and source_table not in PERSONAL_TABLES:
        raise DomainError(_("Table non déclarée au registre des données personnelles : "
                            "%(t)s", t=source_table))
    consent = ConsentRecord(
        territory_id=territory_id, purpose=purpose, text=text.strip(),
        text_version=version.strip(), given_at=clock.now(),
        language=language or current_language(),
        phone_key=contact_key(normalise_phone(phone)),
        email_key=contact_key(normalise_email(email)),
        source_table=source_table, source_id=source_id)
    db.session.add(consent)
    db.session.flush()
    if commit:
        db.session.commit()
    return consent


def consents_of(territory_id: int, phone: str | None, email: str | None) -> list[ConsentRecord]:
    keys = [(ConsentRecord.phone_key, contact_key(phone)),
            (ConsentRecord.email_key, contact_key(email))]
    conditions = [column == key for column, key in keys if key]
    if not conditions:
        return []
    return list(db.session.scalars(select(ConsentRecord).where(
        ConsentRecord.territory_id == territory_id, or_(*conditions))
        .order_by(ConsentRecord.given_at, ConsentRecord.id)))


def erase_consented_row(consent: ConsentRecord) -> int:
    """Erase the row the consent covered (a contact, an attribution), through the registry;
    the phones and e-mails it held are buried (``tombstones``: no re-import stores them
    again). A staff text (``erase="redact"``) loses only the contacts of the consent's own
    keyed hashes, never another person's written beside them."""
    from participation.privacy.sets import contacts_of
    from participation.privacy.tombstones import bury

    entry = PERSONAL_TABLES.get(consent.source_table or "")
    row = db.session.get(entry.model, consent.source_id) if entry and consent.source_id else None
    if row is None:
        return 0
    contacts = contacts_of(entry.registry_key, row)
    if entry.erase == "redact":  # a staff text naming others too: the consent's contact only
        from participation.privacy.masking import contacts_in

        keys = {consent.phone_key, consent.email_key} - {None}
        contacts = {contact for field in entry.text_fields
                    for contact in contacts_in(getattr(row, field)) if contact_key(contact) in keys}
    bury(consent.territory_id, contacts=contacts)
    return erase_rows(entry, [row], (), contacts)


def withdraw_consent(consent: ConsentRecord, by: str = "link") -> int:
    """Withdraw a consent and erase what it covered; returns the number of rows erased."""
    if by not in WITHDRAWN_BY:
        raise DomainError(_("Origine du retrait inconnue."))
    if not consent.active:
        raise DomainError(_("Ce consentement a déjà été retiré."))
    consent.withdrawn_at, consent.withdrawn_by = clock.now(), by
    erased = erase_consented_row(consent)
    record_audit("consent_withdrawn", target=f"consent_record:{consent.id}",
                 territory_id=consent.territory_id, count=erased,
                 details={"purpose": consent.purpose, "by": by,
                          "source": consent.source_table or ""})
    db.session.commit()
    if erased:
        scrub_quotes(consent.territory_id)  # a validated draft may sign with it
        forget()  # kept analyses may quote the erased attribution (core.memo)
    return erased


def withdrawal_token(consent: ConsentRecord) -> str:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT).dumps(consent.id)


def withdrawal_url(consent: ConsentRecord) -> str:
    """The absolute link to put in every message sent thanks to this consent
    (``core.urls.public_url``: needs ``PUBLIC_BASE_URL`` outside a request)."""
    return public_url("privacy.withdraw", token=withdrawal_token(consent))


def consent_from_token(token: str) -> ConsentRecord | None:
    try:
        consent_id = URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT).loads(token)
    except BadSignature:
        return None
    return db.session.get(ConsentRecord, consent_id)
