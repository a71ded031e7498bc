"""Importing answers from a Google Forms CSV export (French headers = question labels).

Checkbox answers are joined with ", " although labels may contain commas: known labels are
matched greedily (longest first) and what is left is the "Autre" free text. A contact column
(personal question) goes to the separate contact table: on the original paper/online form the
resident wrote it down to be called back, which we record as a consent given on the original
form (see docs/surveys.md). All or nothing; re-importing the same file adds nothing.
"""
from __future__ import annotations

import csv
import hashlib
import io
import re
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import select

from participation.core.errors import ImportRejected
from participation.extensions import db
from participation.surveys.models import TEXT_TYPES, Response, Survey

TIMESTAMP_HEADERS = {"horodateur", "timestamp", "horodatage"}
MAX_ROWS = 100_000
IMPORT_CONSENT = "Coordonnées laissées volontairement sur le formulaire d'origine (import)."


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", (text or "").strip()).casefold()


def decode(content: bytes) -> str:
    if not content.strip():
        raise ImportRejected(_("Le fichier est vide."), [(0, _("aucune ligne"))])
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportRejected(_("Encodage du fichier non reconnu : enregistrez-le en UTF-8."),
                         [(0, _("encodage"))])


def read_rows(text: str) -> list[list[str]]:
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise ImportRejected(_("Ce fichier n'est pas un CSV lisible."),
                             [(0, str(exc)[:200])]) from exc


def split_choices(raw: str, labels: list[str]) -> tuple[list[str], str | None]:
    """``"A (x, y), B, free text"`` -> (["A (x, y)", "B"], "free text")."""
    known = sorted(labels, key=len, reverse=True)
    chosen, leftover, rest = [], [], raw.strip()
    while rest:
        match = next((lab for lab in known if rest.startswith(lab) and (
            len(rest) == len(lab) or rest[len(lab):].startswith(", "))), None)
        if match:
            chosen.append(match)
            rest = rest[len(match) + 2:]
            continue
        piece, _sep, rest = rest.partition(", ")
        leftover.append(piece)
    return chosen, (", ".join(leftover).strip() or None)


def _choice_value(question, raw: str) -> dict:
    labels = {o.label: o.id for o in question.options}
    lowered = {_norm(k): v for k, v in labels.items()}
    if question.type == "multiple":
        chosen, other = split_choices(raw, list(labels))
        ids = [labels[c] for c in chosen]
    else:
        match = lowered.get(_norm(raw))
        ids, other = ([match], None) if match else ([], raw.strip())
    if other and not question.has_other:
        raise ValueError(_("« %(v)s » n'est pas un choix de la question", v=other[:80]))
    return {"options": ids, "other": other}


def _date(raw: str) -> date:
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(raw.strip(), fmt).date()
        except ValueError:
            continue
    raise ValueError(_("date « %(v)s » illisible (jj/mm/aaaa)", v=raw[:20]))


def cell_value(question, raw: str) -> dict:
    """One cell as an answer value, or ValueError with a French message."""
    if question.personal or question.type in TEXT_TYPES:
        return {"text": raw.strip()[:5000]}
    if question.is_choice:
        return _choice_value(question, raw)
    if question.type == "date":
        return {"date": _date(raw)}
    try:
        number = float(raw.replace(",", ".").strip())
    except ValueError:
        raise ValueError(_("« %(v)s » n'est pas un nombre", v=raw[:20])) from None
    low, high = question.min_value, question.max_value
    if (low is not None and number < low) or (high is not None and number > high):
        raise ValueError(_("%(v)s est hors des bornes de la question", v=raw[:20]))
    return {"number": number}


def _timestamp(raw: str) -> datetime:
    for fmt in ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%Y/%m/%d %I:%M:%S %p UTC%z",
                "%Y-%m-%d %H:%M:%S"):
        try:
            return datetime.strptime(raw.strip(), fmt).replace(tzinfo=None)
        except ValueError:
            continue
    raise ValueError(_("horodateur « %(v)s » illisible (jj/mm/aaaa hh:mm:ss)", v=raw[:30]))


