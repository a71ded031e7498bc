"""Importing a questionnaire (XLSForm) with the answers already collected, in two steps.

1. ``import_form``: the upload. The files are read as the import would read them
   (``import_preview.preview``, rolled back): a refused file shows every wrong line and
   nothing is kept; else the files and the preview are kept (``pending_import``) and the
   coordinator is sent to the preview.
2. ``import_preview_page``: what will be stored, nothing stored yet; « Importer »
   (``import_confirm``) stores exactly that in one transaction, « Annuler »
   (``import_cancel``) deletes the kept files.
"""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from participation.contributions.models import KINDS
from participation.core.auth import COORDINATOR, get_scoped_or_404, role_required
from participation.core.errors import ImportRejected
from participation.core.punctuation import label_colon
from participation.extensions import db
from participation.surveys import (
    duplicates,
    import_consent,
    import_preview,
    pending_import,
    quartier_link,
    reimport,
    unlisted,
)
from participation.surveys import views_answers_import as answers_import_views
from participation.surveys.answers_import import import_answers_csv
from participation.surveys.answers_report import left_out_lines
from participation.surveys.blueprint import bp
from participation.surveys.forms import ConfirmForm, QuestionnaireUploadForm
from participation.surveys.models import QUESTION_TYPES, Survey
from participation.surveys.pending_import import Upload


def _upload(form: QuestionnaireUploadForm) -> Upload:
    """The posted files as bytes (the answers' field may be left empty)."""
    answers = form.answers.data
    given = answers is not None and bool(getattr(answers, "filename", ""))
    return Upload(form.file.data.filename or "", form.file.data.read(),
                  answers.filename if given else "", answers.read() if given else None)


def _refused(exc: ImportRejected, back: str | None = None):
    """The refusal page: the file, the message and every wrong line; 400."""
    return render_template("surveys/import_report.html", error=exc,
                           file=getattr(exc, "file", ""), back=back), 400


def _owner() -> tuple[int, int]:
    """``(user id, territory id)``: what a kept upload is bound to."""
    return current_user.id, current_user.territory_id


@bp.post("/surveys/import")
@role_required(COORDINATOR)
def import_form():
    """Upload an XLSForm and, optionally, its answers file: a wrong line refuses both (every
    wrong line shown, nothing kept); else the preview."""
    form = QuestionnaireUploadForm()
    if not form.validate_on_submit():
        flash(_("Choisissez un fichier .xlsx."), "error")
        return redirect(url_for("surveys.index"))
    upload = _upload(form)
    try:
        found = import_preview.preview(current_user.territory_id, upload)
    except ImportRejected as exc:
        return _refused(exc)
    token = pending_import.keep(*_owner(), upload, found)
    return redirect(url_for("surveys.import_preview_page", token=token))


def _gone():
    """The upload is no longer kept (imported, cancelled, expired, another user's)."""
    flash(_("Cet aperçu n'existe plus : l'import a déjà été fait ou annulé, ou l'aperçu a "
            "expiré (au bout de 6 heures). Rien n'a été importé depuis cette page ; déposez "
            "à nouveau le fichier si besoin."), "error")
    return redirect(url_for("surveys.index"))


@bp.get("/surveys/import/<token>")
@role_required(COORDINATOR)
def import_preview_page(token: str):
    """What the import will store; nothing is stored before « Importer »."""
    pending = pending_import.find(token, *_owner())
    if pending is None:
        return _gone()
    return render_template("surveys/import_questionnaire.html", token=token,
                           found=pending.preview, form=ConfirmForm(), types=QUESTION_TYPES,
                           matched_by=import_preview.MATCHED_BY, kinds=KINDS,
                           unlisted=unlisted, consent=import_consent,
                           same_form_lines=reimport.same_form_lines,
                           held_lines=reimport.held_lines)


def _stored_messages(survey: Survey, stored: dict) -> list[str]:
    """The flash messages of a done import: questions, quartier question, answers."""
    messages = [ngettext("Questionnaire importé : %(num)s question.",
                         "Questionnaire importé : %(num)s questions.", len(survey.questions)),
                _quartier_found(survey)]
    answers = stored["answers"]
    if answers is not None:
        texts = sum(q["count"] for q in answers["free_texts"])
        messages.append(ngettext("%(num)s réponse importée", "%(num)s réponses importées",
                                 answers["added"]) + ", " + ngettext(
            "%(num)s texte libre ajouté aux contributions à analyser.",
            "%(num)s textes libres ajoutés aux contributions à analyser.", texts))
        if answers["left_out"]:
            messages.append(label_colon(ngettext("%(num)s ligne du fichier écartée",
                                                 "%(num)s lignes du fichier écartées",
                                                 len(answers["left_out"]))))
        messages += [line + "." for line in left_out_lines(answers["left_out"])
                     + duplicates.kept_lines(answers)
                     + import_consent.count_lines(answers["consent"])]
    return messages


