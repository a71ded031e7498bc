"""Personal data of events, declared to the registry (core/personal_data.py).

The reminder contact (phone, e-mail) is the only personal data an event keeps beyond a first
name or pseudonym: given with consent, in its own table, found and erased by phone or e-mail,
deleted with its registration and one month after the event (``flask privacy purge``, or
``flask events purge-contacts``).
"""
from __future__ import annotations

import secrets
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from participation.core.person_keys import contact_match, name_matches, name_orders
from participation.core.personal_data import PersonalTable, register_personal_table
from participation.events.models import (
    CheckIn,
    Event,
    EventTable,
    Registration,
    RegistrationContact,
)
from participation.extensions import db
from participation.privacy.staff_texts import register_staff_text


def _sample(territory):
    from participation.events.services import local_now

    start = local_now().replace(microsecond=0) + timedelta(days=7)
    event = Event(territory_id=territory.id, kind="barbecue", title="Barbecue",
                  starts_at=start, ends_at=start + timedelta(hours=3))
    registration = Registration(event=event, form_token=f"sample-{secrets.token_hex(8)}",
                                name="Exemple")
    registration.contact = RegistrationContact(phone="+33600000000", email="x@example.org")
    db.session.add(registration)
    db.session.flush()
    return registration.contact


def _reminder_consent(row) -> dict:
    """The consent a reminders contact was kept with (``PersonalTable.access``)."""
    return {"consent": {"text": row.consent_text, "purpose": str(CONTACT.purpose),
                        "language": row.consent_language, "given_at": row.consented_at}}


def _registration_bond(row):
    """A sign-up and its reminder contact are one person's (``PersonalTable.bond``): found
    by the name, the sign-up brings the contact, and its consent (DPO tester t28res,
    defect 2: « فاطمة بن علي » split in two, the sign-up apart from its contact)."""
    ident = row.id if isinstance(row, Registration) else row.registration_id
    return ("event_registration", ident) if ident else None


def _registration_ids(bonds: set) -> set[int]:
    return {ident for kind, ident in bonds if kind == "event_registration"}


def _contacts_of_registrations(bonds: set) -> list:
    return list(db.session.scalars(select(RegistrationContact).where(
        RegistrationContact.registration_id.in_(_registration_ids(bonds)))
        .order_by(RegistrationContact.id)))


def _registrations(bonds: set) -> list:
    return list(db.session.scalars(select(Registration).where(
        Registration.id.in_(_registration_ids(bonds))).order_by(Registration.id)))


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
    retention_from=lambda: Event.ends_at, sample=_sample, access=_reminder_consent,
    bond=_registration_bond, bonded=_contacts_of_registrations))

# A sign-up's other personal data (security finding 5): the first name or pseudonym, the
# meal needs and allergies (health, religion), the needs (mobility, childcare, interpreter)
# and the free comment; the check-in names of the day. Found by the sign-up's contact, by the
# name, or by the contact written in the comment; blanked (the counts stay for the figures).
ERASED_NAME = "Personne (données effacées)"
SIGNUP_RETENTION = dict(retention_key="event_signup", retention_months=12,
                        retention_from=lambda: Event.ends_at)


_registration_match = contact_match(RegistrationContact, RegistrationContact.registration_id,
                                    Registration.id)
_checkin_match = contact_match(RegistrationContact, RegistrationContact.registration_id,
                               CheckIn.registration_id)


def _checkin_name(name):
    from participation.events.attendance import name_key

    keys = [name_key(order) for order in name_orders(name)]
    return or_(CheckIn.name_key.in_(keys), name_matches(CheckIn.name, name))


def _sample_registration(territory):
    return _sample(territory).registration


def _sample_checkin(territory):
    registration = _sample_registration(territory)
    checkin = CheckIn(event_id=registration.event_id, registration_id=registration.id,
                      name="Exemple", name_key="exemple")
    db.session.add(checkin)
    db.session.flush()
    return checkin


