"""Residents sign up (no account), join the waitlist, cancel; waiting parties get promoted.

Every decision about places is taken while holding the event-row lock (``lock_event``), so
simultaneous sign-ups never overbook. Capacity counts people (adults + children).
"""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select

from participation.core.contacts import contact_problem
from participation.core.errors import DomainError, Problems
from participation.core.i18n import current_language
from participation.core.models import utcnow
from participation.core.person_keys import normalise_email, normalise_phone
from participation.events.models import (
    CANCELLED,
    CONFIRMED,
    MEAL_NEEDS,
    REMINDER_CONSENT_TEXT,
    REMINDER_CONSENT_VERSION,
    WAITLISTED,
    Event,
    Registration,
    RegistrationContact,
)
from participation.events.services import (
    chain_capacity,
    confirmed_people,
    local_now,
    lock_event,
    signup_closed_reason,
)
from participation.extensions import db
from participation.privacy.models import ConsentRecord

MAX_PARTY = 20
CONTACT_TABLE = "event_registration_contact"  # its registry key (events/privacy.py)
TOKEN_MAX_AGE = 400 * 24 * 3600


class EventFull(DomainError):
    """No room left and the resident did not ask for the waitlist."""


def _party(answers: dict, problems: Problems) -> tuple[int, int]:
    """(adults, children); (0, 0) with its problem added when the party is not valid."""
    try:
        adults, children = int(answers.get("adults") or 0), int(answers.get("children") or 0)
    except (TypeError, ValueError):
        problems.add(_("Indiquez un nombre de personnes."), "adults")
        return 0, 0
    if adults < 0 or children < 0 or adults + children < 1:
        problems.add(_("Indiquez au moins une personne."), "adults")
    elif adults + children > MAX_PARTY:
        problems.add(_("Un groupe compte au plus %(n)s personnes : contactez l'organisateur "
                       "pour un groupe plus grand.", n=MAX_PARTY), "adults")
    else:
        return adults, children
    return 0, 0


def _contact(answers: dict, problems: Problems) -> tuple[str, str]:
    """(phone, e-mail) normalised; each problem added (a phone and an e-mail both wrong:
    two messages)."""
    phone = (answers.get("phone") or "").strip()
    email = (answers.get("email") or "").strip()
    for name, message in contact_problem(phone, email).items():
        problems.add(message, name)
    consent = bool(answers.get("consent"))
    if (phone or email) and not consent:
        problems.add(_("Cochez la case d'accord pour recevoir un rappel, ou laissez le "
                       "téléphone et l'e-mail vides."), "consent")
    if consent and not (phone or email):
        problems.add(_("Indiquez un téléphone ou un e-mail pour recevoir un rappel."), "phone")
    return normalise_phone(phone) or "", normalise_email(email) or ""


def _read(answers: dict, problems: Problems) -> dict:
    """The sign-up as stored, every problem of ``answers`` added to ``problems``."""
    name = (answers.get("name") or "").strip()
    if not name or len(name) > 80:
        problems.add(_("Indiquez un prénom ou un pseudonyme (80 caractères au plus)."), "name")
    adults, children = _party(answers, problems)
    meals = list(answers.get("meal_needs") or [])
    unknown = [m for m in meals if m not in MEAL_NEEDS]
    if unknown:
        problems.add(_("Besoin inconnu : %(v)s", v=", ".join(unknown)), "meal_needs")
    language = (answers.get("interpreter_language") or "").strip()[:60]
    if answers.get("interpreter") and not language:
        problems.add(_("Précisez la langue de l'interprète."), "interpreter_language")
    phone, email = _contact(answers, problems)
    return {"name": name, "adults": adults, "children": children,
            "meal_needs": ",".join(m for m in MEAL_NEEDS if m in meals),
            "allergies": (answers.get("allergies") or "").strip()[:300],
            "mobility": bool(answers.get("mobility")), "childcare": bool(answers.get("childcare")),
            "interpreter_language": language if answers.get("interpreter") else "",
            "comment": (answers.get("comment") or "").strip()[:2000],
            "phone": phone, "email": email}


