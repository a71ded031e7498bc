"""The preview of a questionnaire import (an XLSForm, and the answers already collected with it
in KoboToolbox, ODK Central, Google Forms or Excel), and the import itself, by the same code.

``preview`` builds in the session everything the import would store (the survey and its
questions, the quartier question's mapping, the answers as a dry run of
``answers_import``), reads its ``summary`` and rolls everything back: nothing is stored.
``run`` builds it again from the same bytes and stores the answers, in the caller's
transaction (the caller also deletes the kept upload, ``pending_import.claim``, and commits
once: all or nothing). The two steps compare their ``fingerprint``: when something the
preview depended on changed in between (a quartier renamed, a name added), nothing is
imported and the new preview is shown.

The summary (JSON, kept with the upload): the questions with their type, which are personal
(kept apart, with consent) and which free texts become contributions for the analyses; the
question recognised as the quartier and, for each choice, the quartier and the name it was
recognised under (``quartier_link.matched_by``) or why it has none; for the answers file,
the columns read, set aside as personal or ignored, the rows to add, already present or left
out (with their line and reason), the rows per quartier, the contributions per question and
the values outside the choice lists (``unlisted``) to decide.
"""
from __future__ import annotations

import hashlib
import json

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from participation.contributions.models import KINDS
from participation.core.errors import ImportRejected
from participation.core.punctuation import labelled
from participation.extensions import db
from participation.surveys import reimport
from participation.surveys.answers_import import import_answers_csv
from participation.surveys.duplicates import kept_lines
from participation.surveys.import_consent import report_lines as consent_lines
from participation.surveys.import_consent import texts_line
from participation.surveys.imports import build_xlsform
from participation.surveys.models import TEXT_TYPES, Survey
from participation.surveys.pending_import import Upload
from participation.surveys.quartier_link import describe, matched_by
from participation.surveys.unlisted import KEEP_OTHER, OPTION, REFUSE

MATCHED_BY = {"export": _l("code de la colonne pdq_quartier"), "code": _l("code QPV"),
              "name": _l("nom officiel"), "resident": _l("nom employé par les habitants")}
REPORT_KEYS = ("rows", "added", "skipped", "matched", "ignored", "personal", "left_out",
               "notes", "quartiers", "free_texts", "consent", "elsewhere", "tool", "detected",
               "duplicates")


def _questions(survey: Survey) -> list[dict]:
    """Each question as the preview lists it: name, label, type code (``QUESTION_TYPES``),
    personal, ``free`` (its answers become contributions), « Autre », contribution kind,
    number of choices, display condition as written."""
    return [{"name": q.name, "label": q.label, "type": q.type, "personal": q.personal,
             "free": q.type in TEXT_TYPES and not q.personal, "other": q.has_other,
             "kind": q.contribution_kind, "options": len(q.options),
             "condition": q.relevant or ""} for q in survey.questions]


def _quartier(survey: Survey, codes: dict[str, list[str]]) -> dict | None:
    """The quartier question and each choice's quartier (name, code), the name it was
    recognised under (``MATCHED_BY`` key) or the French reason it has none."""
    question, rows = describe(survey)
    if question is None:
        return None
    cells = codes.get(question.name) or [""] * len(rows)
    return {"name": question.name, "label": question.label, "choices": [
        {"name": row.option.name, "label": row.option.label,
         "quartier": row.quartier.name if row.quartier else None,
         "code": row.quartier.code if row.quartier else None,
         "by": matched_by(row.quartier, row.option.label, row.option.name, cell)
         if row.quartier else "", "message": row.message}
        for row, cell in zip(rows, cells, strict=False)]}


def _answers(report: dict | None, upload: Upload) -> dict | None:
    """The answers part of the summary: the report's lists and counts (``REPORT_KEYS``,
    ``answers_report.new_report``) as JSON, with the file's name and the values outside the
    choice lists keyed by question *name* (the survey's ids do not exist yet); None without
    an answers file."""
    if report is None:
        return None
    found = [{"question": f["question"], "label": f["label"], "value": f["value"],
              "shown": f["shown"], "key": f["key"], "columns": f["columns"],
              "lines": f["lines"], "action": f["action"],
              "has_other": f["has_other"], "options": [list(o) for o in f["options"]]}
             for f in report["unlisted"]["found"].values()]
    kept = {key: report.get(key) for key in REPORT_KEYS}
    return json.loads(json.dumps(kept | {"file": upload.answers_name, "unlisted": found},
                                 default=str))


