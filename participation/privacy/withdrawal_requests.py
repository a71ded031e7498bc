"""A resident withdraws a consent without the message that carried its link (tester
s27privpage): they type, on the public « Vos données personnelles » page, the phone or
e-mail they gave; the withdrawal links of the active consents that contact matches are sent
to that same contact (``withdrawal_url``: the page /privacy/retrait/<token>).

- A consent is matched by the keyed hash of the contact (``consent.contact_key``), never by
  the contact; each contact typed receives only the links of the consents it matched (a
  phone typed beside someone else's e-mail gets none of theirs).
- The page answers the same whatever happens (known, unknown, sent, not sent, limited):
  it never reveals whether a contact is known (RGPD art. 32; the product's public forms).
- A channel that cannot deliver (``SMS_BACKEND``/``EMAIL_BACKEND`` "disabled", the
  development console, a backend error): the request is recorded instead, per territory
  (``WithdrawalRequest``), a task on /privacy/personne, answered within a month (RGPD art.
  12.3). Nothing is recorded for a contact that matched no active consent.
- At most ``WITHDRAWAL_CONTACT_LIMIT`` (default 3 a day) messages or requests per contact
  (keyed hash) on top of ``PUBLIC_SUBMIT_LIMIT`` per address: the form cannot be used to
  flood someone's phone.
- Audited (``withdrawal_link_sent``, ``withdrawal_requested``, ``withdrawal_request_handled``)
  with counts and ids, never the contact.
"""
from __future__ import annotations

from collections import defaultdict
from urllib.parse import urlencode

from flask import current_app
from flask_babel import gettext as _
from limits import parse
from sqlalchemy import select

from participation.core import clock
from participation.core.audit import record_audit
from participation.core.i18n import current_language
from participation.core.person_keys import normalise_email, normalise_phone
from participation.core.runtime import message_backend
from participation.extensions import db, limiter
from participation.privacy.consent import contact_key, withdrawal_url
from participation.privacy.models import PURPOSES, ConsentRecord, WithdrawalRequest
from participation.territory.models import Territory

CONTACT_LIMIT = "3/day"
UNDELIVERABLE = ("disabled", "console")  # backends by which no resident receives anything


def request_withdrawal(phone: str | None, email: str | None) -> None:
    """Send each contact typed the links of the active consents it matches, or record a
    request where it cannot be sent. Returns nothing: the caller's answer must not
    depend on what was found. ``phone``/``email``: as typed (validated by the form)."""
    for channel, contact in (("sms", normalise_phone(phone)), ("email", normalise_email(email))):
        if not contact:
            continue
        consents = _active_consents(channel, contact)
        if consents and _within_limit(contact):
            _handle(channel, contact, consents)
    db.session.commit()


def _active_consents(channel: str, contact: str) -> list[ConsentRecord]:
    column = ConsentRecord.phone_key if channel == "sms" else ConsentRecord.email_key
    return list(db.session.scalars(select(ConsentRecord).where(
        column == contact_key(contact), ConsentRecord.withdrawn_at.is_(None))
        .order_by(ConsentRecord.territory_id, ConsentRecord.given_at, ConsentRecord.id)))


def _within_limit(contact: str) -> bool:
    """One more message or request for this contact is allowed (counted, per keyed hash)."""
    if not limiter.enabled:
        return True
    limit = parse(current_app.config.get("WITHDRAWAL_CONTACT_LIMIT") or CONTACT_LIMIT)
    return limiter.limiter.hit(limit, "withdrawal-contact", contact_key(contact))


def _handle(channel: str, contact: str, consents: list[ConsentRecord]) -> None:
    by_territory: dict[int, list[ConsentRecord]] = defaultdict(list)
    for consent in consents:
        by_territory[consent.territory_id].append(consent)
    sent = message_backend(channel) not in UNDELIVERABLE and _send(channel, contact, consents)
    for territory_id, found in by_territory.items():
        if sent:
            record_audit("withdrawal_link_sent", target="person", territory_id=territory_id,
                         count=len(found), details={"channel": channel})
        else:
            _record_request(territory_id, channel, contact, len(found))


def message_text(consents: list[ConsentRecord]) -> tuple[str, str]:
    """``(subject, text)`` of the message: one line per consent, its purpose, territory,
    date and withdrawal link; in the language of the page the request came from."""
    language = current_language()
    names = dict(db.session.execute(select(Territory.id, Territory.name).where(
        Territory.id.in_({c.territory_id for c in consents}))).all())
    lines = [_("- %(purpose)s (%(territory)s, accord du %(date)s) : %(link)s",
               purpose=PURPOSES[c.purpose], territory=names[c.territory_id],
               date=c.given_at.strftime("%d/%m/%Y"), link=_link(c, language))
             for c in consents]
    text = "\n".join([
        _("Bonjour, vous avez demandé à retirer votre accord sur Parole de quartier. "
          "Ouvrez le lien de chaque accord à retirer :"), *lines,
        _("Vous n'avez rien demandé ? Ne faites rien : rien ne change.")])
    return _("Retirer votre accord — Parole de quartier"), text


def _link(consent: ConsentRecord, language: str) -> str:
    """The consent's withdrawal link, opening in the language the request was made in."""
    return f"{withdrawal_url(consent)}?{urlencode({'lang': language})}"


def _send(channel: str, contact: str, consents: list[ConsentRecord]) -> bool:
    """Send the links; False when the backend failed (logged by type, never the contact)."""
    from participation.events.notify import send_email, send_sms

    subject, text = message_text(consents)
    try:
        if channel == "sms":
            send_sms(contact, text, consents=consents)
        else:
            send_email(contact, subject, text, consents=consents)
    except Exception as exc:  # noqa: BLE001 - any backend error: the request is recorded
        current_app.logger.warning("privacy: withdrawal links by %s failed: %s", channel,
                                   type(exc).__name__)
        return False
    return True


def _record_request(territory_id: int, channel: str, contact: str, consents: int) -> None:
    """The territory's open request for this contact, created or brought up to date."""
    field = WithdrawalRequest.phone if channel == "sms" else WithdrawalRequest.email
    row = db.session.scalar(select(WithdrawalRequest).where(
        WithdrawalRequest.territory_id == territory_id, field == contact,
        WithdrawalRequest.handled_at.is_(None)).order_by(WithdrawalRequest.id))
    if row is None:
        row = WithdrawalRequest(territory_id=territory_id, **{field.key: contact})
        db.session.add(row)
    row.consents, row.created_at = consents, clock.now()
    db.session.flush()
    record_audit("withdrawal_requested", target=f"withdrawal_request:{row.id}",
                 territory_id=territory_id, count=consents, details={"channel": channel})


def open_requests(territory_id: int) -> list[WithdrawalRequest]:
    """The territory's requests not yet handled, oldest first (the one-month answer delay
    of RGPD art. 12.3 runs from ``created_at``)."""
    return list(db.session.scalars(select(WithdrawalRequest).where(
        WithdrawalRequest.territory_id == territory_id, WithdrawalRequest.handled_at.is_(None))
        .order_by(WithdrawalRequest.created_at, WithdrawalRequest.id)))


def mark_handled(row: WithdrawalRequest) -> None:
    """The team handled the request (consents withdrawn on /privacy/personne, or the person
    answered); audited. The row stays until its retention ends or the person is erased."""
    row.handled_at = clock.now()
    record_audit("withdrawal_request_handled", target=f"withdrawal_request:{row.id}",
                 territory_id=row.territory_id)
    db.session.commit()
