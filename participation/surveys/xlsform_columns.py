"""What the columns of an XLSForm sheet hold: the type words and the languages.

Columns that take a language (``label``, ``hint``, ``constraint_message``,
``required_message``) are written ``label::Arabe (ar)`` as Kobo and ODK do (XLSForm spec,
"Multiple language support"); the form's default language is ``settings.default_language``,
else that of a plain ``label`` column (French, the contract's). Part of the XLSForm import
(``surveys.imports``); errors are ``(line, message)`` pairs in French.
"""
from __future__ import annotations

import re

from flask_babel import gettext as _

from participation.surveys.translations import tag_of_language_name

GROUP = re.compile(r"^(begin|end)[\s_]+(group|repeat)\b", re.IGNORECASE)
# XLSForm columns that take a language (``hint::Arabe (ar)``) -> the question's field
TRANSLATED = {"label": "label", "hint": "help", "constraint_message": "constraint_message",
              "required_message": "required_message"}


def type_words(raw: str) -> list[str]:
    """``"Begin  Group"`` -> ``["begin_group"]``; ``"select_one x"`` -> two words."""
    text = GROUP.sub(lambda m: f"{m.group(1).lower()}_{m.group(2).lower()}", " ".join(
        raw.split()))
    words = text.split()
    if words:
        words[0] = words[0].lower()
    return words


def default_tag(settings: dict, headers) -> str:
    """The form's default language: ``settings.default_language``, else that of a plain
    ``label`` column ("fr", the contract's), else French or the first ``label::`` column's."""
    wanted = settings.get("default_language", "")
    tag = tag_of_language_name(wanted) if wanted else None
    tags = [tag_of_language_name(h.partition("::")[2]) for h in headers
            if h.startswith("label::")]
    if tag and (tag in tags or "label" in headers):
        return tag
    if "label" in headers or not any(tags):
        return tag or "fr"
    return "fr" if "fr" in tags else next(t for t in tags if t)


def language_columns(headers, main_tag: str) -> tuple[dict, dict, list]:
    """``({base: main column}, {other column: (base, tag)}, errors)`` for the translated
    bases (label, hint, constraint_message, required_message): a base's main column is its
    default-language one (``label::Français (fr)``), else the plain one; a plain column left
    beside it gets tag None (its texts are refused: which language is it?)."""
    main, other, errors = {}, {}, []
    for header in headers:
        base, sep, name = header.partition("::")
        if base not in TRANSLATED:
            continue
        tag = tag_of_language_name(name) if sep else main_tag
        if tag is None:
            errors.append((1, _("colonne « %(c)s » : langue sans code ; écrivez-la comme Kobo "
                                "et ODK, « %(b)s::Arabe (ar) », le code entre parenthèses",
                                c=header, b=base)))
        elif tag != main_tag:
            other[header] = (base, tag)
        elif base in main and not sep:
            other[header] = (base, None)
        else:
            if base in main:
                other[main[base]] = (base, None)
            main[base] = header
    return main, other, errors


def row_texts(row: dict, other: dict, line: int, errors: list) -> dict[tuple[str, str], str]:
    """The row's texts in the other languages: ``{(field, tag): text}``."""
    found = {}
    for column, (base, tag) in other.items():
        if not row.get(column):
            continue
        if tag is None:
            errors.append((line, _("colonne « %(c)s » sans langue à côté d'une colonne "
                                   "« %(c)s::… » de la même langue : supprimez-la ou donnez "
                                   "sa langue", c=column)))
        else:
            found[(TRANSLATED[base], tag)] = row[column]
    return found


def headers_of(rows) -> list[str]:
    """The headers of ``sheet_rows``' ``(line, {header: text})`` rows, in order, each once."""
    return list(dict.fromkeys(h for _line, row in rows for h in row))


def languages_of(main_tag: str, *others: dict) -> list[str]:
    """The default tag, then the other columns' tags in order of appearance."""
    tags = [tag for other in others for _base, tag in other.values() if tag]
    return list(dict.fromkeys([main_tag, *tags]))
