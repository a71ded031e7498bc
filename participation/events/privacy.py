"""Personal data of events, declared to the registry (core/personal_data.py).

The reminder contact (phone, e-mail) is the only personal data an event keeps beyond a first
name or pseudonym: given with consent, in its own table, found and erased by phone or e-mail,
deleted with its registration and one month after the event (``flask privacy purge``, or
``flask events purge-contacts``).
"""
from __future__ import annotations

from datetime import timedelta

from flask_babel import lazy_gettext as _l

from participation.core.personal_data import PersonalTable, register_personal_table
from participation.events.models import Event, Registration, RegistrationContact
from participation.extensions import db


def _sample(territory):
    from participation.events.services import local_now

    start = local_now().replace(microsecond=0) + timedelta(days=7)
    event = Event(territory_id=territory.id, kind="barbecue", title="Barbecue",
                  starts_at=start, ends_at=start + timedelta(hours=3))
    registration = Registration(event=event, form_token=f"sample-{start.timestamp()}",
                                name="Exemple")
    registration.contact = RegistrationContact(phone="+33600000000", email="x@example.org")
    db.session.add(registration)
    db.session.flush()
    return registration.contact


CONTACT = register_personal_table(PersonalTable(
    model=RegistrationContact, fields=("phone", "email"),
    label=_l("Contacts pour les rappels des événements"),
    purpose=_l("Rappeler l'événement aux personnes inscrites et prévenir celles de la liste "
               "d'attente quand une place se libère."),
    data=_l("Téléphone et/ou e-mail, donnés avec l'accord de la personne ; le prénom ou "
            "pseudonyme et la taille du groupe restent dans l'inscription."),
    legal_basis="consent", recipients=_l("Organisateurs de l'événement"),
    erase="delete", phone_field="phone", email_field="email",
    joins=lambda stmt: stmt.join(Registration,
                                 Registration.id == RegistrationContact.registration_id)
    .join(Event, Event.id == Registration.event_id),
    territory=lambda: Event.territory_id,
    retention_key="event_contact", retention_months=1,
    retention_from=lambda: Event.ends_at, sample=_sample))
