"""Facilitators: tablet interviews, paper batches typed by keyboard, double entry, print."""
from __future__ import annotations

import segno
from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from participation.contributions.models import AGE_BANDS, SEXES
from participation.core.auth import FACILITATOR, get_scoped_or_404, role_required
from participation.core.errors import DomainError
from participation.core.registry import staff_menu_entry
from participation.core.urls import db_id
from participation.extensions import db
from participation.surveys import paper
from participation.surveys import street as street_module
from participation.surveys.blueprint import bp
from participation.surveys.form_pages import (
    draft_form,
    is_language_switch,
    read_submission,
    render_form,
    sent_form,
    switched_form,
)
from participation.surveys.forms import BatchForm
from participation.surveys.models import PLACES, Batch, Survey
from participation.surveys.page_language import (
    asked_language,
    page_context,
    page_language,
    public_url,
    use_language,
)
from participation.surveys.responses import existing, new_token, submit_response

staff_menu_entry("surveys.entry_list", _l("Saisir des questionnaires"), FACILITATOR)


@bp.get("/surveys/entry")
@role_required(FACILITATOR)
def entry_list():
    """Open (and draft) surveys a facilitator can collect answers for."""
    surveys = db.session.scalars(select(Survey).where(
        Survey.territory_id == current_user.territory_id, Survey.status != "closed")
        .order_by(Survey.title))
    return render_template("surveys/entry_list.html", surveys=list(surveys))


def _entry_home_page(survey: Survey, form: BatchForm, status: int = 200):
    """The survey's collection page: its paper batches and the new-batch ``form`` (with its
    errors and typed values after a refused batch)."""
    batches = db.session.scalars(select(Batch).where(Batch.survey_id == survey.id)
                                 .order_by(Batch.created_at.desc())).all()
    counts = {b.id: paper.batch_count(b) for b in batches}
    return render_template("surveys/entry_home.html", survey=survey, batches=batches,
                           counts=counts, form=form), status


@bp.get("/surveys/<int:survey_id>/entry")
@role_required(FACILITATOR)
def entry_home(survey_id: int):
    return _entry_home_page(get_scoped_or_404(Survey, survey_id), BatchForm())


@bp.route("/surveys/<int:survey_id>/interview", methods=["GET", "POST"])
@role_required(FACILITATOR)
def interview(survey_id: int):
    """Tablet interview: the residents' form, channel "entretien"; the place is remembered.
    A send that stores nothing comes back through a redirect (``form_pages.sent_form``)."""
    survey = get_scoped_or_404(Survey, survey_id)
    action = url_for("surveys.interview", survey_id=survey.id)
    page = {"action": action, "place_choices": PLACES}
    if request.method == "GET":
        data = MultiDict({"place": session.get("survey_place", "")})
        return draft_form(survey, **page) or render_form(survey, data=data, **page)
    if is_language_switch(request.form):
        return switched_form(survey, remember=False, target=action)
    token = request.form.get("token", "")
    if not (token and existing(token)):
        values, errors, _shown, newly = read_submission(survey, request.form)
        place = (request.form.get("place") or "").strip()[:200]
        if not place:
            errors["place"] = _("Indiquez le lieu de recueil.")
        if errors or newly:
            return sent_form(survey, target=action, errors=errors, newly=newly)
        session["survey_place"] = place
        try:
            submit_response(survey, values, token, consent=bool(request.form.get("consent")),
                            channel="entretien", place=place, created_by_id=current_user.id,
                            must_be_open=False, language=page_language())
        except DomainError as exc:
            return sent_form(survey, target=action, errors={"form": exc.message},
                             token=new_token())
    flash(_("Entretien enregistré. Questionnaire suivant :"), "success")
    return redirect(action)


@bp.post("/surveys/<int:survey_id>/batches")
@role_required(FACILITATOR)
def batch_new(survey_id: int):
    survey = get_scoped_or_404(Survey, survey_id)
    form = BatchForm()
    verifies = None
    if request.form.get("verifies_id", type=db_id):
        verifies = get_scoped_or_404(Batch, request.form.get("verifies_id", type=db_id))
    if form.validate_on_submit():
        try:
            batch = paper.create_batch(survey, form.label.data, form.collected_on.data,
                                       form.place.data, current_user.id, verifies)
            return redirect(url_for("surveys.sheet", batch_id=batch.id))
        except DomainError as exc:
            flash(exc.message, "error")
    return _entry_home_page(survey, form, 400)