def clean_answers(answers: dict) -> dict:
    """Check a sign-up before anything is locked or stored: the data to store, or
    ``FormInvalid`` with every problem at once (name, party, meals, interpreter, contact)."""
    problems = Problems()
    data = _read(answers, problems)
    problems.check()
    return data


def check_signup(event: Event, answers: dict, accept_waitlist: bool) -> None:
    """Every problem of a sign-up at once, before it is sent to ``sign_up``: the answers'
    (``clean_answers``), sign-ups closed, and a party too big for the places left while the
    waiting list was not accepted (read without the lock: ``sign_up`` decides again under
    it). Raises ``FormInvalid``; returns None when there is none."""
    problems = Problems()
    data = _read(answers, problems)
    head = event.head
    reason = signup_closed_reason(head)
    if reason:
        problems.add(reason)
    people = data["adults"] + data["children"]
    capacity = chain_capacity(head)
    if people and not reason and not accept_waitlist and capacity is not None \
            and confirmed_people(head.id) + people > capacity:
        problems.add(_not_enough_places(head, people), "accept_waitlist")
    problems.check()


def sign_up(event_id: int, form_token: str, answers: dict, accept_waitlist: bool = True,
            now: datetime | None = None) -> Registration:
    """Register a party to an event's chain: confirmed if it fits, else waitlisted.

    ``form_token`` is the one-time token of the form: the same token twice (double click,
    retried request) returns the first registration instead of storing a second one.
    """
    data = clean_answers(answers)
    if not form_token or len(form_token) > 64:
        raise DomainError(_("Le formulaire a expiré : rechargez la page."))
    head = lock_event(event_id)
    try:
        if head is None:
            raise DomainError(_("Cet événement n'existe pas."))
        head = lock_event(head.head.id) if head.chain_head_id else head
        existing = db.session.scalar(select(Registration).where(
            Registration.form_token == form_token))
        if existing is not None:
            db.session.rollback()
            return existing
        reason = signup_closed_reason(head, now)
        if reason:
            raise DomainError(reason)
        capacity = chain_capacity(head)
        fits = capacity is None or confirmed_people(head.id) + data["adults"] + \
            data["children"] <= capacity
        if not fits and not accept_waitlist:
            raise EventFull(_not_enough_places(head, data["adults"] + data["children"]),
                            field="accept_waitlist")
        registration = _store(head.id, form_token, data, CONFIRMED if fits else WAITLISTED)
        db.session.commit()
        return registration
    except DomainError:
        db.session.rollback()
        raise


def _not_enough_places(head: Event, party: int) -> str:
    """Said once, next to the waiting-list box: how many places are left for how many people
    (the page already says "complet" when no place is left, and then puts people on the list
    without asking)."""
    left = max(chain_capacity(head) - confirmed_people(head.id), 0)
    places = ngettext("Il reste %(num)s place", "Il reste %(num)s places", left)
    people = ngettext("%(num)s personne", "%(num)s personnes", party)
    return _("%(places)s, pas assez pour %(people)s : cochez la case pour être sur la liste "
             "d'attente, ou inscrivez moins de personnes.", places=places, people=people)


def _store(event_id: int, form_token: str, data: dict, status: str) -> Registration:
    phone, email = data.pop("phone"), data.pop("email")
    registration = Registration(event_id=event_id, form_token=form_token, status=status, **data)
    if phone or email:
        registration.contact = RegistrationContact(
            phone=phone, email=email, consent_text=str(REMINDER_CONSENT_TEXT),
            consent_language=current_language())
    db.session.add(registration)
    db.session.flush()
    if registration.contact is not None:
        reminder_consent(registration)
    return registration


def reminder_consent(registration: Registration) -> ConsentRecord:
    """The ``reminders`` consent of a sign-up's contact (the proof kept by ``privacy``, whose
    link withdraws it: ``privacy.messages``); recorded from the text, language and date the
    contact was stored with when the sign-up predates it (session s28privacy). The
    registration must have a contact."""
    from participation.privacy.consent import record_consent
    from participation.privacy.messages import consent_for

    contact = registration.contact
    found = consent_for(CONTACT_TABLE, contact.id)
    if found is not None:
        return found
    consent = record_consent(
        registration.territory_id, "reminders",
        contact.consent_text or str(REMINDER_CONSENT_TEXT), REMINDER_CONSENT_VERSION,
        phone=contact.phone, email=contact.email, source_table=CONTACT_TABLE,
        source_id=contact.id, language=contact.consent_language)
    consent.given_at = contact.consented_at or consent.given_at
    return consent


