"""Coordinators read results, export them, import answers and print the QR code."""
from __future__ import annotations

import io

import segno
from flask import Response as HttpResponse
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from participation.analysis import charts
from participation.core import smallcounts
from participation.core.auth import COORDINATOR, get_scoped_or_404, role_required
from participation.core.errors import DomainError, ImportRejected
from participation.core.textsearch import fold
from participation.core.urls import db_id
from participation.exports import writers
from participation.exports.csvtext import csv_bytes
from participation.extensions import db
from participation.surveys import quartier_link, unlisted
from participation.surveys import views_answers_import as answers_import_views
from participation.surveys.answers_import import import_answers_csv
from participation.surveys.blueprint import bp
from participation.surveys.contacts import (
    erase_contact,
    invite_yes_to_council,
    people,
    recruitment_questions,
)
from participation.surveys.exports import figures_table, responses_csv
from participation.surveys.forms import UploadForm
from participation.surveys.frames import contacts_count, read_frames
from participation.surveys.models import Survey
from participation.surveys.page_language import public_url
from participation.surveys.results import (
    breakdown,
    profile_groups,
    quartier_groups,
    survey_results,
)
from participation.surveys.section_collection import language_rows
from participation.surveys.section_figures import frnum
from participation.surveys.translations import survey_languages
from participation.territory.models import Quartier

# figures in the page's locale (Babel): "1\u202f234,5" in French
bp.add_app_template_global(frnum, "frnum")
# a scale's bars on one ordered colour scale (light = lowest note), as in the section
bp.add_app_template_global(charts.ordered, "ordered_colours")


def _min_group() -> int:
    return smallcounts.min_count()  # the one small-count rule (core.smallcounts)


def _groups(survey: Survey, frames: dict, by: int | None):
    """The breakdown dimension: quartier (default) or a single-choice question (profile)."""
    if by:
        question = next((q for q in survey.questions if q.id == by and q.type in (
            "single", "yes_no") and not q.personal), None)
        if question is not None:
            return question, profile_groups(frames, question.id)
    names = dict(db.session.execute(select(Quartier.id, Quartier.name).where(
        Quartier.territory_id == survey.territory_id)).all())
    return None, quartier_groups(frames, names)


def _breakdowns(survey: Survey, frames: dict, by: int | None) -> tuple:
    """Per choice question, the percentages per group (small groups blanked)."""
    dimension, groups = _groups(survey, frames, by)
    if groups.nunique() < 2:
        return dimension, {}
    tables = {q.id: breakdown(q.id, frames, groups, min_group=_min_group())
              for q in survey.questions
              if q.is_choice and not q.personal and q is not dimension}
    return dimension, tables


@bp.get("/surveys/<int:survey_id>/results")
@role_required(COORDINATOR)
def results(survey_id: int):
    """Figures in the contracts' phrasing; free text listed and searchable."""
    survey = get_scoped_or_404(Survey, survey_id)
    frames = read_frames(survey)
    data = survey_results(frames)
    search = (request.args.get("q") or "").strip()
    dimension, tables = _breakdowns(survey, frames, request.args.get("par", type=db_id))
    if search:
        for q in data["questions"]:
            if "texts" in q:
                q["texts"] = [t for t in q["texts"] if fold(search) in fold(t)]
    return render_template("surveys/results.html", survey=survey, data=data,
                           contacts=contacts_count(survey), search=search,
                           questions={q.id: q for q in survey.questions},
                           breakdowns=tables, dimension=dimension, min_group=_min_group(),
                           dimensions=[q for q in survey.questions
                                       if q.type in ("single", "yes_no") and not q.personal],
                           upload=UploadForm(), answer_languages=language_rows(survey),
                           unlinked=quartier_link.unlinked(survey),
                           quartier_linked=int(frames["responses"]["quartier_id"].notna().sum()),
                           quartier_count=int(frames["responses"]["quartier_id"].nunique()))


@bp.get("/surveys/<int:survey_id>/results.csv")
@role_required(COORDINATOR)
def results_csv(survey_id: int):
    survey = get_scoped_or_404(Survey, survey_id)
    names = dict(db.session.execute(select(Quartier.id, Quartier.name).where(
        Quartier.territory_id == survey.territory_id)).all())
    return HttpResponse(responses_csv(read_frames(survey), names), mimetype="text/csv",
                        headers={"Content-Disposition":
                                 f"attachment; filename=reponses-{survey.slug}.csv"})


@bp.get("/surveys/<int:survey_id>/figures.<fmt>")
@role_required(COORDINATOR)
def results_figures(survey_id: int, fmt: str):
    """Every percentage of the results with its count and base (``exports.figures_table``)."""
    survey = get_scoped_or_404(Survey, survey_id)
    if fmt not in ("csv", "xlsx", "ods", "json"):
        abort(404)
    table = figures_table(survey_results(read_frames(survey)))
    mimetype, ext = writers.FORMATS[fmt]
    return HttpResponse(writers.write(table, fmt, sheet="chiffres"), mimetype=mimetype,
                        headers={"Content-Disposition":
                                 f"attachment; filename=chiffres-{survey.slug}.{ext}"})


