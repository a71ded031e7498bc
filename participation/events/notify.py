"""Reminders and waitlist notices by e-mail and SMS, only to contacts who consented.

Backends are chosen from the environment (or app config): e-mail goes through SMTP when
``SMTP_HOST`` is set, else to the console; SMS goes to ``SMS_BACKEND`` — ``console`` (default),
``memory`` (tests) or ``package.module:callable`` taking ``(phone, text)``.
"""
from __future__ import annotations

import importlib
import os
import smtplib
import sys
from datetime import datetime, timedelta
from email.message import EmailMessage

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from participation.core.models import utcnow
from participation.events.models import CONFIRMED, Event, Registration
from participation.events.services import local_now
from participation.extensions import db

OUTBOX: list[tuple[str, str, str]] = []  # the memory backend: (channel, to, text)


def _setting(name: str, default: str = "") -> str:
    return str(current_app.config.get(name) or os.environ.get(name) or default)


def send_email(to: str, subject: str, text: str) -> None:
    host = _setting("SMTP_HOST")
    if _setting("EMAIL_BACKEND") == "memory":
        OUTBOX.append(("email", to, f"{subject}\n{text}"))
    elif host:
        message = EmailMessage()
        message["From"] = _setting("SMTP_FROM", "no-reply@localhost")
        message["To"], message["Subject"] = to, subject
        message.set_content(text)
        with smtplib.SMTP(host, int(_setting("SMTP_PORT", "587")), timeout=30) as smtp:
            if _setting("SMTP_USER"):
                smtp.starttls()
                smtp.login(_setting("SMTP_USER"), _setting("SMTP_PASSWORD"))
            smtp.send_message(message)
    else:
        print(f"[e-mail] to={to} subject={subject}\n{text}", file=sys.stdout)


def send_sms(to: str, text: str) -> None:
    backend = _setting("SMS_BACKEND", "console")
    if backend == "memory":
        OUTBOX.append(("sms", to, text))
    elif backend == "console":
        print(f"[sms] to={to}\n{text}", file=sys.stdout)
    else:
        module, _sep, attr = backend.partition(":")
        getattr(importlib.import_module(module), attr)(to, text)


def _deliver(registration: Registration, subject: str, text: str) -> bool | None:
    """True when sent, False when there is no contact, None when the backend failed (the
    next run tries again; one failing address does not stop the others)."""
    contact = registration.contact
    if contact is None:
        return False
    try:
        if contact.email:
            send_email(contact.email, subject, text)
        if contact.phone:
            send_sms(contact.phone, text)
    except Exception as exc:  # noqa: BLE001 - any backend error: log, retry next run
        current_app.logger.warning("events: message to registration %s failed: %s",
                                   registration.id, exc)
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