def promote_waitlist(head_id: int, commit: bool = True) -> list[Registration]:
    """Let waiting parties in, in order, each one that fits the places left.

    The promoted ones are marked ``promoted_at``; ``send_pending_notices`` tells them.
    """
    head = lock_event(head_id)
    promoted: list[Registration] = []
    capacity = chain_capacity(head) if head else None
    if head is not None:
        left = None if capacity is None else capacity - confirmed_people(head.id)
        waiting = db.session.scalars(select(Registration).where(
            Registration.event_id == head.id, Registration.status == WAITLISTED)
            .order_by(Registration.created_at, Registration.id))
        for registration in waiting:
            if left is not None and registration.people > left:
                continue
            registration.status, registration.promoted_at = CONFIRMED, utcnow()
            promoted.append(registration)
            if left is not None:
                left -= registration.people
    if commit:
        db.session.commit()
    return promoted


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="events-registration")


def registration_token(registration: Registration) -> str:
    """The private key of a sign-up: confirmation page, calendar file, cancellation."""
    return _serializer().dumps({"r": registration.id, "t": registration.form_token[:8]})


def registration_from_token(token: str) -> Registration:
    try:
        payload = _serializer().loads(token, max_age=TOKEN_MAX_AGE)
    except SignatureExpired as exc:
        raise DomainError(_("Ce lien a expiré.")) from exc
    except BadSignature as exc:
        raise DomainError(_("Ce lien n'est pas valide.")) from exc
    registration = db.session.get(Registration, payload.get("r"))
    if registration is None or registration.form_token[:8] != payload.get("t"):
        raise DomainError(_("Cette inscription n'existe plus."))
    return registration


def cancel_registration(token: str, now: datetime | None = None) -> list[Registration]:
    """Cancel from the private link; the contact is erased; waiting parties move up."""
    registration = registration_from_token(token)
    if registration.status == CANCELLED:
        return []
    head = lock_event(registration.event_id)
    if head.starts_at <= (now or local_now()):
        db.session.rollback()
        raise DomainError(_("L'événement a commencé : l'inscription ne peut plus être "
                            "annulée en ligne."))
    registration.status, registration.cancelled_at = CANCELLED, utcnow()
    if registration.contact is not None:
        end_reminder_consent(registration.contact, "link")
    registration.contact = None
    db.session.flush()
    return promote_waitlist(head.id)


def end_reminder_consent(contact: RegistrationContact, by: str) -> None:
    """A sign-up's contact is erased (its cancellation from the private link, ``by`` "link";
    the retention purge after the event, "erasure"): the ``reminders`` consent it was kept
    under ends with it, dated now, so that the person's consents (``/privacy/personne``, the
    access export) show no consent still active for a contact no longer held; ``by`` one
    of ``privacy.models.WITHDRAWN_BY``."""
    from participation.privacy.messages import consent_for

    consent = consent_for(CONTACT_TABLE, contact.id)
    if consent is not None:
        consent.withdrawn_at, consent.withdrawn_by = utcnow(), by


def waitlist_position(registration: Registration) -> int | None:
    """1 for the first party waiting, None when not waiting."""
    if registration.status != WAITLISTED:
        return None
    ahead = db.session.scalars(select(Registration.id).where(
        Registration.event_id == registration.event_id, Registration.status == WAITLISTED,
        (Registration.created_at < registration.created_at)
        | ((Registration.created_at == registration.created_at)
           & (Registration.id < registration.id)))).all()
    return len(ahead) + 1


def purge_contacts(days: int = 30, now: datetime | None = None) -> int:
    """Erase the phones and e-mails of events that ended ``days`` ago (retention)."""
    limit = (now or local_now()) - timedelta(days=days)
    contacts = db.session.scalars(
        select(RegistrationContact).join(Registration).join(
            Event, Event.id == Registration.event_id).where(Event.ends_at < limit)).all()
    for contact in contacts:
        end_reminder_consent(contact, "erasure")
        db.session.delete(contact)
    db.session.commit()
    return len(contacts)
