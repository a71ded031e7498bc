"""A survey's texts in several languages: tags, names, lookups with fallback, missing counts.

Language tags are lower-case BCP 47 codes ("fr", "ar", "tr", "en", "fr-x-falc" for easy-read
French, "rom", "pt"...). ``Survey.languages`` lists them, the default language first: the
survey's own columns (``Question.label``, ``Option.label``, ``Survey.title``...) hold the
default language's texts, ``Translation`` rows the other languages'. A text missing in a
language falls back to the default language's, string by string (docs/surveys.md,
"Langues"). Answers point to questions and options, never to a text, so results are never
split by language, and translations stay out of the definition version (``definition.py``).
"""
from __future__ import annotations

import re

from babel import Locale, UnknownLocaleError
from flask import has_app_context
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from participation.core.errors import DomainError
from participation.extensions import db
from participation.surveys.models import Option, Question, Survey, Translation

TAG = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{1,8})*$")
RTL = {"ar", "fa", "he", "ur", "ps", "ckb", "yi"}  # written right to left (primary subtag)
EASY_READ = "fr-x-falc"
SURVEY_FIELDS = ("title", "intro", "thanks")
QUESTION_FIELDS = ("label", "help", "min_label", "max_label", "constraint_message",
                   "required_message")
OPTION_FIELDS = ("label",)
MAX_TEXT = 5000  # characters of one translated text (a question's help is rarely 500)


def clean_tag(raw: str) -> str | None:
    """``" AR "`` -> ``"ar"``; ``"fr_FR"`` -> ``"fr-fr"``; None when it is not a tag."""
    tag = (raw or "").strip().lower().replace("_", "-")
    return tag if TAG.match(tag) and len(tag) <= 35 else None


def parse_languages(text: str) -> list[str]:
    """``"fr, ar tr"`` -> ``["fr", "ar", "tr"]`` (order kept, duplicates dropped); an empty
    text is ``["fr"]``; a word that is not a tag raises ``DomainError`` on ``languages``."""
    tags = []
    for word in re.split(r"[\s,;]+", text or ""):
        if not word:
            continue
        tag = clean_tag(word)
        if tag is None:
            raise DomainError(_("« %(w)s » n'est pas un code de langue : écrivez des codes comme "
                                "fr, ar, tr, en, fr-x-falc (français facile à lire), séparés "
                                "par des virgules.", w=word[:40]), field="languages")
        if tag not in tags:
            tags.append(tag)
    return tags or ["fr"]


def survey_languages(survey: Survey) -> list[str]:
    """The survey's tags, default first (a stored value that is not a tag is skipped)."""
    tags = [t for t in (clean_tag(w) for w in re.split(r"[\s,;]+", survey.languages or ""))
            if t]
    return list(dict.fromkeys(tags)) or ["fr"]


def default_language(survey: Survey) -> str:
    return survey_languages(survey)[0]


def direction(tag: str) -> str:
    """``"rtl"`` for Arabic, Persian, Hebrew, Urdu... (by primary subtag), else ``"ltr"``."""
    return "rtl" if (tag or "").split("-")[0] in RTL else "ltr"


def html_lang(tag: str) -> str:
    """The ``lang`` attribute value: the tag itself, valid BCP 47 ("fr-x-falc" is French
    with a private-use subtag, as ``core.i18n`` writes it on ``<html>``)."""
    return tag


def language_name(tag: str, in_language: str | None = None) -> str:
    """``"ar"`` -> ``"Arabe"`` (in the active locale's language: French, or the contract's
    when the section is built) or, ``in_language="ar"``, ``"العربية"`` (its own name, for the
    resident's language links). Names come from Babel (CLDR); a tag Babel does not name is
    shown as written."""
    if tag == EASY_READ:
        return _("Français facile à lire")
    base = tag.split("-")[0]
    if in_language is None:
        in_language = get_locale().language if has_app_context() and get_locale() else "fr"
    try:
        locale = Locale.parse(in_language.split("-")[0])
    except (UnknownLocaleError, ValueError):
        locale = Locale.parse("fr")
    name = locale.languages.get(base) or Locale.parse("fr").languages.get(base) or tag
    return name[:1].upper() + name[1:]