@bp.post("/surveys/import/<token>/confirm")
@role_required(COORDINATOR)
def import_confirm(token: str):
    """« Importer »: the kept files imported as previewed, in one transaction; a second
    click finds the upload gone and stores nothing more."""
    back = url_for("surveys.import_preview_page", token=token)
    if not ConfirmForm().validate_on_submit():
        flash(_("La page a expiré : vérifiez l'aperçu et importez à nouveau."), "error")
        return redirect(back)
    if request.form.get("action") == "recalculer":
        return _recompute(token, back)
    declared, problem = import_consent.declaration_from(request.form)
    if problem:
        flash(problem, "error")
        return redirect(back)
    claimed = pending_import.claim(token, *_owner())
    if claimed is None:
        db.session.rollback()
        return _gone()
    upload, shown = claimed
    try:
        survey, stored = import_preview.run(current_user.territory_id, upload,
                                            import_preview.decisions_from(request.form),
                                            declared, import_preview.kinds_from(request.form),
                                            request.form.get("recueil"),
                                            duplicates.choices_from(request.form))
    except ImportRejected as exc:
        db.session.rollback()  # the kept files come back: the preview stays open
        if getattr(exc, "held", False) and not (shown.get("answers") or {}).get("elsewhere"):
            return _changed(token, upload, back, _(  # held since the preview: say where
                "Ces réponses ont été importées dans un autre questionnaire depuis l'aperçu : "
                "rien n'a été importé. Vérifiez ce nouvel aperçu."))
        return _refused(exc, back)
    if import_preview.fingerprint(stored) != import_preview.fingerprint(shown):
        db.session.rollback()
        return _changed(token, upload, back)
    db.session.commit()
    for message in _stored_messages(survey, stored):
        flash(message, "success")
    return redirect(url_for("surveys.edit", survey_id=survey.id))


def _changed(token: str, upload: Upload, back: str, why: str | None = None):
    """The territory changed since the preview (a quartier renamed..., or ``why``, the
    French reason): nothing imported, the kept preview is made again and shown."""
    found = import_preview.preview(current_user.territory_id, upload)
    pending = pending_import.find(token, *_owner())
    if pending is None:
        return _gone()
    pending.preview = found
    db.session.commit()
    flash(why or _("Le territoire a changé depuis l'aperçu (quartiers, noms) : rien n'a été "
                   "importé. Vérifiez ce nouvel aperçu, puis importez."), "error")
    return redirect(back)


def _recompute(token: str, back: str):
    """« Recalculer l'aperçu avec ces choix » (no JavaScript): the kept preview made again
    with the choices posted for the values outside the choice lists, so that its rows per
    quartier count a value mapped to a choice in that choice's quartier; nothing imported."""
    pending = pending_import.find(token, *_owner())
    if pending is None:
        return _gone()
    upload = Upload(pending.form_name, pending.form_content, pending.answers_name,
                    pending.answers_content)
    try:
        found = import_preview.preview(current_user.territory_id, upload,
                                       decisions=import_preview.decisions_from(request.form),
                                       kinds=import_preview.kinds_from(request.form),
                                       tool=request.form.get("recueil"),
                                       doubles=duplicates.choices_from(request.form))
    except ImportRejected as exc:
        return _refused(exc, back)
    pending = pending_import.find(token, *_owner())  # read again after the rollback
    if pending is None:
        return _gone()
    pending.preview = found
    db.session.commit()
    flash(_("Aperçu recalculé avec vos choix : rien n'a encore été importé."), "success")
    return redirect(back)


@bp.post("/surveys/import/<token>/cancel")
@role_required(COORDINATOR)
def import_cancel(token: str):
    """« Annuler »: the kept files are deleted; nothing was stored."""
    if not ConfirmForm().validate_on_submit():
        flash(_("La page a expiré : rien n'a été annulé, essayez à nouveau."), "error")
        return redirect(url_for("surveys.import_preview_page", token=token))
    pending_import.discard(token, *_owner())
    flash(_("Import annulé : rien n'a été enregistré."), "success")
    return redirect(url_for("surveys.index"))


@bp.post("/surveys/import/<token>/into/<int:survey_id>")
@role_required(COORDINATOR)
def import_into(token: str, survey_id: int):
    """« Ajouter les nouvelles réponses à « X » »: the kept answers file goes to the answers
    preview of survey X of the territory (the results page's: kept again there for its
    « Importer »); the questionnaire is not imported, and what X already holds is not added
    again (``reimport``). A refused file shows X's refusal page."""
    survey = get_scoped_or_404(Survey, survey_id)
    back = url_for("surveys.import_preview_page", token=token)
    if not ConfirmForm().validate_on_submit():
        flash(_("La page a expiré : vérifiez l'aperçu et importez à nouveau."), "error")
        return redirect(back)
    claimed = pending_import.claim(token, *_owner())
    if claimed is None or claimed[0].answers is None:
        db.session.rollback()
        return _gone()
    upload = claimed[0]
    try:
        report = import_answers_csv(survey, upload.answers, dry_run=True, ask=True)
    except ImportRejected as exc:
        db.session.rollback()  # the kept files come back: the questionnaire preview stays
        return answers_import_views.refused_page(survey, exc)
    return answers_import_views.preview_page(survey, report, upload.answers_name,
                                             upload.answers)


def _quartier_found(survey: Survey) -> str:
    """What the import recognised as the quartier question (``quartier_link``), in French."""
    question, rows = quartier_link.describe(survey)
    if question is None:
        return _("Aucune question n'a été reconnue comme le quartier des réponses : "
                 "choisissez-la sur la page « Quartier des réponses ».")
    linked = sum(1 for row in rows if row.quartier is not None)
    return ngettext("Question du quartier reconnue : « %(q)s » (%(num)s choix sur %(total)s "
                    "relié à un quartier ; voir « Quartier des réponses »).",
                    "Question du quartier reconnue : « %(q)s » (%(num)s choix sur %(total)s "
                    "reliés à un quartier ; voir « Quartier des réponses »).",
                    linked, q=question.label[:120], total=len(rows))
