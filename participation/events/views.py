"""Coordinators plan events; the blueprint also gathers the residents' and the day's pages."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from participation.core.auth import COORDINATOR, FACILITATOR, get_scoped_or_404, role_required
from participation.core.errors import DomainError
from participation.core.registry import staff_menu_entry
from participation.events import services
from participation.events.forms import EventForm
from participation.events.models import MEAL_NEEDS, STATUSES, Event, Registration
from participation.extensions import db
from participation.surveys.models import Survey
from participation.territory.models import Quartier, Territory
from participation.territory.services import current_tree

bp = Blueprint("events", __name__, url_prefix="/events")
staff_menu_entry("events.index", _l("Événements, inscriptions et tables"), FACILITATOR)


def _choices(form: EventForm, event: Event | None = None) -> None:
    tid = current_user.territory_id
    form.quartier_ids.choices = [(q.id, q.name) for q in db.session.scalars(
        select(Quartier).where(Quartier.territory_id == tid).order_by(Quartier.name))]
    contract = db.session.get(Territory, tid).current_contract
    form.challenge_ids.choices = [(n.id, "\u2003" * n.depth + n.label)
                                  for n in (current_tree(contract) if contract else [])]
    heads = [e for e in services.list_events(tid)
             if e.chain_head_id is None and (event is None or e.id != event.id)]
    form.chain_head_id.choices = [(0, _("— Aucun —"))] + [
        (e.id, f"{e.title} ({e.starts_at:%d/%m/%Y})") for e in heads]
    form.survey_id.choices = [(0, _("— Aucun —"))] + [
        (s.id, s.title) for s in db.session.scalars(
            select(Survey).where(Survey.territory_id == tid).order_by(Survey.title))]


def _form_data(form: EventForm) -> dict:
    data = {name: getattr(form, name).data for name in services.EVENT_FIELDS}
    for name in ("description", "address", "place_words", "offered"):
        data[name] = (data[name] or "").strip()
    data["chain_head_id"] = form.chain_head_id.data or None
    data["survey_id"] = form.survey_id.data or None
    data["quartier_ids"] = form.quartier_ids.data or []
    data["challenge_ids"] = form.challenge_ids.data or []
    return data


def _edit(form: EventForm, event: Event | None):
    _choices(form, event)
    if form.validate_on_submit():
        try:
            event = services.save_event(current_user.territory_id, _form_data(form), event)
            flash(_("Événement enregistré."), "success")
            return redirect(url_for("events.manage", event_id=event.id))
        except DomainError as exc:
            getattr(form, exc.field or "title").errors.append(exc.message)
    return render_template("events/form.html", form=form, event=event), \
        422 if form.errors else 200


@bp.get("/")
@role_required(FACILITATOR)
def index():
    """Every event of the territory, newest first."""
    return render_template("events/index.html",
                           events=services.list_events(current_user.territory_id))


@bp.route("/new", methods=["GET", "POST"])
@role_required(COORDINATOR)
def new():
    return _edit(EventForm(), None)


@bp.route("/<int:event_id>/edit", methods=["GET", "POST"])
@role_required(COORDINATOR)
def edit(event_id: int):
    event = get_scoped_or_404(Event, event_id)
    form = EventForm(obj=event)
    if not form.is_submitted():
        form.quartier_ids.data = [q.id for q in event.quartiers]
        form.challenge_ids.data = [c.id for c in event.challenges]
        form.chain_head_id.data = event.chain_head_id or 0
        form.survey_id.data = event.survey_id or 0
    return _edit(form, event)


@bp.get("/<int:event_id>/manage")
@role_required(FACILITATOR)
def manage(event_id: int):
    """The staff view of an event: places, registrations with their needs, links to the day."""
    event = get_scoped_or_404(Event, event_id)
    registrations = db.session.scalars(select(Registration).where(
        Registration.event_id == event.head.id).order_by(Registration.created_at,
                                                         Registration.id)).all()
    survey = _leading_survey(event)
    return render_template("events/manage.html", event=event, registrations=registrations,
                           survey_title=survey.title if survey else None,
                           places_left=services.places_left(event),
                           capacity=services.chain_capacity(event), statuses=STATUSES,
                           meals=MEAL_NEEDS)


def _leading_survey(event: Event) -> Survey | None:
    """The territory's survey that leads to the event, shown by its title."""
    if not event.survey_id:
        return None
    survey = db.session.get(Survey, event.survey_id)
    return survey if survey and survey.territory_id == event.territory_id else None


# The other route modules attach their views to ``bp``
from participation.events import (  # noqa: E402,F401
    day_views,
    privacy,
    public_views,
    table_views,
)