def _registration_access(row: Registration) -> dict:
    """The sign-up as the person reads it (``PersonalTable.access``, ``privacy.access``):
    the event's title and day (its Paris wall-clock start's date, so 23:30 stays that
    day: ``core.templating.day``), the party size (adults + children, in
    people) and the status in words (``events.models.STATUSES``)."""
    from participation.events.models import STATUSES

    status = STATUSES.get(row.status)
    return {"registration": {"event": row.event.title, "starts_at": row.event.starts_at.date(),
                             "party_size": (row.adults or 0) + (row.children or 0),
                             "status": str(status) if status else row.status}}


REGISTRATION = register_personal_table(PersonalTable(
    model=Registration,
    fields=("name", "meal_needs", "allergies", "mobility", "childcare", "interpreter_language",
            "comment"),
    label=_l("Inscriptions aux événements"),
    purpose=_l("Accueillir les personnes inscrites : places, repas, allergies, accès, garde "
               "d'enfants, interprète."),
    data=_l("Prénom ou pseudonyme, taille du groupe, besoins pour le repas et allergies "
            "(données de santé), besoins d'accès, de garde ou d'interprète, commentaire."),
    legal_basis="consent", recipients=_l("Organisateurs de l'événement"),
    erase="blank", blank={"name": ERASED_NAME, "meal_needs": "", "allergies": "",
                          "mobility": False, "childcare": False, "interpreter_language": "",
                          "comment": ""},
    match=_registration_match, name_fields=("name",),
    text_fields=("comment", "allergies", "interpreter_language"),
    joins=lambda stmt: stmt.join(Event, Event.id == Registration.event_id),
    territory=lambda: Event.territory_id, sample=_sample_registration,
    access=_registration_access, bond=_registration_bond, bonded=_registrations,
    **SIGNUP_RETENTION))

CHECKIN = register_personal_table(PersonalTable(
    model=CheckIn, fields=("name", "name_key"),
    label=_l("Pointage des présents aux événements"),
    purpose=_l("Compter les présents le jour de l'événement."),
    data=_l("Prénom ou pseudonyme de la personne pointée (inscrite ou venue sans "
            "inscription), taille du groupe."),
    legal_basis="consent", recipients=_l("Organisateurs de l'événement"),
    erase="blank", blank={"name": ERASED_NAME, "name_key": ""},
    match=_checkin_match, name_match=_checkin_name, name_fields=("name",),
    joins=lambda stmt: stmt.join(Event, Event.id == CheckIn.event_id),
    territory=lambda: Event.territory_id, sample=_sample_checkin, **SIGNUP_RETENTION))


# Texts the staff write (task s27erase): an event's description, the facilitator of a table
# ("Nadia, habitante relais"). The notes of a table citoyenne are contributions, registered
# with them (``privacy.registrations.CONTRIBUTION_TEXT``).
def _event_where(event: Event) -> str:
    from flask_babel import gettext as _

    from participation.core.templating import day

    return _("Événement « %(title)s » du %(date)s", title=event.title,
             date=day(event.starts_at.date()))


def _table_where(table: EventTable) -> str:
    from flask_babel import gettext as _

    return _("%(event)s — table « %(table)s »", event=_event_where(table.event),
             table=table.name)


def _sample_table(territory) -> EventTable:
    registration = _sample(territory).registration
    table = EventTable(event=registration.event, name="Table exemple")
    db.session.add(table)
    db.session.flush()
    return table


register_staff_text(
    Event, ("description",), label=_l("Événements : descriptions rédigées par l’équipe"),
    purpose=_l("Présenter l’événement ; une description qui nomme une personne ou donne son "
               "contact est retrouvée par ce nom ou ce contact."),
    where=_event_where, sample=lambda territory: _sample(territory).registration.event)

register_staff_text(
    EventTable, ("facilitator",), label=_l("Tables citoyennes : animation des tables"),
    purpose=_l("Dire qui anime chaque table ; un nom ou un contact écrit là est retrouvé."),
    where=_table_where, sample=_sample_table,
    joins=lambda stmt: stmt.join(Event, Event.id == EventTable.event_id),
    territory=lambda: Event.territory_id)