def summary(survey: Survey, codes: dict, report: dict | None, upload: Upload) -> dict:
    """What the import stores (module docstring), as JSON-ready lists and strings."""
    return {"file": upload.form_name, "title": survey.title, "form_id": survey.form_id,
            "languages": survey.languages, "questions": _questions(survey),
            "quartier": _quartier(survey, codes), "answers": _answers(report, upload),
            "same_form": reimport.same_form(survey), "form_version": survey.form_version}


def fingerprint(found: dict) -> str:
    """A digest of what a summary says will be stored, but for what the coordinator's
    decisions on the preview change (the unlisted values and the rows per quartier; the
    contacts kept on a consent declared outside the file, and so what is said of the
    personal columns, whose headers are compared): equal in the preview and the import
    when nothing changed. The likely duplicates the coordinator chose to keep or set aside
    (``_undecided``) do not change it either."""
    answers = _undecided(dict(found["answers"] or {}))
    for key in ("unlisted", "quartiers", "notes", "consent", "tool"):
        answers.pop(key, None)
    answers["personal"] = [header for header, _why in answers.get("personal") or ()]
    unkind = lambda rows: [{k: v for k, v in row.items() if k != "kind"}  # noqa: E731
                           for row in rows or ()]  # the kinds are the coordinator's choice
    answers["free_texts"] = unkind(answers.get("free_texts"))
    stable = found | {"answers": answers, "questions": unkind(found["questions"])}
    return hashlib.sha256(json.dumps(stable, sort_keys=True).encode()).hexdigest()


def _undecided(answers: dict) -> dict:
    """The answers part of a summary as if no likely duplicate were set aside
    (``duplicates``): the counts and lines left out, the rows read, without the
    contributions per question (the lines set aside or kept change them)."""
    found = (answers.pop("duplicates", None) or {}).get("found") or []
    aside = {item["line"] for item in found if not item.get("kept")}
    if not answers:
        return answers
    answers["added"] = answers.get("added", 0) + len(aside)
    answers["rows"] = answers.get("rows", 0) + len(aside)
    answers["left_out"] = [entry for entry in answers.get("left_out") or ()
                           if entry[0] not in aside]
    answers["free_texts"] = [{k: v for k, v in row.items() if k != "count"}
                             for row in answers.get("free_texts") or ()]
    return answers


def _build(territory_id: int, upload: Upload, decisions: dict, dry_run: bool,
           consent_outside: str | None = None, kinds: dict[str, str] | None = None,
           tool: str | None = None, doubles: dict | None = None):
    """The survey and the summary (``preview``, ``run``); a refusal names its file
    (``exc.file``). ``consent_outside``: ``answers_import.import_answers_csv``'s;
    ``kinds``: ``kinds_from``'s, given to their questions before the answers are read;
    ``tool``: how the answers were collected (``collection_tools``, else detected);
    ``doubles``: the choices on the likely duplicates (``duplicates.choices_from``; None:
    each is set aside)."""
    try:
        survey, codes = build_xlsform(territory_id, upload.form)
    except ImportRejected as exc:
        exc.file = upload.form_name
        raise
    for question in survey.questions:
        if question.name in (kinds or {}) and (question.type in TEXT_TYPES
                                               or question.has_other):
            question.contribution_kind = kinds[question.name]
    report = None
    if upload.answers is not None:
        by_name = {q.name: q.id for q in survey.questions}
        try:
            report = import_answers_csv(
                survey, upload.answers, dry_run=dry_run, commit=False,
                consent_outside=consent_outside, tool=tool, doubles=doubles,
                decisions={(by_name[name], value): action
                           for (name, value), action in decisions.items() if name in by_name})
        except ImportRejected as exc:
            exc.file = upload.answers_name
            raise
    return survey, summary(survey, codes, report, upload)


def preview(territory_id: int, upload: Upload, consent_outside: str | None = None,
            decisions: dict | None = None, kinds: dict[str, str] | None = None,
            tool: str | None = None, doubles: dict | None = None) -> dict:
    """The summary of what importing ``upload`` would store; nothing is stored (rolled back).
    ``ImportRejected`` with every wrong line when the questionnaire or the answers file is
    refused. ``consent_outside``: as ``run`` (the CLI's dry run with its declaration);
    ``decisions``: as ``run`` (« Recalculer l'aperçu »: the rows per quartier follow the
    values mapped to a choice); ``kinds``, ``tool``, ``doubles``: as ``run``."""
    try:
        return _build(territory_id, upload, decisions or {}, dry_run=True,
                      consent_outside=consent_outside, kinds=kinds, tool=tool,
                      doubles=doubles)[1]
    finally:
        db.session.rollback()


