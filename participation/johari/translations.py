"""An exercise's texts in the residents' languages: title, group names and prompts.

The exercise's own columns hold French (docs/johari.md); every other interface language
(``config.LANGUAGES``: easy-read French, English, Arabic, Turkish) has its texts as
``JohariTranslation`` rows, ``target`` "exercise" or "g<group id>". A text missing in a
language shows in French, text by text, as a survey's (``surveys/translations.py``). The
default prompts and group names come with their translations from the catalogues
(``default_translations``); a facilitator writes the others on ``/johari/<id>/traductions``.
"""
from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from participation.core.errors import DomainError
from participation.core.i18n import current_language, in_language
from participation.extensions import db
from participation.johari.models import QUADRANTS, JohariExercise, JohariGroup, JohariTranslation

SOURCE_LANGUAGE = "fr"
GROUP_FIELDS = ("name",) + tuple(f"prompt_{q}" for q in QUADRANTS)
MAX_LENGTHS = {"title": 200, "name": 100} | {f"prompt_{q}": 300 for q in QUADRANTS}
FIELD_NAMES = {"title": _l("Titre de l'exercice"), "name": _l("Nom du groupe"),
               "prompt_publique": _l("Zone publique"), "prompt_aveugle": _l("Zone aveugle"),
               "prompt_cachee": _l("Zone cachée"), "prompt_inconnue": _l("Zone inconnue")}


def languages() -> list[str]:
    """The tags an exercise is translated into: the interface's, French (the source) aside."""
    return [tag for tag in current_app.config["LANGUAGES"] if tag != SOURCE_LANGUAGE]


def target_of(obj) -> str:
    return "exercise" if isinstance(obj, JohariExercise) else f"g{obj.id}"


def _exercise_id(obj) -> int:
    return obj.id if isinstance(obj, JohariExercise) else obj.exercise_id


def text_map(exercise_id: int, language: str) -> dict[tuple[str, str], str]:
    """``{(target, field): text}`` of one language, in one query."""
    rows = db.session.execute(select(JohariTranslation.target, JohariTranslation.field,
                                     JohariTranslation.text).where(
        JohariTranslation.exercise_id == exercise_id, JohariTranslation.language == language))
    return {(target, field): text for target, field, text in rows}


def translated(obj, field: str, language: str | None = None,
               texts: dict | None = None) -> str:
    """``obj.field`` (an exercise's ``title``, a group's ``name`` or ``prompt_<quadrant>``)
    in ``language`` (default: the page's, ``current_language()``), French when it has no
    translation; ``texts`` is ``text_map`` of that language when the caller reads many."""
    language = language or current_language()
    source = getattr(obj, field)
    if language == SOURCE_LANGUAGE:
        return source
    if texts is None:
        texts = text_map(_exercise_id(obj), language)
    return texts.get((target_of(obj), field)) or source


def group_texts(group: JohariGroup, language: str | None = None) -> dict[str, str]:
    """``{"name": ..., "publique": prompt, ...}`` of a group in the page's language."""
    language = language or current_language()
    texts = {} if language == SOURCE_LANGUAGE else text_map(group.exercise_id, language)
    found = {"name": translated(group, "name", language, texts)}
    return found | {q: translated(group, f"prompt_{q}", language, texts) for q in QUADRANTS}


def set_text(obj, field: str, language: str, text: str, rows: dict | None = None) -> None:
    """Add, change or (empty ``text``) remove one translation; the caller commits. Raises
    ``DomainError`` for an unknown language or field, or a text over its column's length."""
    if language not in languages():
        raise DomainError(_("Langue de traduction inconnue."))
    if field not in (("title",) if isinstance(obj, JohariExercise) else GROUP_FIELDS):
        raise DomainError(_("Ce texte ne se traduit pas."))
    text = (text or "").strip()
    if len(text) > MAX_LENGTHS[field]:
        raise DomainError(_("Traduction trop longue (%(n)s caractères, %(max)s au plus).",
                            n=len(text), max=MAX_LENGTHS[field]))
    key = (target_of(obj), field)
    rows = rows if rows is not None else stored_rows(_exercise_id(obj), language)
    row = rows.get(key)
    if not text:
        if row is not None:
            db.session.delete(rows.pop(key))
        return
    if row is None:
        row = rows[key] = JohariTranslation(
            exercise_id=_exercise_id(obj), target=key[0], field=field, language=language,
            group_id=None if isinstance(obj, JohariExercise) else obj.id)
        db.session.add(row)
    row.text = text


