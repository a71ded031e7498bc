"""Coordinators build questionnaires: settings, questions, conditions, preview, open/close."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import func, select

from participation.contributions.kinds import kind_for_question
from participation.contributions.models import KINDS
from participation.core.auth import COORDINATOR, get_scoped_or_404, role_required
from participation.core.errors import DomainError
from participation.core.registry import staff_menu_entry
from participation.extensions import db
from participation.surveys import condition_builder as builder
from participation.surveys import quartier_link, services
from participation.surveys.blueprint import bp
from participation.surveys.form_pages import (
    draft_form,
    is_language_switch,
    read_submission,
    render_form,
    sent_form,
    switched_form,
)
from participation.surveys.forms import QuestionForm, QuestionnaireUploadForm, SurveyForm
from participation.surveys.models import (
    QUESTION_TYPES,
    Question,
    Response,
    Survey,
)
from participation.surveys.profiles import PROFILES, add_profile_question, store_translations
from participation.surveys.section_collection import channel_rows
from participation.surveys.state import state_label
from participation.surveys.translations import missing_counts, survey_languages
from participation.territory.models import Quartier, Territory
from participation.territory.services import current_tree

staff_menu_entry("surveys.index", _l("Questionnaires"), COORDINATOR)
# the effective status wherever a survey's status is shown (open, scheduled, ended...)
bp.add_app_template_global(state_label, "survey_state")


def _quartier_choices() -> list[tuple[int, str]]:
    return [(q.id, q.name) for q in db.session.scalars(select(Quartier).where(
        Quartier.territory_id == current_user.territory_id).order_by(Quartier.name))]


def _survey_form(survey: Survey | None = None) -> SurveyForm:
    form = SurveyForm(obj=survey)
    form.quartier_ids.choices = _quartier_choices()
    if survey is None and request.method == "GET":
        form.languages.data = services.contract_language(current_user.territory_id)
    if survey is not None and request.method == "GET":
        form.quartier_ids.data = [q.id for q in survey.quartiers]
    return form


def _index_page(form: SurveyForm, status: int = 200):
    """The list of the territory's questionnaires with the creation form (``form``, with its
    errors after a refused creation: the list stays as it is)."""
    counts = dict(db.session.execute(
        select(Response.survey_id, func.count(Response.id))
        .join(Survey, Survey.id == Response.survey_id)
        .where(Survey.territory_id == current_user.territory_id)
        .group_by(Response.survey_id)).all())
    surveys = db.session.scalars(select(Survey).where(
        Survey.territory_id == current_user.territory_id).order_by(Survey.created_at.desc()))
    return render_template("surveys/index.html", surveys=list(surveys), counts=counts,
                           form=form, upload=QuestionnaireUploadForm()), status


@bp.get("/surveys/")
@role_required(COORDINATOR)
def index():
    """Every questionnaire of the territory with its number of responses."""
    return _index_page(_survey_form())


@bp.post("/surveys/new")
@role_required(COORDINATOR)
def new():
    form = _survey_form()
    if form.validate_on_submit():
        try:
            survey = services.create_survey(current_user.territory_id, form.title.data,
                                            form.intro.data, form.quartier_ids.data,
                                            form.languages.data)
            return redirect(url_for("surveys.edit", survey_id=survey.id))
        except DomainError as exc:
            getattr(form, exc.field or "title", form.title).errors.append(exc.message)
    return _index_page(form, 400)


@bp.route("/surveys/<int:survey_id>", methods=["GET", "POST"])
@role_required(COORDINATOR)
def edit(survey_id: int):
    """Settings and the list of questions with their actions."""
    survey = get_scoped_or_404(Survey, survey_id)
    form = _survey_form(survey)
    if form.validate_on_submit():
        try:
            services.update_survey(survey, form.title.data, form.intro.data,
                                   form.quartier_ids.data, form.languages.data,
                                   form.opens_at.data, form.closes_at.data,
                                   thanks=form.thanks.data or "")
            if store_translations(survey):  # a language added: its built-in profile texts
                db.session.commit()
            flash(_("Questionnaire enregistré."), "success")
            return redirect(url_for("surveys.edit", survey_id=survey.id))
        except DomainError as exc:
            getattr(form, exc.field or "title").errors.append(exc.message)
    current, rows = quartier_link.describe(survey)
    return render_template("surveys/edit.html", survey=survey, form=form, profiles=PROFILES,
                           current=current, rows=rows,
                           unlinked=quartier_link.unlinked(survey), types=QUESTION_TYPES,
                           responses=services.response_count(survey),
                           channels=channel_rows(survey),
                           missing=sum(missing_counts(survey).values()),
                           survey_tags=survey_languages(survey))


def _question_form(survey: Survey, question: Question | None = None) -> QuestionForm:
    form = QuestionForm(obj=question)
    contract = db.session.get(Territory, survey.territory_id).current_contract
    form.challenges.choices = [(n.id, "\u2003" * n.depth + n.label)
                               for n in (current_tree(contract) if contract else [])]
    if question is not None and request.method == "GET":
        form.options.data = "\n".join(o.label for o in question.options)
        form.challenges.data = [c.id for c in question.challenges]
    if request.method == "GET":
        builder.fill_rows(form, question)
    builder.set_row_choices(form, builder.earlier_questions(survey, question))
    return form


def _question_fields(form: QuestionForm) -> dict:
    keys = ("help", "required", "personal", "min_value", "max_value", "whole_number",
            "min_label",
            "max_label", "min_choices", "max_choices", "has_other", "contribution_kind",
            "codebook", "required_message", "constraint_message")
    fields = {k: getattr(form, k).data for k in keys}
    for key in ("help", "codebook", "required_message", "constraint_message"):
        fields[key] = (fields[key] or "").strip()
    fields["contribution_kind"] = fields["contribution_kind"] or kind_for_question(
        form.label.data)  # "Selon l'intitulé": what its wording says
    return fields | {"label": form.label.data}


def _save_question(survey: Survey, form: QuestionForm, question: Question | None):
    fields = _question_fields(form)
    options = [line for line in (form.options.data or "").splitlines()]
    condition = builder.form_expression(form, builder.earlier_questions(survey, question))
    if question is None:
        question = services.add_question(survey, form.type.data, fields.pop("label"), options,
                                         challenge_ids=form.challenges.data or (),
                                         commit=False, **fields)
        db.session.flush()
    changed, kept = services.update_question(question, options=options,
                                             challenge_ids=form.challenges.data,
                                             condition=condition, **fields)
    if changed or kept:
        flash(" ".join([ngettext(
            "Nature « %(kind)s » donnée à %(num)s contribution de ses réponses.",
            "Nature « %(kind)s » donnée à %(num)s contributions de ses réponses.", changed,
            kind=KINDS[question.contribution_kind])] + ([ngettext(
                "%(num)s contribution dont la nature a été choisie une à une la garde.",
                "%(num)s contributions dont la nature a été choisie une à une la gardent.",
                kept)] if kept else [])), "success")
    return question


def _question_page(survey: Survey, question: Question | None):
    form = _question_form(survey, question)
    if request.method == "POST" and builder.builder_step(form, request.form):
        builder.set_row_choices(form, builder.earlier_questions(survey, question))
    elif form.validate_on_submit():
        try:
            _save_question(survey, form, question)
            flash(_("Question enregistrée."), "success")
            return redirect(url_for("surveys.edit", survey_id=survey.id) + "#questions")
        except DomainError as exc:
            db.session.rollback()
            field = getattr(form, exc.field or "label", form.label)
            field.errors = list(field.errors) + [exc.message]
    return render_template("surveys/question.html", survey=survey, question=question,
                           form=form, types=QUESTION_TYPES, builder_questions=builder
                           .builder_questions(builder.earlier_questions(survey, question)))


@bp.route("/surveys/<int:survey_id>/questions/new", methods=["GET", "POST"])
@role_required(COORDINATOR)
def question_new(survey_id: int):
    return _question_page(get_scoped_or_404(Survey, survey_id), None)


@bp.route("/surveys/questions/<int:question_id>", methods=["GET", "POST"])
@role_required(COORDINATOR)
def question_edit(question_id: int):
    question = get_scoped_or_404(Question, question_id)
    return _question_page(question.survey, question)


@bp.post("/surveys/questions/<int:question_id>/move")
@role_required(COORDINATOR)
def question_move(question_id: int):
    question = get_scoped_or_404(Question, question_id)
    try:
        services.move_question(question, -1 if request.form.get("step") == "up" else 1)
    except DomainError as exc:
        flash(exc.message, "error")
    return redirect(url_for("surveys.edit", survey_id=question.survey_id) + "#questions")


@bp.post("/surveys/questions/<int:question_id>/delete")
@role_required(COORDINATOR)
def question_delete(question_id: int):
    question = get_scoped_or_404(Question, question_id)
    survey_id = question.survey_id
    try:
        services.delete_question(question)
        flash(_("Question supprimée."), "success")
    except DomainError as exc:
        flash(exc.message, "error")
    return redirect(url_for("surveys.edit", survey_id=survey_id) + "#questions")


@bp.post("/surveys/<int:survey_id>/profile")
@role_required(COORDINATOR)
def add_profile(survey_id: int):
    """Insert a reusable profile question (quartier, age band, sex...) in one click."""
    survey = get_scoped_or_404(Survey, survey_id)
    try:
        add_profile_question(survey, request.form.get("key", ""))
        flash(_("Question de profil ajoutée."), "success")
    except DomainError as exc:
        flash(exc.message, "error")
    return redirect(url_for("surveys.edit", survey_id=survey.id) + "#questions")


@bp.post("/surveys/<int:survey_id>/duplicate")
@role_required(COORDINATOR)
def duplicate(survey_id: int):
    copy = services.duplicate_survey(get_scoped_or_404(Survey, survey_id))
    flash(_("Copie créée, en brouillon."), "success")
    return redirect(url_for("surveys.edit", survey_id=copy.id))


@bp.post("/surveys/<int:survey_id>/status")
@role_required(COORDINATOR)
def status(survey_id: int):
    survey = get_scoped_or_404(Survey, survey_id)
    try:
        services.set_status(survey, request.form.get("status", ""))
        flash(_("Statut mis à jour."), "success")
    except DomainError as exc:
        flash(exc.message, "error")
    return redirect(url_for("surveys.edit", survey_id=survey.id))


@bp.route("/surveys/<int:survey_id>/preview", methods=["GET", "POST"])
@role_required(COORDINATOR)
def preview(survey_id: int):
    """The resident's page, conditions included, without storing anything (a send comes
    back through a redirect, ``form_pages.sent_form``)."""
    survey = get_scoped_or_404(Survey, survey_id)
    action = url_for("surveys.preview", survey_id=survey.id)
    if request.method == "GET":
        return draft_form(survey, action=action, preview=True) or \
            render_form(survey, action=action, preview=True)
    if is_language_switch(request.form):
        return switched_form(survey, remember=False, target=action)
    _values, errors, _shown, newly = read_submission(survey, request.form)
    if not errors and not newly:
        flash(_("Aperçu : les réponses sont valides (rien n'a été enregistré)."), "success")
    return sent_form(survey, target=action, errors=errors, newly=newly)

