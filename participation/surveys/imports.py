"""Importing a questionnaire from an XLSForm (.xlsx, .xls or .ods: survey, choices, settings).

All or nothing: every line is checked first, errors are reported with the sheet's line number
(``ImportRejected``), and the survey is stored only when the whole file is understood. What the
platform cannot keep (repeats, ``choice_filter``, a condition it cannot read, a step other
than 1…) is refused with its line, never silently changed (docs/surveys.md, "Imports").
Groups (``begin group`` / ``begin_group``, any case) are flattened: the group's ``relevant``
is joined by "and" to the condition of every question inside it (``conditions.combine``).
Metadata types (XLSForm spec, "Metadata") and notes/calculations are skipped; a form left with
no question is refused.
A question whose label or name asks for a name, a phone number, an e-mail or an address
becomes a **personal** question: optional, stored apart and only with consent.

The steps: ``xlsform_read`` reads the workbook's sheets (xlsx, xls, ods), ``xlsform_columns``
tells what each column holds (type words, languages), ``xlsform_questions`` maps each line to
a question; this module checks the whole form and stores it.
"""
from __future__ import annotations

from flask_babel import gettext as _

from participation.core.errors import DomainError, ImportRejected
from participation.extensions import db
from participation.surveys.models import Survey
from participation.surveys.quartier_link import link_imported
from participation.surveys.services import add_question, create_survey, set_condition
from participation.surveys.translations import set_text
from participation.surveys.xlsform_columns import (
    default_tag,
    headers_of,
    language_columns,
    languages_of,
)
from participation.surveys.xlsform_questions import choice_lists, max_length, survey_specs
from participation.surveys.xlsform_read import read_sheets, sheet_rows

MAX_QUESTIONS = 300  # a street questionnaire has 10 to 40; 300 bounds the page and the import


def _settings_errors(settings: dict) -> list[tuple[int, str]]:
    errors = []
    for key, column in (("form_title", Survey.__table__.c.title),
                        ("form_id", Survey.__table__.c.form_id),
                        ("version", Survey.__table__.c.form_version)):
        if len(settings.get(key, "")) > max_length(column):
            errors.append((2, _("feuille settings : %(k)s trop long (%(n)s caractères, %(max)s "
                                "au plus)", k=key, n=len(settings[key]), max=max_length(column))))
    return errors


def parse_xlsform(content: bytes) -> tuple[str, str | None, list[tuple[int, dict, tuple]],
                                           list[str]]:
    """Title, form id, the question specs with their line and the language tags (default
    first), or ``ImportRejected``."""
    return parse_with_settings(content)[:4]


def parse_with_settings(content: bytes) -> tuple[str, str | None, list, list[str], dict]:
    """``parse_xlsform``'s four values and the settings sheet's first row (``{column:
    text}``: form_title, form_id, version…)."""
    sheets = read_sheets(content)
    settings_rows = sheet_rows(sheets, "settings")
    settings = settings_rows[0][1] if settings_rows else {}
    survey_rows = sheet_rows(sheets, "survey")
    if not survey_rows:
        raise ImportRejected(_("La feuille « survey » est absente ou vide."), [(1, "survey")])
    main_tag = default_tag(settings, headers_of(survey_rows))
    cols = dict(zip(("main", "other", "errors"),
                    language_columns(headers_of(survey_rows), main_tag), strict=True))
    choice_rows = sheet_rows(sheets, "choices")
    choice_main, choice_other, choice_errors = language_columns(headers_of(choice_rows), main_tag)
    choice_other = {c: bt for c, bt in choice_other.items() if bt[0] == "label"}
    lists = choice_lists(choice_rows, choice_main, choice_other, choice_errors)
    specs, errors = survey_specs(survey_rows, cols, lists)
    errors[:0] = [*cols["errors"], *choice_errors]
    errors.extend(_settings_errors(settings))
    languages = languages_of(main_tag, cols["other"], choice_other)
    if len(", ".join(languages)) > max_length(Survey.__table__.c.languages):
        errors.append((1, _("trop de langues (%(n)s) : gardez-en moins de 20", n=len(languages))))
    if errors:
        raise ImportRejected(_("Le questionnaire n'a pas été importé."), errors)
    if not specs:
        raise ImportRejected(_("Le questionnaire n'a pas été importé : il ne contient aucune "
                               "question (seulement des notes, des calculs, des groupes ou des "
                               "métadonnées)."), [(1, _("feuille survey : aucune question"))])
    if len(specs) > MAX_QUESTIONS:
        raise ImportRejected(_("Le questionnaire n'a pas été importé : %(n)s questions, %(max)s "
                               "au plus.", n=len(specs), max=MAX_QUESTIONS),
                             [(specs[MAX_QUESTIONS][0], _("feuille survey : trop de questions"))])
    title = settings.get("form_title") or _("Questionnaire importé")
    return title, settings.get("form_id"), specs, languages, settings


def _set_conditions(specs, by_name: dict) -> list[tuple[int, str]]:
    """Store each question's condition; a name that is no earlier question (a later one, a
    note, a calculation, a group, a typo) or a choice that does not exist is refused with
    the line, never dropped."""
    errors = []
    for line, spec, condition in specs:
        if condition and spec["name"] in by_name:
            try:
                set_condition(by_name[spec["name"]], condition)
            except DomainError as exc:
                errors.append((line, _("feuille survey : condition (relevant) « %(e)s » : "
                                       "%(msg)s", e=condition[:160], msg=exc.message)))
    return errors


def import_xlsform(territory_id: int, content: bytes, quartier_ids=()):
    """Create a draft survey from an XLSForm and commit it; nothing is stored if one line is
    wrong (``ImportRejected``). See ``build_xlsform``."""
    survey, _codes = build_xlsform(territory_id, content, quartier_ids)
    db.session.commit()
    return survey


def build_xlsform(territory_id: int, content: bytes,
                  quartier_ids=()) -> tuple[Survey, dict[str, list[str]]]:
    """The draft survey of an XLSForm, flushed in the caller's transaction (the caller
    commits, or rolls back after a preview), and the ``pdq_quartier`` cells of each
    question's choices (question name -> one cell per choice, "" when absent). The quartier
    question, when one is recognised, has its choices mapped to the territory's quartiers
    (``quartier_link.link_imported``). ``ImportRejected`` (session rolled back) when a line
    is wrong."""
    title, form_id, specs, languages, settings = parse_with_settings(content)
    survey = create_survey(territory_id, title, quartier_ids=quartier_ids,
                           languages=", ".join(languages), commit=False)
    survey.form_id, survey.form_version = form_id, settings.get("version") or None
    errors, by_name, texts, codes = [], {}, [], {}
    for line, spec, _condition in specs:
        try:
            option_texts, own = spec.pop("option_texts", []), spec.pop("texts", {})
            option_codes = spec.pop("option_codes", [])
            question = by_name[spec["name"]] = add_question(survey, commit=False, **spec)
            codes[question.name] = option_codes
            texts.append((question, own))
            texts.extend(zip(question.options, option_texts, strict=False))
        except DomainError as exc:
            errors.append((line, exc.message))
    db.session.flush()
    rows: dict[str, dict] = {}  # a new survey: no stored translation yet
    for obj, found in texts:
        for (field, tag), text in found.items():
            set_text(survey, obj, field, tag, text, rows.setdefault(tag, {}))
    errors.extend(_set_conditions(specs, by_name))
    link_imported(survey, codes)
    if errors:
        db.session.rollback()
        raise ImportRejected(_("Le questionnaire n'a pas été importé."), errors)
    db.session.flush()
    return survey, codes
