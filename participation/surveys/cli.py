"""``flask surveys ...``: import a questionnaire or answers, print results."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask.cli import AppGroup
from flask_babel import gettext as _
from sqlalchemy import select

from participation.core.errors import ImportRejected
from participation.extensions import db
from participation.surveys.models import Survey
from participation.territory.models import Territory

surveys_cli = AppGroup("surveys", help="Questionnaires.")


def _survey(ident: str) -> Survey:
    stmt = select(Survey).where(Survey.slug == ident)
    if ident.isdigit():
        stmt = select(Survey).where((Survey.id == int(ident)) | (Survey.slug == ident))
    survey = db.session.scalar(stmt)
    if survey is None:
        raise click.ClickException(f"Questionnaire introuvable : {ident}")
    return survey


CONSENT_OPTION = click.option(
    "--consentement-hors-fichier", "consent_outside", metavar="OÙ_ET_COMMENT",
    help="Keep the contacts of the rows without a consent answer in the file, because "
         "consent was collected outside it: say where and how (e.g. \"fiches papier "
         "signées, classées au centre social\"). Recorded in the audit log. Without it, "
         "only the file's own consent answers keep contacts (surveys/import_consent.py).")


KEEP_DOUBLES_OPTION = click.option(
    "--garder-doublons", "keep_doubles", is_flag=True,
    help="Keep the likely duplicate submissions (same answers, same contact or the same "
         "filling sent again: surveys/duplicates.py) instead of setting each one aside; "
         "the report names them either way.")


def _doubles(keep: bool) -> dict | None:
    """The choices on the likely duplicates for ``--garder-doublons``: every line kept, else
    None (each one set aside and named in the report)."""
    from participation.surveys.duplicates import ALL, KEEP

    return {ALL: KEEP} if keep else None


def _declaration(given: str | None) -> str | None:
    """``--consentement-hors-fichier``'s text as ``import_consent.declaration_from`` reads
    the web form's (masked, at most 500 characters); a blank one is refused."""
    from participation.surveys.import_consent import declaration_from

    if given is None:
        return None
    declared, problem = declaration_from({"consent_outside": "1", "consent_how": given})
    if problem:
        raise click.BadParameter(problem, param_hint="--consentement-hors-fichier")
    return declared


def _report(exc: ImportRejected) -> None:
    """Every problem of the file, then (an answers file) its values outside the choice lists
    with what would be done with each: all of it in one run (``answers_report.rejected``)."""
    from participation.surveys.unlisted import report_lines as unlisted_lines

    click.echo(exc.message, err=True)
    for line, message in exc.errors:
        click.echo(f"  ligne {line} : {message}", err=True)
    found = getattr(exc, "report", {}).get("unlisted", {}).get("found", {})
    for line in unlisted_lines(list(found.values())):
        click.echo(line, err=True)
    sys.exit(1)


@surveys_cli.command("import-form")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--territory", "territory_slug", required=True)
@click.option("--answers", "answers", type=click.Path(exists=True, dir_okay=False,
                                                      path_type=Path),
              help="The answers already collected with it (any export import-answers reads), "
                   "imported in the same transaction.")