def _map_header(survey: Survey, header: list[str]) -> tuple[dict[int, object], list]:
    by_label = {_norm(q.label): q for q in survey.questions}
    columns, errors = {}, []
    for i, title in enumerate(header):
        if i == 0 and _norm(title) in TIMESTAMP_HEADERS:
            continue
        question = by_label.get(_norm(title))
        if question is None:
            errors.append((1, _("colonne « %(c)s » : aucune question n'a cet intitulé",
                                c=title[:80])))
        else:
            columns[i] = question
    if not header or _norm(header[0]) not in TIMESTAMP_HEADERS:
        errors.append((1, _("la première colonne doit être « Horodateur »")))
    return columns, errors


def _row_values(row: list[str], columns: dict) -> tuple[dict, list[str]]:
    values, problems = {}, []
    for i, question in columns.items():
        raw = row[i] if i < len(row) else ""
        if not raw.strip():
            continue
        try:
            values[question.id] = cell_value(question, raw)
        except ValueError as exc:
            problems.append(_("« %(q)s » : %(msg)s", q=question.label[:60], msg=str(exc)))
    return values, problems


def parse_google_csv(survey: Survey, content: bytes) -> list[dict]:
    """Rows as ``{line, submitted_at, values, external_id}`` or ``ImportRejected``."""
    rows = read_rows(decode(content))
    columns, errors = _map_header(survey, rows[0] if rows else [])
    if errors:
        raise ImportRejected(_("Les en-têtes ne correspondent pas au questionnaire."), errors)
    if len(rows) > MAX_ROWS:
        raise ImportRejected(_("Fichier trop long."), [(MAX_ROWS, _("trop de lignes"))])
    parsed = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        try:
            submitted_at = _timestamp(row[0])
        except ValueError as exc:
            errors.append((line, str(exc)))
            continue
        values, problems = _row_values(row, columns)
        errors.extend((line, p) for p in problems)
        digest = hashlib.sha1("\x1f".join(row).encode()).hexdigest()
        parsed.append({"line": line, "submitted_at": submitted_at, "values": values,
                       "external_id": f"csv:{digest}"})
    if errors:
        raise ImportRejected(_("Aucune réponse n'a été importée."), errors)
    return parsed


def store_rows(survey: Survey, rows: list[dict], dry_run: bool = False) -> dict:
    """Store every new row as a Response (channel "import"); report added and skipped."""
    known = set(db.session.scalars(select(Response.external_id).where(
        Response.survey_id == survey.id, Response.external_id.is_not(None))))
    fresh = [r for r in rows if r["external_id"] not in known]
    fresh = list({r["external_id"]: r for r in fresh}.values())
    report = {"rows": len(rows), "added": len(fresh), "skipped": len(rows) - len(fresh)}
    if dry_run:
        return report
    from participation.surveys.bulk import insert_responses

    insert_responses(survey, fresh, IMPORT_CONSENT)
    db.session.commit()
    return report


def import_google_csv(survey: Survey, content: bytes, dry_run: bool = False) -> dict:
    return store_rows(survey, parse_google_csv(survey, content), dry_run)


def import_answers_csv(survey: Survey, content: bytes, dry_run: bool = False) -> dict:
    """Google Forms export (labels as headers) or KoboToolbox/ODK export (names, _uuid)."""
    from participation.surveys.kobo_import import is_kobo, parse_kobo_csv

    rows = read_rows(decode(content))
    if rows and rows[0] and _norm(rows[0][0]) not in TIMESTAMP_HEADERS \
            and is_kobo(survey, rows[0]):
        return store_rows(survey, parse_kobo_csv(survey, rows), dry_run)
    return import_google_csv(survey, content, dry_run)
