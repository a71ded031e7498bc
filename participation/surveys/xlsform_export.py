"""Export a survey as an XLSForm (.xlsx) that pyxform's ``xls2xform`` converts, for offline
collection with ODK Collect / KoboCollect. Re-importing it gives the same questions, types,
conditions and options (``pdq_personal`` keeps the personal-data flag, the choices'
``pdq_quartier`` the quartier each choice of the quartier question stands for). Cells go through
``exports.cells.inert_workbook``: a label starting with ``=`` is text, never a formula."""
from __future__ import annotations

import re
from io import BytesIO

from openpyxl import Workbook
from sqlalchemy import select

from participation.exports.cells import inert_workbook
from participation.extensions import db
from participation.surveys import conditions
from participation.surveys.models import Question, Survey
from participation.surveys.quartier_link import EXPORT_COLUMN
from participation.surveys.translations import (
    all_texts,
    survey_languages,
    target_of,
    xlsform_language,
)
from participation.territory.models import Quartier

# Translated columns (base, the question's field), each once per language
TEXT_COLUMNS = (("label", "label"), ("hint", "help"), ("constraint_message",
                                                         "constraint_message"),
                ("required_message", "required_message"))
SURVEY_HEADER = ["type", "name", "label", "hint", "required", "relevant", "appearance",
                 "parameters", "constraint", "pdq_personal", "constraint_message",
                 "required_message"]
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
        return ("integer" if question.whole_number else "decimal"), "", ""
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


def _text_headers(tags: list[str], bases) -> list[str]:
    """The other languages' columns (``label::Arabe (ar)``...), language by language."""
    return [f"{base}::{xlsform_language(tag)}" for tag in tags[1:] for base in bases]


def _survey_header(tags: list[str]) -> list[str]:
    """``SURVEY_HEADER`` with the default language named on its text columns (the columns
    keep the positions of a one-language export), then the other languages' columns."""
    bases = [base for base, _field in TEXT_COLUMNS]
    named = [f"{h}::{xlsform_language(tags[0])}" if h in bases else h for h in SURVEY_HEADER]
    return named + _text_headers(tags, bases)


def _texts(obj, fields, tags: list[str], texts: dict) -> list[str]:
    """``obj``'s texts in the other languages, language by language."""
    target = target_of(obj)
    return [texts.get(tag, {}).get((target, f), "") for tag in tags[1:] for f in fields]


def survey_rows(survey: Survey, tags: list[str], texts: dict) -> list[list[str]]:
    fields = [field for _base, field in TEXT_COLUMNS]
    rows = []
    for q in survey.questions:
        kind, appearance, params = _type(q)
        rows.append([kind, xml_name(q.name), q.label, q.help or "",
                     "yes" if q.required else "", _relevant(q), appearance, params,
                     _constraint(q), "yes" if q.personal else "no",
                     q.constraint_message or "", q.required_message or ""]
                    + _texts(q, fields, tags, texts))
    return rows


def _choices_sheet(sheet, survey: Survey, tags: list[str], texts: dict) -> None:
    """Every choice in every language; when the survey has a quartier question, a last column
    ``pdq_quartier``: the code of the quartier each of its choices stands for
    (``quartier_link``: re-imported, the mapping is kept even for a label that names no
    quartier), empty for the other choices."""
    codes = dict(db.session.execute(select(Quartier.id, Quartier.code).where(
        Quartier.territory_id == survey.territory_id)).all())
    coded = any(o.quartier_id for q in survey.questions for o in q.options)
    sheet.append(["list_name", "name", f"label::{xlsform_language(tags[0])}"]
                 + _text_headers(tags, ["label"]) + ([EXPORT_COLUMN] if coded else []))
    for q in survey.questions:
        for option in q.options:
            sheet.append([xml_name(q.name), option.name, option.label]
                         + _texts(option, ["label"], tags, texts)
                         + ([codes.get(option.quartier_id, "")] if coded else []))


def export_xlsform(survey: Survey) -> bytes:
    """The survey as an XLSForm workbook (bytes of an .xlsx): every text in every language
    of the survey (``label::Arabe (ar)``, ``hint::…``, ``constraint_message::…``,
    ``required_message::…``; choices ``label::…``), ``default_language`` in settings."""
    tags, texts = survey_languages(survey), all_texts(survey.id)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "survey"
    sheet.append(_survey_header(tags))
    for row in survey_rows(survey, tags, texts):
        sheet.append(row)
    _choices_sheet(workbook.create_sheet("choices"), survey, tags, texts)
    settings = workbook.create_sheet("settings")
    settings.append(["form_title", "form_id", "version", "default_language"])
    settings.append([survey.title, xml_name(survey.form_id or survey.slug), "1",
                     xlsform_language(tags[0])])
    inert_workbook(workbook)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
