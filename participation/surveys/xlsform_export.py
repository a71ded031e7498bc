"""Export a survey as an XLSForm (.xlsx) that pyxform's ``xls2xform`` converts, for offline
collection with ODK Collect / KoboCollect. Re-importing it gives the same questions, types,
conditions and options (``pdq_personal`` keeps the personal-data flag). Cells go through
``exports.cells.inert_workbook``: a label starting with ``=`` is text, never a formula."""
from __future__ import annotations

import re
from io import BytesIO

from openpyxl import Workbook

from participation.exports.cells import inert_workbook
from participation.surveys import conditions
from participation.surveys.models import Question, Survey, labels_in

LANG = "Français (fr)"
SURVEY_HEADER = ["type", "name", f"label::{LANG}", f"hint::{LANG}", "required", "relevant",
                 "appearance", "parameters", "constraint", "pdq_personal"]
CHOICE_TYPES = {"single": "select_one", "yes_no": "select_one", "multiple": "select_multiple",
                "ranking": "rank"}
SIMPLE_TYPES = {"short_text": "text", "long_text": "text", "date": "date"}


def xml_name(name: str) -> str:
    """An XML-safe field name (letters, digits, _ ; not starting with a digit)."""
    clean = re.sub(r"[^A-Za-z0-9_]", "_", name) or "q"
    return clean if re.match(r"[A-Za-z_]", clean) else f"q_{clean}"


def _fmt(x: float | None) -> str:
    return "" if x is None else f"{x:g}"


def _type(question: Question) -> tuple[str, str, str]:
    """XLSForm type, appearance, parameters."""
    if question.type in CHOICE_TYPES:
        other = " or_other" if question.has_other and question.type != "ranking" else ""
        return f"{CHOICE_TYPES[question.type]} {xml_name(question.name)}{other}", "", ""
    if question.type == "scale":
        params = f"start={_fmt(question.min_value)} end={_fmt(question.max_value)} step=1"
        return "range", "", params
    if question.type == "number":
        return "decimal", "", ""
    return SIMPLE_TYPES[question.type], ("multiline" if question.type == "long_text" else ""), ""


def _relevant(question: Question) -> str:
    """The condition as it was written (imported or typed); rewritten from its AST only when
    a name it reads is not XML-safe and so was renamed by ``xml_name``."""
    names = conditions.references(question.condition)
    if all(xml_name(name) == name for name in names):
        return question.relevant or ""
    return conditions.to_text(question.condition, xml_name)


def _constraint(question: Question) -> str:
    parts = []
    if question.type == "number" and question.min_value is not None:
        parts.append(f". >= {_fmt(question.min_value)}")
    if question.type == "number" and question.max_value is not None:
        parts.append(f". <= {_fmt(question.max_value)}")
    if question.type == "multiple" and question.max_choices:
        parts.append(f"count-selected(.) <= {question.max_choices}")
    return " and ".join(parts)


def languages(survey: Survey) -> list[str]:
    """The other languages of an imported form, in order of appearance."""
    found = {}
    for q in survey.questions:
        for obj in (q, *q.options):
            found.update(dict.fromkeys(k for k in labels_in(obj) if k != LANG))
    return list(found)


def _language_header(language: str) -> str:
    return "label" if language == "default" else f"label::{language}"


def survey_rows(survey: Survey, langs: list[str] = ()) -> list[list[str]]:
    rows = []
    for q in survey.questions:
        kind, appearance, params = _type(q)
        other = labels_in(q)
        rows.append([kind, xml_name(q.name), q.label, q.help or "",
                     "yes" if q.required else "", _relevant(q), appearance, params,
                     _constraint(q), "yes" if q.personal else "no"]
                    + [other.get(lang, "") for lang in langs])
    return rows


def export_xlsform(survey: Survey) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "survey"
    langs = languages(survey)
    sheet.append(SURVEY_HEADER + [_language_header(lang) for lang in langs])
    for row in survey_rows(survey, langs):
        sheet.append(row)
    choices = workbook.create_sheet("choices")
    choices.append(["list_name", "name", f"label::{LANG}"]
                   + [_language_header(lang) for lang in langs])
    for q in survey.questions:
        for option in q.options:
            other = labels_in(option)
            choices.append([xml_name(q.name), option.name, option.label]
                           + [other.get(lang, "") for lang in langs])
    settings = workbook.create_sheet("settings")
    settings.append(["form_title", "form_id", "version", "default_language"])
    settings.append([survey.title, xml_name(survey.form_id or survey.slug), "1", LANG])
    inert_workbook(workbook)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
