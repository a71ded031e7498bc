"""Planning events and chaining them; the event-row lock every capacity decision goes through."""
from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import func, select

from participation.core import clock
from participation.core.errors import DomainError
from participation.events.models import AUDIENCES, CONFIRMED, EVENT_KINDS, Event, Registration
from participation.extensions import db
from participation.territory.models import Challenge, Quartier

EVENT_FIELDS = ("kind", "title", "description", "starts_at", "ends_at", "address",
                "place_words", "audience", "capacity", "signup_deadline", "offered",
                "reported_participants", "survey_id")


def local_now() -> datetime:
    """Event times are local wall-clock times: compare them with the time in Paris
    (naive Europe/Paris, read through ``core.clock.local_now``)."""
    return clock.local_now()


def lock_event(event_id: int) -> Event | None:
    """Take the write lock on an event row for the rest of the transaction.

    PostgreSQL: ``SELECT ... FOR UPDATE``. SQLite has no row locks: ``BEGIN IMMEDIATE``
    takes the database write lock at once, so two sign-ups never read the same count.
    """
    if db.session.get_bind().dialect.name == "sqlite":
        connection = db.session.connection()
        if not connection.connection.dbapi_connection.in_transaction:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        stmt = select(Event).where(Event.id == event_id)
    else:
        stmt = select(Event).where(Event.id == event_id).with_for_update()
    return db.session.scalars(stmt.execution_options(populate_existing=True)).one_or_none()


def chain_capacity(event: Event) -> int | None:
    """One sign-up counts for every event of the chain: the smallest capacity rules."""
    capacities = [e.capacity for e in event.chain if e.capacity]
    return min(capacities) if capacities else None


def confirmed_people(head_id: int) -> int:
    return db.session.scalar(
        select(func.coalesce(func.sum(Registration.adults + Registration.children), 0))
        .where(Registration.event_id == head_id, Registration.status == CONFIRMED)) or 0


def places_left(event: Event) -> int | None:
    capacity = chain_capacity(event)
    if capacity is None:
        return None
    return max(0, capacity - confirmed_people(event.head.id))


def signup_closed_reason(event: Event, now: datetime | None = None) -> str | None:
    """Why residents can no longer sign up, in French, or None when they can."""
    now = now or local_now()
    head = event.head
    if head.starts_at <= now:
        return _("Cet événement est passé : les inscriptions sont closes.")
    if head.signup_deadline and head.signup_deadline < now:
        return _("La date limite d'inscription est dépassée.")
    return None


def _check_event(territory_id: int, data: dict, event: Event | None) -> None:
    if data["kind"] not in EVENT_KINDS or data["audience"] not in AUDIENCES:
        raise DomainError(_("Type d'événement ou public inconnu."), field="kind")
    if data["ends_at"] <= data["starts_at"]:
        raise DomainError(_("La fin doit être après le début."), field="ends_at")
    if data.get("capacity") is not None and data["capacity"] < 1:
        raise DomainError(_("La capacité doit être d'au moins une personne."),
                          field="capacity")
    deadline = data.get("signup_deadline")
    if deadline and deadline > data["starts_at"]:
        raise DomainError(_("La date limite d'inscription doit précéder le début."),
                          field="signup_deadline")
    _check_survey(territory_id, data.get("survey_id"))
    head_id = data.get("chain_head_id")
    if head_id:
        head = db.session.get(Event, head_id)
        if (head is None or head.territory_id != territory_id or head.chain_head_id
                or (event is not None and (head.id == event.id or event.followers))):
            raise DomainError(_("Cet événement ne peut pas suivre celui-là."),
                              field="chain_head_id")
        if event is not None and event.chain_head_id != head_id and db.session.scalar(
                select(Registration.id).where(Registration.event_id == event.id).limit(1)):
            raise DomainError(_("Des personnes sont déjà inscrites à cet événement : il ne "
                                "peut plus suivre un autre."), field="chain_head_id")


def _check_survey(territory_id: int, survey_id: int | None) -> None:
    """The survey whose respondents are offered the sign-up must be the territory's own:
    otherwise a coordinator could show an event (and its form collecting contacts) on
    another territory's public thank-you page."""
    from participation.surveys.models import Survey

    if survey_id:
        survey = db.session.get(Survey, survey_id)
        if survey is None or survey.territory_id != territory_id:
            raise DomainError(_("Ce questionnaire n'existe pas dans votre territoire."),
                              field="survey_id")


def _scoped(model, territory_id: int, ids) -> list:
    ids = {int(i) for i in ids or ()}
    if not ids:
        return []
    rows = list(db.session.scalars(select(model).where(
        model.id.in_(ids), model.territory_id == territory_id)))
    if len(rows) != len(ids):
        raise DomainError(_("Quartier ou enjeu inconnu pour ce territoire."))
    return rows


def save_event(territory_id: int, data: dict, event: Event | None = None) -> Event:
    """Create or update an event; a larger capacity lets waiting parties in."""
    _check_event(territory_id, data, event)
    if event is None:
        event = Event(territory_id=territory_id)
        db.session.add(event)
    for name in EVENT_FIELDS:
        if name in data:
            setattr(event, name, data[name])
    event.chain_head_id = data.get("chain_head_id") or None
    event.quartiers = _scoped(Quartier, territory_id, data.get("quartier_ids"))
    event.challenges = _scoped(Challenge, territory_id, data.get("challenge_ids"))
    db.session.commit()
    from participation.events.signup import promote_waitlist

    promote_waitlist(event.head.id)
    return event


def upcoming_events(territory_id: int, quartier_id: int | None = None,
                    now: datetime | None = None) -> list[Event]:
    """Events still to come, heads of chains only (a chain is signed up to once)."""
    stmt = select(Event).where(Event.territory_id == territory_id, Event.chain_head_id.is_(None),
                               Event.ends_at >= (now or local_now()))
    if quartier_id:
        stmt = stmt.where(Event.quartiers.any(Quartier.id == quartier_id))
    return list(db.session.scalars(stmt.order_by(Event.starts_at)))


def list_events(territory_id: int) -> list[Event]:
    return list(db.session.scalars(select(Event).where(Event.territory_id == territory_id)
                                   .order_by(Event.starts_at.desc())))


def events_for_survey(survey_id: int, now: datetime | None = None) -> list[Event]:
    """Events a survey leads to ("pensez-vous y venir ?"), still open: the surveys feature
    offers their sign-up page after such an answer. Only events of the survey's own
    territory."""
    from participation.surveys.models import Survey

    stmt = select(Event).join(Survey, Survey.id == Event.survey_id).where(
        Event.survey_id == survey_id, Event.territory_id == Survey.territory_id)
    return [e for e in db.session.scalars(stmt.order_by(Event.starts_at))
            if signup_closed_reason(e.head, now) is None]