@bp.post("/surveys/<int:survey_id>/import-answers")
@role_required(COORDINATOR)
def import_answers(survey_id: int):
    """Google Forms / Kobo / ODK CSV: all or nothing; the same file twice adds nothing.
    "Vérifier seulement" (or values outside the choice lists to decide) shows the preview
    and keeps the file for its « Importer » (``views_answers_import``)."""
    survey = get_scoped_or_404(Survey, survey_id)
    if request.form.get("token"):
        return answers_import_views.kept_import(survey, request.form["token"])
    upload = UploadForm()
    if not upload.validate_on_submit():
        flash(_("Choisissez un fichier .csv."), "error")
        return redirect(url_for("surveys.results", survey_id=survey.id))
    dry_run = bool(request.form.get("dry_run"))
    content = upload.file.data.read()
    try:
        report = import_answers_csv(survey, content, dry_run=dry_run,
                                    decisions=unlisted.decisions_from(request.form), ask=True,
                                    tool=request.form.get("recueil"))
    except ImportRejected as exc:  # every problem at once, the unlisted values to decide
        return answers_import_views.refused_page(survey, exc)
    if dry_run or report["asked"]:  # values outside the choice lists: the coordinator decides
        return answers_import_views.preview_page(survey, report,
                                                 upload.file.data.filename or "", content)
    answers_import_views.done_messages(report)
    return redirect(url_for("surveys.results", survey_id=survey.id))


@bp.get("/surveys/<int:survey_id>/qr.<fmt>")
@role_required(COORDINATOR)
def qr(survey_id: int, fmt: str):
    """QR code of the public link, to print on posters and flyers; ``?lang=ar`` (one of the
    survey's languages) leads to the survey in that language."""
    survey = get_scoped_or_404(Survey, survey_id)
    if fmt not in ("svg", "png"):
        abort(404)
    asked = request.args.get("lang")
    language = asked if asked in survey_languages(survey) else None
    code = segno.make(public_url("surveys.answer", slug=survey.slug, lang=language),
                      error="m")
    buffer = io.BytesIO()
    code.save(buffer, kind=fmt, scale=8 if fmt == "png" else 4, border=2,
              **({"title": survey.title} if fmt == "svg" else {}))
    mimetype = "image/svg+xml" if fmt == "svg" else "image/png"
    return HttpResponse(buffer.getvalue(), mimetype=mimetype, headers={
        "Content-Disposition": f"inline; filename=qr-{survey.slug}.{fmt}"})


@bp.get("/surveys/<int:survey_id>/form.xlsx")
@role_required(COORDINATOR)
def xlsform(survey_id: int):
    """The questionnaire as an XLSForm, for offline collection (ODK / KoboCollect)."""
    from participation.surveys.xlsform_export import export_xlsform

    survey = get_scoped_or_404(Survey, survey_id)
    return HttpResponse(export_xlsform(survey), mimetype=(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), headers={
        "Content-Disposition": f"attachment; filename={survey.slug}.xlsx"})


@bp.get("/surveys/<int:survey_id>/contacts")
@role_required(COORDINATOR)
def contacts(survey_id: int):
    """The consented contacts, to call people back (e.g. to join the conseil citoyen)."""
    survey = get_scoped_or_404(Survey, survey_id)
    return render_template("surveys/contacts.html", survey=survey,
                           people=people(survey), questions=recruitment_questions(survey))


def _invited_message(invited: int, already: int) -> str:
    """"2 personnes invitées… 1 personne l'était déjà." (each count with its own plural)."""
    message = ngettext("%(num)s personne invitée à candidater au conseil citoyen.",
                       "%(num)s personnes invitées à candidater au conseil citoyen.", invited)
    if already:
        message += " " + ngettext("%(num)s personne l'était déjà.",
                                  "%(num)s personnes l'étaient déjà.", already)
    return message


@bp.post("/surveys/<int:survey_id>/contacts/invite")
@role_required(COORDINATOR)
def invite_council(survey_id: int):
    """Invite the contacts who answered "oui" to a chosen question to apply to the council."""
    survey = get_scoped_or_404(Survey, survey_id)
    try:
        invited, already = invite_yes_to_council(survey, request.form.get("question_id",
                                                                          type=db_id))
        flash(_invited_message(invited, already), "success")
    except DomainError as exc:
        flash(exc.message, "error")
    return redirect(url_for("surveys.contacts", survey_id=survey.id))


@bp.post("/surveys/<int:survey_id>/contacts/<int:contact_id>/erase")
@role_required(COORDINATOR)
def erase(survey_id: int, contact_id: int):
    survey = get_scoped_or_404(Survey, survey_id)
    try:
        erase_contact(survey, contact_id)
        flash(_("Coordonnées effacées. Les réponses anonymes restent."), "success")
    except DomainError as exc:
        flash(exc.message, "error")
    return redirect(url_for("surveys.contacts", survey_id=survey.id))


@bp.get("/surveys/<int:survey_id>/template.csv")
@role_required(COORDINATOR)
def answers_template(survey_id: int):
    """The platform's own answers template: one column per question name (choices as their
    names, several separated by spaces), a date and an identifier; it imports as Kobo does."""
    from participation.surveys.xlsform_export import xml_name

    survey = get_scoped_or_404(Survey, survey_id)
    header = ["_submission_time", *(xml_name(q.name) for q in survey.questions), "_uuid"]
    example = ["2024-06-27T14:00:00", *("" for _q in survey.questions), "ligne-1"]
    return HttpResponse(csv_bytes([header, example]), mimetype="text/csv", headers={
        "Content-Disposition": f"attachment; filename=modele-{survey.slug}.csv"})
