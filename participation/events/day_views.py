"""On the day (facilitators, on a phone): check-in list, walk-ins, paper sheet; the figures."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from participation.core.auth import FACILITATOR, get_scoped_or_404, role_required
from participation.core.errors import DomainError, ImportRejected
from participation.core.urls import db_id
from participation.events import attendance
from participation.events.forms import PaperSheetForm, WalkInForm
from participation.events.models import Event
from participation.events.views import bp


def _checkin_page(event: Event, walk_form: WalkInForm, status: int = 200,
                  similar: list[str] | None = None):
    query = request.values.get("q", "").strip()
    return render_template("events/checkin.html", event=event, query=query,
                           rows=attendance.checkin_list(event, query),
                           walk_ins=attendance.walk_ins(event, query), walk_form=walk_form,
                           headcount=attendance.headcount(event), similar=similar), status


def _similar_refusal(event: Event, form: WalkInForm) -> list[str]:
    """The names on the list like the walk-in's, with the refusal written on the form's
    name; [] when there is none or the facilitator ticked « C'est une autre personne »."""
    similar = [] if form.other_person.data else attendance.names_like(event, form.name.data)
    if similar:
        form.name.errors.append(_(
            "« %(name)s » ressemble à %(others)s, déjà sur la liste : pointez cette personne "
            "dans la liste ci-dessus, ou cochez « C'est une autre personne ».",
            name=form.name.data.strip(), others=", ".join(f"« {n} »" for n in similar[:3])))
    return similar


@bp.get("/<int:event_id>/checkin")
@role_required(FACILITATOR)
def checkin(event_id: int):
    """The list to tick at the door, with a search box and the live headcount."""
    return _checkin_page(get_scoped_or_404(Event, event_id), WalkInForm())


@bp.post("/<int:event_id>/checkin/tick")
@role_required(FACILITATOR)
def tick(event_id: int):
    event = get_scoped_or_404(Event, event_id)
    try:
        checkin = attendance.check_in(event, request.form.get("registration_id", 0, type=db_id))
        flash(_("%(name)s est pointé(e).", name=checkin.name), "success")
    except DomainError as exc:
        flash(exc.message, "error")
    return redirect(url_for("events.checkin", event_id=event.id, q=request.form.get("q") or None))


@bp.post("/<int:event_id>/checkin/undo")
@role_required(FACILITATOR)
def untick(event_id: int):
    event = get_scoped_or_404(Event, event_id)
    try:
        attendance.undo_check_in(event, request.form.get("checkin_id", 0, type=db_id))
        flash(_("Pointage annulé."), "success")
    except DomainError as exc:
        flash(exc.message, "error")
    return redirect(url_for("events.checkin", event_id=event.id, q=request.form.get("q") or None))


@bp.post("/<int:event_id>/walk-in")
@role_required(FACILITATOR)
def walk_in(event_id: int):
    """A walk-in in one step: name and party size, counted at once."""
    event = get_scoped_or_404(Event, event_id)
    form = WalkInForm()
    similar = None
    if form.validate_on_submit() and not (similar := _similar_refusal(event, form)):
        try:
            checkin = attendance.add_walk_in(event, form.name.data, form.adults.data,
                                             form.children.data)
            flash(_("%(name)s ajouté(e) sur place.", name=checkin.name), "success")
            return redirect(url_for("events.checkin", event_id=event.id))
        except DomainError as exc:
            getattr(form, exc.field or "name").errors.append(exc.message)
    return _checkin_page(event, form, 422, similar)


@bp.get("/<int:event_id>/sheet")
@role_required(FACILITATOR)
def sheet(event_id: int):
    """The A4 sign-in sheet: registered names, then blank lines for walk-ins."""
    event = get_scoped_or_404(Event, event_id)
    rows = attendance.checkin_list(event)
    return render_template("events/sheet.html", event=event, rows=rows,
                           blanks=range(max(10, 25 - len(rows) % 25)))


@bp.route("/<int:event_id>/paper", methods=["GET", "POST"])
@role_required(FACILITATOR)
def paper(event_id: int):
    """Type a paper sign-in sheet back in; it merges with the online list."""
    event = get_scoped_or_404(Event, event_id)
    form = PaperSheetForm()
    errors: list = []
    if form.validate_on_submit():
        try:
            counts = attendance.import_paper_sheet(event, form.lines.data)
            flash(_("Feuille enregistrée : %(c)s, %(w)s, %(a)s.",
                    c=ngettext("%(num)s inscrit pointé", "%(num)s inscrits pointés",
                               counts["checked_in"]),
                    w=ngettext("%(num)s venu sur place", "%(num)s venus sur place",
                               counts["walk_ins"]),
                    a=ngettext("%(num)s déjà présent", "%(num)s déjà présents",
                               counts["already"])), "success")
            return redirect(url_for("events.checkin", event_id=event.id))
        except ImportRejected as exc:
            form.lines.errors.append(exc.message)
            errors = exc.errors
    return render_template("events/paper.html", event=event, form=form, errors=errors), \
        422 if form.errors else 200


@bp.get("/<int:event_id>/stats")
@role_required(FACILITATOR)
def stats(event_id: int):
    """After the event: registered, attended, walk-ins, no-show rate, distinct people."""
    event = get_scoped_or_404(Event, event_id)
    return render_template("events/stats.html", event=event, s=attendance.event_stats(event))
