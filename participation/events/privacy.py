"""Event personal data declared to the privacy registry (core/personal_data.py).

A sign-up's phone/e-mail (reminders, with consent) is in ``event_registration_contact``; the
sign-up itself keeps a first name and needs (allergies, comment) for the day; check-ins keep
a name. All are found through the contact, erased or blanked, and purged after the event.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from participation.core.personal_data import (
    PersonalTable,
    register_personal_table,
    text_contains_contact,
)
from participation.events.models import CheckIn, Event, Registration, RegistrationContact

RECIPIENTS = _l("Organisateurs de l'événement (coordination, animation)")


def _contact_match(phone, email):
    conditions = [c for c in (text_contains_contact(RegistrationContact.phone, phone, None),
                              text_contains_contact(RegistrationContact.email, None, email))
                  if c is not None]
    return or_(*conditions) if conditions else None


def _registrations_of(phone, email):
    match = _contact_match(phone, email)
    if match is None:
        return None
    return select(RegistrationContact.registration_id).where(match)


def _in(column, ids):
    return column.in_(ids) if ids is not None else None


def _first_event(territory) -> Event:
    from participation.extensions import db

    return db.session.scalar(select(Event).where(Event.territory_id == territory.id)
                             .order_by(Event.id))


def _sample_contact(territory):
    registration = _sample_registration(territory)
    registration.contact = RegistrationContact(phone="0600000000", email="a@example.org")
    return registration.contact


def _sample_registration(territory):
    import secrets

    from participation.extensions import db

    registration = Registration(event_id=_first_event(territory).id, name="Exemple",
                                form_token=secrets.token_hex(8))
    db.session.add(registration)
    db.session.flush()
    return registration


def _sample_checkin(territory):
    from participation.extensions import db

    registration = _sample_registration(territory)
    checkin = CheckIn(event_id=registration.event_id, registration_id=registration.id,
                      name="Exemple", name_key="exemple")
    db.session.add(checkin)
    return checkin


def _event_join(model):
    return lambda stmt: stmt.join(Event, Event.id == model.event_id)


register_personal_table(PersonalTable(
    model=RegistrationContact, fields=("phone", "email"),
    label=_l("Contacts des inscriptions aux événements"),
    purpose=_l("Envoyer un rappel avant l'événement, prévenir d'une place libérée."),
    data=_l("Téléphone, e-mail, date du consentement."),
    legal_basis="consent", recipients=RECIPIENTS, erase="delete", match=_contact_match,
    joins=lambda stmt: stmt.join(Registration, Registration.id ==
                                 RegistrationContact.registration_id)
    .join(Event, Event.id == Registration.event_id),
    territory=lambda: Event.territory_id,
    retention_key="contacts", retention_months=6, retention_from=lambda: Event.ends_at,
    sample=_sample_contact))

register_personal_table(PersonalTable(
    model=Registration, fields=("name", "allergies", "comment", "interpreter_language"),
    label=_l("Inscriptions aux événements"),
    purpose=_l("Préparer l'accueil : liste des inscrits, repas, besoins d'accessibilité."),
    data=_l("Prénom ou nom, nombre de personnes, régimes et allergies, besoins, commentaire."),
    legal_basis="public_task", recipients=RECIPIENTS, erase="blank",
    blank={"name": "", "allergies": "", "comment": "", "interpreter_language": ""},
    match=lambda phone, email: _in(Registration.id, _registrations_of(phone, email)),
    holds_data=lambda: Registration.name != "",
    joins=_event_join(Registration), territory=lambda: Event.territory_id,
    retention_key="event_signups", retention_months=6, retention_from=lambda: Event.ends_at,
    sample=_sample_registration))

register_personal_table(PersonalTable(
    model=CheckIn, fields=("name", "name_key"),
    label=_l("Émargements des événements"),
    purpose=_l("Compter les présents et distinguer les personnes venues plusieurs fois."),
    data=_l("Nom tel qu'émargé, nombre de personnes."),
    legal_basis="public_task", recipients=RECIPIENTS, erase="blank",
    blank={"name": "", "name_key": ""},
    match=lambda phone, email: _in(CheckIn.registration_id, _registrations_of(phone, email)),
    holds_data=lambda: CheckIn.name != "",
    joins=_event_join(CheckIn), territory=lambda: Event.territory_id,
    retention_key="event_signups", retention_months=6, retention_from=lambda: Event.ends_at,
    sample=_sample_checkin))