def run(territory_id: int, upload: Upload, decisions: dict,
        consent_outside: str | None = None,
        kinds: dict[str, str] | None = None,
        tool: str | None = None, doubles: dict | None = None) -> tuple[Survey, dict]:
    """Store the questionnaire and its answers in the caller's transaction (not committed):
    the survey and the summary of what was stored. ``decisions``: ``{(question name, value):
    action}`` for the values outside the choice lists (``decisions_from``);
    ``consent_outside``: the coordinator's declaration that consent was collected outside
    the file (``import_consent``; None by default); ``kinds``: ``{question name: kind}``,
    the kind of the contributions its free or « Autre » texts become (``kinds_from``; the
    others keep the kind read from their wording); ``tool``: how the answers were collected
    (``collection_tools.TOOLS``; None: detected from the file); ``doubles``: ``{line:
    action}`` for the likely duplicate submissions (``duplicates.choices_from``; a line
    without a choice is set aside). ``ImportRejected`` as
    ``preview`` (and for a value the coordinator refused, and when the answers are already
    held by another survey of the territory: ``reimport.refuse_duplicate``)."""
    survey, found = _build(territory_id, upload, decisions, dry_run=False,
                           consent_outside=consent_outside, kinds=kinds, tool=tool,
                           doubles=doubles)
    try:
        reimport.refuse_duplicate(found)
    except ImportRejected as exc:
        exc.file = upload.answers_name
        raise
    return survey, found


def kinds_from(form) -> dict[str, str]:
    """The preview's « Nature des contributions » lists posted back (``nature:<question
    name>``) as ``{question name: kind}``; a kind that is not one of ``KINDS`` is left out
    (the question keeps the kind read from its wording)."""
    return {key.partition(":")[2]: form[key] for key in form
            if key.startswith("nature:") and form[key] in KINDS}


def decisions_from(form) -> dict:
    """The preview's choices posted back (``hl-N`` the action, ``hl-N-q`` the question's
    name, ``hl-N-v`` the value's ``unlisted.value_key``) as ``{(question name, value key):
    action}``; a malformed entry is skipped (the value then gets its default: « Autre »,
    else refused)."""
    found = {}
    for key in form:
        if not key.startswith("hl-") or key.count("-") != 1:
            continue
        name, value, action = form.get(key + "-q", ""), form.get(key + "-v"), form.get(key, "")
        if name and value and (action in (KEEP_OTHER, REFUSE) or action.startswith(OPTION)):
            found[(name, value)] = action
    return found


def _question_line(q: dict) -> str:
    """One question of the summary as the CLI prints it."""
    from participation.contributions.models import KINDS
    from participation.surveys.models import QUESTION_TYPES

    if q["personal"]:
        what = _("donnée personnelle, gardée à part avec le consentement")
    elif q["free"]:
        what = _("texte libre : chaque réponse devient une contribution (%(k)s)",
                 k=KINDS.get(q["kind"], q["kind"]))
    else:
        what = _("comptée dans les résultats")
    return "  - " + labelled(f"{q['name']} ({QUESTION_TYPES[q['type']]})", what)


def summary_lines(found: dict) -> list[str]:
    """The summary (``summary``) as French text lines: the questions, the quartier question
    with each choice's quartier (or why none), then the answers' counts (CLI ``--dry-run``;
    the web page shows the same lists)."""
    lines = [_("Questionnaire « %(t)s » : %(n)s questions", t=found["title"],
               n=len(found["questions"]))]
    lines += [_question_line(q) for q in found["questions"]]
    quartier = found["quartier"]
    if quartier is None:
        lines.append(_("Aucune question n'a été reconnue comme le quartier des réponses."))
    else:
        lines.append(_("Quartier des réponses : « %(q)s »", q=quartier["label"]))
        lines += [f"  - {c['label']} → {c['quartier']} ({c['code']}, {MATCHED_BY[c['by']]})"
                  if c["quartier"] else f"  - {c['label']} → {c['message']}"
                  for c in quartier["choices"]]
    lines += reimport.same_form_lines(found["same_form"], found.get("form_version"))
    answers = found["answers"]
    if answers is not None:
        lines += consent_lines(answers["consent"])
        in_texts = texts_line(answers["free_texts"])
        lines += [f"  {in_texts}"] if in_texts else []
        lines += reimport.held_lines(answers["elsewhere"], answers["rows"])
        lines.append(answers_line(answers))
        lines += [_("  - ligne %(n)s : %(why)s", n=n, why=why) for n, why in answers["left_out"]]
        lines += [f"  {line}" for line in kept_lines(answers)]
    return lines


def answers_line(answers: dict) -> str:
    """The answers' counts of a summary in one line: rows to add, left out, contributions."""
    return _("Réponses à ajouter : %(n)s ; lignes écartées : %(o)s ; contributions : %(c)s",
             n=answers["added"], o=len(answers["left_out"]),
             c=sum(q["count"] for q in answers["free_texts"]))