def target_of(obj) -> str:
    """The ``Translation.target`` of a survey, question or option (or of their plain
    copies, ``surveys.snapshot``, which carry it as ``target``)."""
    if isinstance(obj, Survey):
        return "survey"
    if isinstance(obj, Question):
        return f"q{obj.id}"
    return getattr(obj, "target", None) or f"o{obj.id}"


def fields_of(obj) -> tuple[str, ...]:
    if isinstance(obj, Survey):
        return SURVEY_FIELDS
    return QUESTION_FIELDS if isinstance(obj, Question) else OPTION_FIELDS


def text_map(survey_id: int, language: str) -> dict[tuple[str, str], str]:
    """``{(target, field): text}`` of one language, in one query."""
    rows = db.session.execute(select(Translation.target, Translation.field, Translation.text)
                              .where(Translation.survey_id == survey_id,
                                     Translation.language == language))
    return {(target, field): text for target, field, text in rows}


def all_texts(survey_id: int) -> dict[str, dict[tuple[str, str], str]]:
    """``{language: {(target, field): text}}`` of every language, in one query."""
    found: dict[str, dict] = {}
    for row in db.session.scalars(select(Translation).where(
            Translation.survey_id == survey_id)):
        found.setdefault(row.language, {})[(row.target, row.field)] = row.text
    return found


def stored_rows(survey_id: int, language: str) -> dict[tuple[str, str], Translation]:
    """``{(target, field): Translation}`` of one language (for ``set_text`` in a loop)."""
    return {(row.target, row.field): row for row in db.session.scalars(select(Translation).where(
        Translation.survey_id == survey_id, Translation.language == language))}


def set_text(survey: Survey, obj, field: str, language: str, text: str,
             rows: dict | None = None) -> None:
    """Add, change or (empty ``text``) remove one translation; the caller commits. ``obj``
    must be flushed (it needs its id); ``rows`` is ``stored_rows`` of the language when the
    caller sets many texts (else one query). Raises ``DomainError`` for the default
    language, a field the object has not, or a text over ``MAX_TEXT`` characters."""
    if field not in fields_of(obj):
        raise DomainError(_("Ce texte ne se traduit pas."))
    if language == default_language(survey) or clean_tag(language) != language:
        raise DomainError(_("Langue de traduction inconnue."))
    text = (text or "").strip()
    if len(text) > MAX_TEXT:
        raise DomainError(_("Traduction trop longue (%(n)s caractères, %(max)s au plus).",
                            n=len(text), max=MAX_TEXT))
    target = target_of(obj)
    row = (rows if rows is not None else stored_rows(survey.id, language)).get((target, field))
    if not text:
        if row is not None:
            db.session.delete(row)
            if rows is not None:
                rows.pop((target, field))
        return
    if row is None:
        row = Translation(survey_id=survey.id, target=target, field=field, language=language,
                          question_id=obj.id if isinstance(obj, Question) else None,
                          option_id=obj.id if isinstance(obj, Option) else None)
        db.session.add(row)
        if rows is not None:
            rows[(target, field)] = row
    row.text = text


def entries(survey: Survey) -> list[tuple[object, str, str]]:
    """Every text of the survey that has something to translate: ``(object, field, default
    language text)`` in reading order (survey messages, then each question and its options)."""
    found = [(survey, f, getattr(survey, f) or "") for f in SURVEY_FIELDS]
    for question in survey.questions:
        found.extend((question, f, getattr(question, f) or "") for f in QUESTION_FIELDS)
        found.extend((option, "label", option.label) for option in question.options)
    return [(obj, field, text) for obj, field, text in found if text.strip()]