def stored_rows(exercise_id: int, language: str) -> dict[tuple[str, str], JohariTranslation]:
    return {(row.target, row.field): row for row in db.session.scalars(
        select(JohariTranslation).where(JohariTranslation.exercise_id == exercise_id,
                                        JohariTranslation.language == language))}


def default_translations(group: JohariGroup, name, prompts: dict) -> None:
    """Store the catalogue's translations of a new group's name and default prompts (lazy
    strings) in every language where they differ from French; the group must be flushed."""
    for language in languages():
        rows = stored_rows(group.exercise_id, language)
        texts = {"name": name} | {f"prompt_{q}": prompts[q] for q in QUADRANTS}
        for field, lazy in texts.items():
            text = in_language(lazy, language)
            if text != getattr(group, field):
                set_text(group, field, language, text, rows)


def forget_changed(group: JohariGroup, before: dict[str, str]) -> list[str]:
    """Remove the translations of the prompts whose French text changed (they translate
    another question); returns the fields removed. ``before``: field -> former French."""
    changed = [f for f, old in before.items() if getattr(group, f) != old]
    if changed:
        for row in db.session.scalars(select(JohariTranslation).where(
                JohariTranslation.group_id == group.id, JohariTranslation.field.in_(changed))
                .order_by(JohariTranslation.id)):
            db.session.delete(row)
    return changed


def entries(exercise: JohariExercise) -> list[tuple[object, str, str]]:
    """Every text to translate: ``(exercise or group, field, French text)``, page order."""
    found = [(exercise, "title", exercise.title)]
    for group in exercise.groups:
        found.extend((group, field, getattr(group, field)) for field in GROUP_FIELDS)
    return found


def field_key(obj, field: str) -> str:
    return f"{target_of(obj)}-{field}"


def missing_counts(exercise: JohariExercise) -> dict[str, int]:
    """``{language: texts without translation}``; the base is ``len(entries(exercise))``."""
    items = entries(exercise)
    counts = {}
    for language in languages():
        texts = text_map(exercise.id, language)
        counts[language] = sum((target_of(obj), f) not in texts for obj, f, _t in items)
    return counts


def translation_rows(exercise: JohariExercise, language: str, posted=None) -> list[dict]:
    """The translation page's rows ``{key, group, what, text, value, missing, max}``."""
    texts = text_map(exercise.id, language)
    rows = []
    for obj, field, text in entries(exercise):
        stored = texts.get((target_of(obj), field), "")
        key = field_key(obj, field)
        group = _("L'exercice") if isinstance(obj, JohariExercise) else _(
            "Groupe « %(name)s »", name=obj.name)
        rows.append({"key": key, "group": group, "what": str(FIELD_NAMES[field]),
                     "text": text, "missing": not stored, "max": MAX_LENGTHS[field],
                     "value": posted.get(key, stored) if posted is not None else stored})
    return rows


def save_translations(exercise: JohariExercise, language: str, data) -> dict[str, str]:
    """Store the posted texts of ``language`` (``data``: key -> text; a key not posted is
    left alone, an empty text removes the translation). All or nothing: returns ``{key:
    French message}`` and stores nothing when one text is refused."""
    errors, rows = {}, stored_rows(exercise.id, language)
    for obj, field, _text in entries(exercise):
        key = field_key(obj, field)
        if key in data:
            try:
                set_text(obj, field, language, data.get(key, ""), rows)
            except DomainError as exc:
                errors[key] = exc.message
    if errors:
        db.session.rollback()
    else:
        db.session.commit()
    return errors
