"""Answers from a KoboToolbox / ODK CSV export: question names as headers (possibly with a
group path "groupe/nom"), ";" or "," separated, select_multiple as space-separated choice
names, "other" with its text in "<nom>_other", ``_uuid`` identifying a submission (re-importing
or a duplicated line adds nothing). Metadata columns (``_id``, ``start``, split
select_multiple columns "nom/choix"...) are ignored."""
from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _

from participation.core.errors import ImportRejected
from participation.surveys.answers_import import cell_value
from participation.surveys.models import Survey
from participation.surveys.xlsform_export import xml_name

TIME_COLUMNS = ("_submission_time", "end", "start")


def _by_name(survey: Survey) -> dict:
    names = {}
    for q in survey.questions:
        names[q.name] = q
        names[xml_name(q.name)] = q
    return names


def is_kobo(survey: Survey, header: list[str]) -> bool:
    names = _by_name(survey)
    return "_uuid" in header or any(h.split("/")[-1] in names for h in header)


def _columns(survey: Survey, header: list[str]) -> dict[int, object]:
    names, columns = _by_name(survey), {}
    for i, title in enumerate(header):
        question = names.get(title.split("/")[-1])
        if question is not None and not title.startswith("_"):
            columns[i] = question
    if not columns:
        raise ImportRejected(_("Aucune colonne ne correspond aux questions."),
                             [(1, _("en-têtes inconnus"))])
    return columns


def _choice(question, raw: str, other_text: str) -> dict:
    names = {o.name: o.id for o in question.options}
    picked = raw.split() if question.type == "multiple" else [raw.strip()]
    ids, other = [], None
    for name in picked:
        if name == "other" and question.has_other:
            other = other_text.strip() or _("Autre")
        elif name in names:
            ids.append(names[name])
        else:
            raise ValueError(_("choix « %(v)s » inconnu", v=name[:40]))
    return {"options": ids, "other": other}


def _when(record: dict) -> datetime:
    for key in TIME_COLUMNS:
        raw = (record.get(key) or "").strip()
        if raw:
            try:
                return datetime.fromisoformat(raw.replace("Z", "+00:00")).replace(tzinfo=None)
            except ValueError:
                continue
    raise ValueError(_("date de soumission absente ou illisible"))


def _row(columns: dict, header: list[str], row: list[str]) -> tuple[dict, list[str]]:
    record = dict(zip(header, row, strict=False))
    values, problems = {}, []
    for i, question in columns.items():
        raw = row[i] if i < len(row) else ""
        if not raw.strip():
            continue
        try:
            if question.is_choice:
                values[question.id] = _choice(question, raw,
                                              record.get(header[i] + "_other", ""))
            else:
                values[question.id] = cell_value(question, raw)
        except ValueError as exc:
            problems.append(_("« %(q)s » : %(msg)s", q=question.name, msg=str(exc)))
    return values, problems


def parse_kobo_csv(survey: Survey, rows: list[list[str]]) -> list[dict]:
    header = rows[0]
    columns = _columns(survey, header)
    parsed, errors = [], []
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        record = dict(zip(header, row, strict=False))
        values, problems = _row(columns, header, row)
        try:
            submitted_at = _when(record)
        except ValueError as exc:
            problems.append(str(exc))
        errors.extend((line, p) for p in problems)
        uuid = (record.get("_uuid") or "").strip()
        if not problems:
            parsed.append({"line": line, "values": values, "submitted_at": submitted_at,
                           "external_id": f"kobo:{uuid}" if uuid else f"kobo-line:{line}"})
    if errors:
        raise ImportRejected(_("Aucune réponse n'a été importée."), errors)
    return parsed