def missing_counts(survey: Survey) -> dict[str, int]:
    """``{language: number of texts without translation}`` for each non-default language;
    the base is ``len(entries(survey))``."""
    texts, items = all_texts(survey.id), entries(survey)
    return {lang: sum((target_of(obj), field) not in texts.get(lang, {})
                      for obj, field, _text in items)
            for lang in survey_languages(survey)[1:]}


def _named_languages() -> dict[str, str]:
    """Folded language name -> tag, from Babel's English and French names ("arabic",
    "arabe" -> "ar"), for XLSForm columns written without a code."""
    names = {}
    for locale in ("fr", "en"):
        for code, name in Locale.parse(locale).languages.items():
            tag = clean_tag(code)
            if tag:
                names.setdefault(name.casefold(), tag)
    return names


def tag_of_language_name(name: str) -> str | None:
    """An XLSForm language as Kobo and ODK write it -> its tag: ``"Arabic (ar)"`` and
    ``"Français (fr)"`` give the code in parentheses, ``"ar"`` itself, ``"English"`` its
    Babel name; None when none of them says which language it is (XLSForm spec,
    "Multiple language support": ``label::language_name (code)``)."""
    name = (name or "").strip()
    match = re.search(r"\(([^()]+)\)\s*$", name)
    if match:
        return clean_tag(match.group(1))
    return clean_tag(name) or _named_languages().get(name.casefold())


def xlsform_language(tag: str) -> str:
    """``"ar"`` -> ``"Arabe (ar)"``: how the export names a language in its column headers
    (its French name, then the code pyxform and Kobo read in parentheses)."""
    name = "Français facile à lire" if tag == EASY_READ else language_name(tag, "fr")
    return f"{name} ({tag})"


FIELD_NAMES = {
    "title": _l("Titre"), "intro": _l("Introduction"), "thanks": _l("Message de remerciement"),
    "label": _l("Intitulé"), "help": _l("Aide"), "min_label": _l("Libellé du minimum"),
    "max_label": _l("Libellé du maximum"),
    "constraint_message": _l("Message si le nombre est hors limites"),
    "required_message": _l("Message si la réponse manque"),
}


def field_key(obj, field: str) -> str:
    """The form field name of one text on the translation page: ``"q12-help"``."""
    return f"{target_of(obj)}-{field}"


def translation_rows(survey: Survey, language: str, posted=None) -> list[dict]:
    """The translation page's rows: ``{key, group, what, text, value, missing}``: ``group``
    names the question (n° and label) or the survey, ``what`` the text ("Aide", "Choix
    « Oui »"), ``value`` the translation stored (or as posted when a save was refused)."""
    texts = text_map(survey.id, language)
    numbers = {q.id: i for i, q in enumerate(survey.questions, start=1)}
    rows = []
    for obj, field, text in entries(survey):
        stored = texts.get((target_of(obj), field), "")
        key = field_key(obj, field)
        if isinstance(obj, Option):
            question = obj.question
            what = _("Choix « %(label)s »", label=obj.label[:60])
        else:
            question = obj if isinstance(obj, Question) else None
            what = str(FIELD_NAMES[field])
        group = (_("Question %(n)s : %(label)s", n=numbers[question.id],
                   label=question.label[:80]) if question else _("Le questionnaire"))
        value = posted.get(key, stored) if posted is not None else stored
        rows.append({"key": key, "group": group, "what": what, "text": text, "value": value,
                     "missing": not stored})
    return rows


def save_translations(survey: Survey, language: str, data) -> dict[str, str]:
    """Store the page's posted translations of ``language`` (``data``: key -> text; a key
    not posted is left alone, an empty text removes the translation). All or nothing:
    returns ``{key: French message}`` and stores nothing when one text is refused."""
    errors, rows = {}, stored_rows(survey.id, language)
    for obj, field, _text in entries(survey):
        key = field_key(obj, field)
        if key in data:
            try:
                set_text(survey, obj, field, language, data.get(key, ""), rows)
            except DomainError as exc:
                errors[key] = exc.message
    if errors:
        db.session.rollback()
    else:
        db.session.commit()
    return errors
