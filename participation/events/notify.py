"""Reminders and waitlist notices by e-mail and SMS, only to contacts who consented; every
message ends with « Vos données personnelles » and the link that withdraws its consent
(``privacy.messages``).

Backends are chosen from the app config or the environment (core/runtime.py): e-mail goes to
``EMAIL_BACKEND`` or SMTP (``SMTP_HOST``), SMS to ``SMS_BACKEND`` — ``memory`` (tests),
``disabled``, ``console`` (development only: prints neither recipient nor text), or
``package.module:callable`` taking ``(phone, text)`` (SMS) or ``(to, subject, text)``
(e-mail). Failures are logged by record id and exception type, never with the contact.
"""
from __future__ import annotations

import importlib
import smtplib
from datetime import datetime, timedelta
from email.message import EmailMessage

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from participation.core.models import utcnow
from participation.core.runtime import console_message, message_backend
from participation.core.runtime import setting as _setting
from participation.events.models import CONFIRMED, Event, Registration
from participation.events.services import local_now
from participation.extensions import db

OUTBOX: list[tuple[str, str, str]] = []  # the memory backend: (channel, to, text)


def _smtp(to: str, subject: str, text: str) -> None:
    message = EmailMessage()
    message["From"] = _setting("SMTP_FROM", "no-reply@localhost")
    message["To"], message["Subject"] = to, subject
    message.set_content(text)
    with smtplib.SMTP(_setting("SMTP_HOST"), int(_setting("SMTP_PORT", "587")),
                      timeout=30) as smtp:
        if _setting("SMTP_USER"):
            smtp.starttls()
            smtp.login(_setting("SMTP_USER"), _setting("SMTP_PASSWORD"))
        smtp.send_message(message)


def _callable(backend: str):
    module, _sep, attr = backend.partition(":")
    return getattr(importlib.import_module(module), attr)


def send_email(to: str, subject: str, text: str, *, consents) -> None:
    """Send ``text`` ended by ``privacy.messages.footer(consents)`` (« Vos données
    personnelles » and the withdrawal links): every message goes to a resident under the
    consents it names (ValueError without one)."""
    from participation.privacy.messages import with_footer

    text = with_footer(text, consents)
    backend = message_backend("email")
    if backend == "memory":
        OUTBOX.append(("email", to, f"{subject}\n{text}"))
    elif backend == "smtp":
        _smtp(to, subject, text)
    elif backend == "console":
        console_message("e-mail", subject, text)
    elif backend != "disabled":
        _callable(backend)(to, subject, text)


def send_sms(to: str, text: str, *, consents) -> None:
    """Like ``send_email``: ``text`` ended by the footer of ``consents``."""
    from participation.privacy.messages import with_footer

    text = with_footer(text, consents)
    backend = message_backend("sms")
    if backend == "memory":
        OUTBOX.append(("sms", to, text))
    elif backend == "console":
        console_message("sms", "", text)
    elif backend != "disabled":
        _callable(backend)(to, text)


def _deliver(registration: Registration, subject: str, text: str) -> bool | None:
    """True when sent, False when there is no contact, None when the backend failed (the
    next run tries again; one failing address does not stop the others)."""
    from participation.events.signup import reminder_consent

    contact = registration.contact
    if contact is None:
        return False
    try:
        consents = [reminder_consent(registration)]
        if contact.email:
            send_email(contact.email, subject, text, consents=consents)
        if contact.phone:
            send_sms(contact.phone, text, consents=consents)
    except Exception as exc:  # noqa: BLE001 - any backend error: log, retry next run
        # the type only: an SMTP refusal's text names the address
        current_app.logger.warning("events: message to registration %s failed: %s",
                                   registration.id, type(exc).__name__)
        return None
    return True


def _when(event: Event) -> str:
    return event.starts_at.strftime("%d/%m/%Y %H:%M")


def _reminder_text(registration: Registration) -> tuple[str, str]:
    event = registration.event
    subject = _("Rappel : %(title)s", title=event.title)
    text = _("Bonjour %(name)s, nous vous attendons le %(when)s, %(place)s.",
             name=registration.name, when=_when(event), place=event.place)
    if event.offered:
        text += " " + event.offered
    return subject, text


def send_reminders(hours: int = 24, now: datetime | None = None) -> int:
    """Remind confirmed parties of events starting within ``hours``, once each."""
    now = now or local_now()
    rows = db.session.scalars(
        select(Registration).join(Event, Event.id == Registration.event_id).where(
            Registration.status == CONFIRMED, Registration.reminder_sent_at.is_(None),
            Event.starts_at > now, Event.starts_at <= now + timedelta(hours=hours))).all()
    sent = 0
    with force_locale("fr"):
        for registration in rows:
            result = _deliver(registration, *_reminder_text(registration))
            if result is None:
                continue
            sent += int(result)
            registration.reminder_sent_at = utcnow()
            db.session.commit()
    return sent


def send_pending_notices(event_id: int | None = None) -> int:
    """Tell promoted parties that a place freed up for them (once each)."""
    stmt = select(Registration).where(Registration.status == CONFIRMED,
                                      Registration.promoted_at.is_not(None),
                                      Registration.promotion_notified_at.is_(None))
    if event_id is not None:
        stmt = stmt.where(Registration.event_id == event_id)
    sent = 0
    with force_locale("fr"):
        for registration in db.session.scalars(stmt).all():
            event = registration.event
            text = _("Bonne nouvelle %(name)s : une place s'est libérée, vous êtes inscrit(e) "
                     "à « %(title)s » le %(when)s.", name=registration.name, title=event.title,
                     when=_when(event))
            if _deliver(registration, _("Une place s'est libérée"), text):
                sent += 1
                registration.promotion_notified_at = utcnow()
                db.session.commit()
    return sent
