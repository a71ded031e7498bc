"""The lines every message sent to a resident ends with: « Vos données personnelles » and the
link that withdraws the consent the message is sent under (RGPD art. 7.3: withdrawing is as
easy as consenting; art. 13: where the person reads what is kept; docs/privacy.md).

``events.notify.send_email`` and ``send_sms`` (the only way a message leaves the app) take the
consents a message is sent under and end its text with ``footer``: an event's reminder or
waitlist notice (the sign-up's ``reminders`` consent), a council's convocation (the
candidacy's ``council`` consent), the withdrawal links asked for on the public page (every
consent of the contact). tests/privacy/test_resident_messages.py walks each one.
"""
from __future__ import annotations

from collections.abc import Iterable

from flask_babel import gettext as _
from sqlalchemy import select

from participation.core.urls import public_url
from participation.extensions import db
from participation.privacy.consent import withdrawal_url
from participation.privacy.models import ConsentRecord


def notice_url(territory_id: int) -> str:
    """The absolute address of the territory's « Vos données personnelles » page."""
    from participation.territory.models import Territory

    slug = db.session.scalar(select(Territory.slug).where(Territory.id == territory_id))
    return public_url("privacy_public.territory_notice", slug=slug)


def footer(consents: Iterable[ConsentRecord], text: str = "") -> str:
    """The closing lines, in the current language: the « Vos données personnelles » page of
    each territory, then « Retirer votre accord : <link> » for each consent whose link
    ``text`` does not already give (the withdrawal-links message writes one per line).

    Raises ValueError without a consent: a message to a resident is always sent under one."""
    consents = list(consents)
    if not consents:
        raise ValueError("a message to a resident is sent under a consent")
    territories = dict.fromkeys(c.territory_id for c in consents)
    lines = [_("Vos données personnelles : %(url)s", url=notice_url(t)) for t in territories]
    links = [withdrawal_url(c) for c in consents]
    lines += [_("Retirer votre accord : %(url)s", url=link) for link in links
              if link not in text]
    return "\n".join(lines)


def with_footer(text: str, consents: Iterable[ConsentRecord]) -> str:
    """``text`` followed by a blank line and its ``footer``."""
    return f"{text}\n\n{footer(consents, text)}"


def consent_for(source_table: str, source_id: int) -> ConsentRecord | None:
    """The active consent that covers one row (a sign-up's contact, a candidate's), latest
    first; None when there is none (withdrawn, or the row was stored before its consent was
    recorded)."""
    return db.session.scalar(select(ConsentRecord).where(
        ConsentRecord.source_table == source_table, ConsentRecord.source_id == source_id,
        ConsentRecord.withdrawn_at.is_(None))
        .order_by(ConsentRecord.given_at.desc(), ConsentRecord.id.desc()))
