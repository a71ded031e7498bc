"""Tables: facilitators record what is said, fast, from a phone; the results page."""
from __future__ import annotations

import textwrap

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from participation.contributions.models import AGE_BANDS, AUTHOR_ROLES, KINDS, SEXES
from participation.core.auth import COORDINATOR, FACILITATOR, get_scoped_or_404, role_required
from participation.core.errors import DomainError
from participation.events import results, tables
from participation.events.forms import TableContributionForm, TableForm
from participation.events.models import Event, EventTable
from participation.events.views import bp
from participation.extensions import db
from participation.territory.models import Territory
from participation.territory.services import current_tree

# The event kinds whose table form asks which of the four questions (seed 004's tables
# rondes) or which commune (forces/faiblesses by commune at a réunion publique) a statement is
# about; the other kinds neither render nor validate those fields.
QUESTION_KINDS = ("table_ronde", "table_quartier")
COMMUNE_KINDS = ("reunion_publique",)


def _tree() -> list[tuple[int, str]]:
    contract = db.session.get(Territory, current_user.territory_id).current_contract
    return [(n.id, "\u2003" * n.depth + n.label) for n in (current_tree(contract)
                                                           if contract else [])]


def _table(event_id: int, table_id: int) -> tuple[Event, EventTable]:
    event = get_scoped_or_404(Event, event_id)
    table = db.get_or_404(EventTable, table_id)
    if table.event_id != event.id:
        abort(404)
    return event, table


@bp.route("/<int:event_id>/tables", methods=["GET", "POST"])
@role_required(FACILITATOR)
def tables_index(event_id: int):
    """The event's tables, and a form to add one (themes, facilitator, participants)."""
    event = get_scoped_or_404(Event, event_id)
    form = TableForm()
    form.challenge_ids.choices = _tree()
    if form.validate_on_submit():
        try:
            table = tables.save_table(event, form.name.data, form.facilitator.data,
                                      form.participants.data, form.challenge_ids.data)
            flash(_("Table « %(n)s » ajoutée.", n=table.name), "success")
            return redirect(url_for("events.table", event_id=event.id, event_table_id=table.id))
        except DomainError as exc:
            getattr(form, exc.field or "name").errors.append(exc.message)
    return render_template("events/tables.html", event=event, form=form), \
        422 if form.errors else 200


def _answer_choices(event: Event, table: EventTable) -> list[tuple[int, str]]:
    """What a statement may answer: what was said at this same table (a mobilisation answers,
    it is never answered), each shown by its kind and its text cut at a word boundary."""
    notes = [n for n in tables.event_notes(event)
             if n.table_id == table.id and n.contribution.kind != "mobilisation"]
    return [(0, _("— Rien —"))] + [
        (n.contribution_id, f"{KINDS[n.contribution.kind]} · "
                            f"{textwrap.shorten(n.contribution.text, 70, placeholder=' …')}")
        for n in notes]


def _contribution_form(event: Event, table: EventTable) -> TableContributionForm:
    form = TableContributionForm()
    form.kind.choices = [(k, KINDS[k]) for k in tables.TABLE_KINDS]
    form.author_role.choices = [(k, AUTHOR_ROLES[k]) for k in ("habitant", "partenaire",
                                                                 "elu")]
    form.challenge_ids.choices = _tree()
    form.answers_id.choices = _answer_choices(event, table)
    if event.kind in QUESTION_KINDS:
        form.question.choices = [("", _("— Sans objet —"))] + list(tables.QUESTIONS.items())
    else:
        del form.question  # only rendered, and validated, where the four questions apply
    if event.kind in COMMUNE_KINDS:
        communes = db.session.get(Territory, event.territory_id).communes
        form.commune_id.choices = [(0, _("— Non précisée —"))] + [(c.id, c.name)
                                                                   for c in communes]
    else:
        del form.commune_id
    form.age_band.choices = [("", "—")] + [(a, a) for a in AGE_BANDS]
    form.sex.choices = [("", "—")] + list(SEXES.items())
    if not form.is_submitted():
        form.challenge_ids.data = tables.default_challenge_ids(table)
    return form


def _record(table: EventTable, form: TableContributionForm):
    question = form.question.data if form.question else ""
    commune_id = form.commune_id.data if form.commune_id else None
    return tables.record_table_contribution(
        table, form.text.data, form.kind.data, form.author_role.data,
        challenge_ids=form.challenge_ids.data or [], answers_id=form.answers_id.data or None,
        question=question or "", commune_id=commune_id or None,
        attribution={"consent": form.attribution_consent.data, "age_band": form.age_band.data,
                     "sex": form.sex.data}, created_by_id=current_user.id)


@bp.route("/<int:event_id>/tables/<int:event_table_id>", methods=["GET", "POST"])
@role_required(FACILITATOR)
def table(event_id: int, event_table_id: int):
    """Record, one after another, what a table says; the form keeps kind and author. A table
    of one theme ticks it; a table of several ticks none (``tables.default_challenge_ids``):
    the facilitator ticks the remark's own, or leaves it to the review queue."""
    event, table = _table(event_id, event_table_id)
    form = _contribution_form(event, table)
    if form.validate_on_submit():
        try:
            _record(table, form)
            flash(_("Contribution enregistrée."), "success")
            return redirect(url_for("events.table", event_id=event.id,
                                    event_table_id=table.id, kind=form.kind.data,
                                    role=form.author_role.data))
        except DomainError as exc:
            getattr(form, exc.field or "text", form.text).errors.append(exc.message)
    elif not form.is_submitted():
        form.kind.data = request.args.get("kind") or "constat"
        form.author_role.data = request.args.get("role") or "habitant"
    said = [n.contribution for n in tables.event_notes(event) if n.table_id == table.id]
    return render_template("events/table.html", event=event, table=table, form=form,
                           said=list(reversed(said)), kinds=KINDS,
                           columns=results.said_columns(said)), 422 if form.errors else 200


@bp.get("/<int:event_id>/results")
@role_required(COORDINATOR)
def results_page(event_id: int):
    """Printable results: headline figures and the layout the contracts use."""
    event = get_scoped_or_404(Event, event_id)
    layout = request.args.get("layout") or results.default_layout(event)
    if layout not in ("colonnes", "questions", "forces"):
        layout = "colonnes"
    notes = tables.event_notes(event)
    data = {"colonnes": results.three_columns, "questions": results.four_questions,
            "forces": results.forces_faiblesses}[layout](event, notes)
    return render_template("events/results.html", event=event, layout=layout, data=data,
                           headline=results.headline(event, notes))