@click.option("--dry-run", is_flag=True, help="Print what would be created, store nothing.")
@CONSENT_OPTION
@KEEP_DOUBLES_OPTION
def import_form(path: Path, territory_slug: str, answers: Path | None, dry_run: bool,
                consent_outside: str | None, keep_doubles: bool) -> None:
    """Create a draft survey from an XLSForm (.xlsx) and print its slug (last line; with
    ``--answers``, the answers' counts before it); with ``--dry-run`` print the preview
    instead (``import_preview.summary_lines``) and store nothing."""
    from participation.surveys import import_preview
    from participation.surveys.answers_report import left_out_lines
    from participation.surveys.duplicates import kept_lines
    from participation.surveys.import_consent import count_lines
    from participation.surveys.pending_import import Upload

    territory = db.session.scalar(select(Territory).where(Territory.slug == territory_slug))
    if territory is None:
        raise click.ClickException(f"Territoire introuvable : {territory_slug}")
    upload = Upload(path.name, path.read_bytes(), answers.name if answers else "",
                    answers.read_bytes() if answers else None)
    consent_outside = _declaration(consent_outside)
    try:
        if dry_run:
            found = import_preview.preview(territory.id, upload, consent_outside,
                                           doubles=_doubles(keep_doubles))
        else:
            survey, found = import_preview.run(territory.id, upload, {}, consent_outside,
                                               doubles=_doubles(keep_doubles))
            db.session.commit()
    except ImportRejected as exc:
        db.session.rollback()
        _report(exc)
    if dry_run:
        for line in import_preview.summary_lines(found) + [_("(essai, rien n'est "
                                                             "enregistré)")]:
            click.echo(line)
        return
    if found["answers"] is not None:
        click.echo(import_preview.answers_line(found["answers"]))
        for line in left_out_lines(found["answers"]["left_out"]) + kept_lines(
                found["answers"]) + count_lines(found["answers"]["consent"]):
            click.echo(line)
    click.echo(survey.slug)


@click.command("import-responses")
@click.argument("survey_ref")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check the file, store nothing.")
@click.option("--hors-liste", "unlisted", nargs=3, multiple=True,
              metavar="QUESTION VALEUR ACTION",
              help="What becomes of a value outside the choice list of a question (its name): "
                   "ACTION is 'autre' (kept as \"Autre\"), 'refuser', or a choice name. "
                   "Default: 'autre' when the question has \"Autre\", else 'refuser'.")
@CONSENT_OPTION
@KEEP_DOUBLES_OPTION
def import_responses(survey_ref: str, path: Path, dry_run: bool, unlisted: tuple,
                     consent_outside: str | None, keep_doubles: bool) -> None:
    """Import answers from a Google Forms, KoboToolbox or ODK CSV export (all or nothing);
    prints the columns read, ignored and treated as personal data, the rows left out and
    the values outside the choice lists with what was done with them."""
    from participation.surveys.answers_import import import_answers_csv
    from participation.surveys.answers_report import report_lines
    from participation.surveys.unlisted import KEEP_OTHER, OPTION, REFUSE

    survey = _survey(survey_ref)
    names = {q.name: q.id for q in survey.questions}
    unknown = [name for name, _v, _a in unlisted if name not in names]
    if unknown:
        raise click.BadParameter(f"unknown question: {unknown[0]}", param_hint="--hors-liste")
    decisions = {(names[name], value): action if action in (KEEP_OTHER, REFUSE)
                 else OPTION + action for name, value, action in unlisted}
    try:
        report = import_answers_csv(survey, path.read_bytes(), dry_run=dry_run,
                                    decisions=decisions, doubles=_doubles(keep_doubles),
                                    consent_outside=_declaration(consent_outside))
    except ImportRejected as exc:
        _report(exc)
    for line in report_lines(report, dry_run):
        click.echo(line)


surveys_cli.add_command(import_responses)
surveys_cli.add_command(import_responses, name="import-answers")


@surveys_cli.command("results")
@click.argument("survey_ref")
@click.option("--json", "as_json", is_flag=True)
def results(survey_ref: str, as_json: bool) -> None:
    """Counts, percentages, means and text counts of every question."""
    from participation.surveys.frames import contacts_count, read_frames
    from participation.surveys.results import survey_results

    survey = _survey(survey_ref)
    data = survey_results(read_frames(survey))
    data["contacts_given"] = contacts_count(survey)
    for question in data["questions"]:
        question.pop("texts", None)
        if "other" in question:
            question["other"].pop("texts", None)
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=1))
        return
    click.echo(f"{data['responses']} avis récoltés")
    for q in data["questions"]:
        click.echo(f"- {q['label']} ({q['answered']} réponses)")


@surveys_cli.command("export-form")
@click.argument("survey_ref")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
def export_form(survey_ref: str, out: Path) -> None:
    """Write the survey as an XLSForm (.xlsx) for ODK Collect / KoboCollect."""
    from participation.surveys.xlsform_export import export_xlsform

    out.write_bytes(export_xlsform(_survey(survey_ref)))
    click.echo(str(out))