@bp.route("/surveys/batches/<int:batch_id>", methods=["GET", "POST"])
@role_required(FACILITATOR)
def sheet(batch_id: int):
    """Keyboard-first entry of one paper sheet; the count runs as sheets go in."""
    batch = get_scoped_or_404(Batch, batch_id)
    errors, data = {}, request.form
    if request.method == "POST":
        number = request.form.get("sheet", type=db_id)
        response, errors = paper.enter_sheet(batch, number or 0, request.form, current_user.id)
        if response is not None:
            flash(_("Feuille n° %(n)s enregistrée.", n=number), "success")
            return redirect(url_for("surveys.sheet", batch_id=batch.id))
    return render_template("surveys/sheet.html", batch=batch, survey=batch.survey,
                           errors=errors, data=data, count=paper.batch_count(batch),
                           next_sheet=paper.next_sheet(batch)), 400 if errors else 200


@bp.get("/surveys/batches/<int:batch_id>/compare")
@role_required(FACILITATOR)
def compare(batch_id: int):
    """Double entry: where the second keying differs from the first."""
    second = get_scoped_or_404(Batch, batch_id)
    if second.verifies_id is None:
        flash(_("Ce lot n'est pas une seconde saisie."), "error")
        return redirect(url_for("surveys.entry_home", survey_id=second.survey_id))
    first = db.session.get(Batch, second.verifies_id)
    return render_template("surveys/compare.html", first=first, second=second,
                           mismatches=paper.compare_batches(first, second))


@bp.post("/surveys/batches/<int:batch_id>/adopt")
@role_required(FACILITATOR)
def adopt(batch_id: int):
    """Keep the second keying of one sheet after checking the paper."""
    second = get_scoped_or_404(Batch, batch_id)
    sheet = request.form.get("sheet", type=db_id) or 0
    first = db.session.get(Batch, second.verifies_id) if second.verifies_id else None
    try:
        if first is None:
            raise DomainError(_("Ce lot n'est pas une seconde saisie."))
        paper.adopt_second(first, second, sheet)
        flash(_("Feuille n° %(n)s corrigée d'après la seconde saisie.", n=sheet), "success")
    except DomainError as exc:
        flash(exc.message, "error")
    return redirect(url_for("surveys.compare", batch_id=second.id))


@bp.get("/surveys/<int:survey_id>/print")
@role_required(FACILITATOR)
def print_form(survey_id: int):
    """The paper questionnaire, numbered like the entry screen, with a sheet-number box, in
    ``?lang=`` (one of the survey's languages, else the default one) and a QR code to the
    survey page in that language."""
    survey = get_scoped_or_404(Survey, survey_id)
    tag = use_language(survey, asked_language(survey))
    url = public_url("surveys.answer", slug=survey.slug, lang=tag)
    qr = segno.make(url, error="m").svg_inline(
        scale=3, border=2, title=_("Code QR vers le questionnaire en ligne"))
    return render_template("surveys/print.html", survey=survey, url=url, qr=Markup(qr),
                           **page_context(survey))


@bp.route("/surveys/<int:survey_id>/street", methods=["GET", "POST"])
@role_required(FACILITATOR)
def street(survey_id: int):
    """Micro-trottoir: short answers to the open questions, where they were said."""
    survey = get_scoped_or_404(Survey, survey_id)
    questions = street_module.open_questions(survey)
    error, data = None, request.form if request.method == "POST" else MultiDict(
        {"place": session.get("survey_place", ""), "token": new_token()})
    if request.method == "POST":
        texts = {q.id: request.form.get(f"q{q.id}", "") for q in questions}
        try:
            street_module.record_street_answers(
                survey, texts, token=request.form.get("token") or new_token(),
                place=request.form.get("place", ""), user_id=current_user.id,
                consent=bool(request.form.get("consent")),
                age_band=request.form.get("age_band", ""),
                place_name=request.form.get("place_name", ""), sex=request.form.get("sex", ""))
            session["survey_place"] = request.form.get("place", "").strip()[:200]
            flash(_("Réponses enregistrées. Personne suivante :"), "success")
            return redirect(url_for("surveys.street", survey_id=survey.id))
        except DomainError as exc:
            error = exc
    return render_template("surveys/street.html", survey=survey, questions=questions,
                           data=data, error=error, age_bands=AGE_BANDS, sexes=SEXES,
                           places=PLACES), 400 if error else 200
