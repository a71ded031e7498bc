"""Answers imported into an existing survey (results page): the preview keeps the file.

The preview (« Vérifier seulement », or an import that meets values outside the choice lists
to decide) keeps the uploaded file on the server (``pending_import``: bound to the user, the
territory and, in its preview, the survey), and its « Importer » imports *that* file with the
decisions taken on the page, never a file chosen again: the row is claimed in the import's
transaction (a second click finds it gone), and when the counts differ from the preview's
(another import of the same rows in between) nothing is stored and the new preview is shown.
« Annuler » deletes the kept file. « Recalculer l'aperçu avec ces choix » (no JavaScript)
shows the preview again with the choices made on the page for the values outside the choice
lists: the rows per quartier then count a value mapped to a choice in that choice's quartier.
"""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from participation.core.errors import ImportRejected
from participation.extensions import db
from participation.surveys import duplicates, import_consent, pending_import, unlisted
from participation.surveys.answers_import import import_answers_csv
from participation.surveys.answers_report import count_phrases, left_out_lines
from participation.surveys.forms import ConfirmForm, UploadForm
from participation.surveys.import_consent import count_lines, declaration_from
from participation.surveys.models import Survey
from participation.surveys.pending_import import Upload
from participation.surveys.reimport import held_lines

RECOMPUTE = "recalculer"  # the preview's « Recalculer l'aperçu avec ces choix »


def _counts(report: dict) -> list[int]:
    """What a preview and its import must agree on: rows to add, already present, left out,
    but for the coordinator's choices on the likely duplicates (a line set aside counts as
    to add: the preview's defaults and the choices posted may differ)."""
    aside = duplicates.set_aside_count(report)
    return [report["added"] + aside, report["skipped"], len(report["left_out"]) - aside]


def _owner() -> tuple[int, int]:
    return current_user.id, current_user.territory_id


def preview_page(survey: Survey, report: dict, name: str, content: bytes):
    """The preview with the file kept (a new token) for its « Importer »."""
    token = pending_import.keep(*_owner(), Upload("", b"", name, content),
                                {"survey_id": survey.id, "counts": _counts(report)})
    return render_template("surveys/import_preview.html", survey=survey, report=report,
                           token=token, file_name=name, count_phrases=count_phrases,
                           unlisted=unlisted, consent=import_consent, held_lines=held_lines)


def refused_page(survey: Survey, exc: ImportRejected):
    """Every problem of the file and the values to decide; the corrected file goes back
    through its form (400)."""
    found = list(getattr(exc, "report", {}).get("unlisted", {}).get("found", {}).values())
    return render_template("surveys/import_answers_refused.html", survey=survey, error=exc,
                           found=found, unlisted=unlisted, upload=UploadForm(),
                           back=url_for("surveys.results", survey_id=survey.id)), 400


def done_messages(report: dict) -> None:
    """The flash messages of a stored import: counts, each line left out with its reason
    (``answers_report.left_out_lines``) and the likely duplicates kept on request, the
    contacts kept and not kept (``import_consent.count_lines``: nothing dropped without
    saying it), the other surveys already holding rows of the file
    (``reimport.held_lines``), then the values decided."""
    counts = count_phrases(report)
    flash(", ".join(counts[k] for k in ("added", "skipped", "out", "ignored", "personal"))
          + ".", "success")
    for line in (left_out_lines(report["left_out"]) + duplicates.kept_lines(report)
                 + count_lines(report["consent"])
                 + held_lines(report["elsewhere"], report["rows"])):
        flash(line + ".", "info")
    if report["unlisted"]["found"]:
        flash(unlisted.summary(report["unlisted"]), "success")


def _claim(survey: Survey, token: str) -> tuple[Upload, dict] | None:
    """The kept upload of ``survey`` claimed in the caller's transaction
    (``pending_import.claim``), or None with the French message (rolled back)."""
    claimed = pending_import.claim(token, *_owner())
    if claimed is None or claimed[1].get("survey_id") != survey.id:
        db.session.rollback()
        flash(_("Cet aperçu n'existe plus : l'import a déjà été fait ou annulé, ou l'aperçu a "
                "expiré (au bout de 6 heures). Rien n'a été importé depuis cette page ; "
                "déposez à nouveau le fichier si besoin."), "error")
        return None
    return claimed


def kept_import(survey: Survey, token: str):
    """« Importer » (or « Annuler », ``action=annuler``; « Recalculer l'aperçu »,
    ``action=recalculer``) on the preview of a kept file."""
    back = redirect(url_for("surveys.results", survey_id=survey.id))
    if not ConfirmForm().validate_on_submit():
        flash(_("La page a expiré : vérifiez l'aperçu et importez à nouveau."), "error")
        return back
    if request.form.get("action") == "annuler":
        pending_import.discard(token, *_owner())
        flash(_("Import annulé : rien n'a été enregistré."), "success")
        return back
    claimed = _claim(survey, token)
    if claimed is None:
        return back
    (upload, shown), decisions = claimed, unlisted.decisions_from(request.form)
    if request.form.get("action") == RECOMPUTE:
        db.session.rollback()  # the kept file comes back; _again replaces it
        return _again(survey, token, upload, decisions, (
            _("Aperçu recalculé avec vos choix : rien n'a encore été importé."), "success"))
    declared, problem = declaration_from(request.form)
    if problem:
        db.session.rollback()
        return _again(survey, token, upload, decisions, problem)
    try:
        report = import_answers_csv(survey, upload.answers, decisions=decisions, ask=True,
                                    commit=False, consent_outside=declared,
                                    tool=request.form.get("recueil"),
                                    doubles=duplicates.choices_from(request.form))
    except ImportRejected as exc:
        db.session.rollback()  # the kept file comes back
        return refused_page(survey, exc)
    if report["asked"] or _counts(report) != shown["counts"]:
        db.session.rollback()
        return _again(survey, token, upload, decisions)
    db.session.commit()
    done_messages(report)
    return back


def _again(survey: Survey, token: str, upload: Upload, decisions: dict,
           why: str | tuple[str, str] | None = None):
    """The import no longer matches its preview (rows imported meanwhile, a value left
    undecided), or ``why`` (the French reason, a consent declaration without its text; or
    ``(message, category)``: « Recalculer l'aperçu », its counts per quartier following the
    choices made on the page): nothing stored, a new preview of the same file with
    ``decisions`` (kept under a new token)."""
    pending_import.claim(token, *_owner())  # deleted with the new one's commit
    message, category = why if isinstance(why, tuple) else (why, "error")
    flash(message or _("Les réponses ont changé depuis l'aperçu : rien n'a été importé. "
                       "Vérifiez ce nouvel aperçu, puis importez."), category)
    report = import_answers_csv(survey, upload.answers, dry_run=True, decisions=decisions,
                                ask=True, tool=request.form.get("recueil"),
                                doubles=duplicates.choices_from(request.form))
    return preview_page(survey, report, upload.answers_name, upload.answers)
