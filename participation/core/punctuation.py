"""Punctuation that changes with the language: a label and its text, and lists of words.

French puts a space before a colon ("Nom : Awa"), English, Turkish and Arabic do not
("Name: Awa", "Ad: Awa", "الاسم: Awa"; Arabic writes the Latin colon, with no space before
it). CLDR, hence Babel, has no pattern for a label and its text, so the catalogues hold it:
``labelled`` and ``label_colon`` are the only places that write that colon, each language's
msgstr says where its spaces go (a French msgid " : " written in code once printed "Name :
message" in English and "الاسم : …" in Arabic, testers s27/s28). French pages then get their
no-break space before the colon from ``core.typography``.

Lists ("A, B ou C", "A, B or C", "A, B veya C", "A أو B") follow Babel's CLDR list
patterns (``babel.lists.format_list``) in the locale of the words around them
(``list_locale``): the page's or the document's being written (``flask_babel.force_locale``),
French on a staff page whose content stays French (an Arabic screen: « Habitants وPartenaires »
inside a French sentence otherwise).

Templates call the same functions through the globals ``labelled`` and ``label_colon`` (each
value escaped, a ``Markup`` one, a link, kept as it is), e.g.
``{{ labelled(label=f.label.text, text=error) }}``.
"""
from __future__ import annotations

from babel import Locale
from babel.lists import format_list
from flask import has_request_context
from flask_babel import get_locale
from flask_babel import gettext as _
from markupsafe import Markup, escape

from participation.core.i18n import (
    DEFAULT_LANGUAGE,
    babel_locale,
    current_language,
    staff_content_language,
)

# what already closes a label: no colon after it (« Connaissez-vous le conseil ? : » in the
# survey's error list, « …المجلس المواطني؟: » in Arabic, tester s28). "؟" is the Arabic
# question mark, "؛" its semicolon; the exclamation mark is the same in Arabic.
CLOSING = ("?", "!", ":", "؟", "؛", "…")


def closed(label: str) -> bool:
    """Whether ``label`` (any text) already ends with a question or exclamation mark, a colon
    or an ellipsis, in Latin or Arabic script, so that no colon is added after it."""
    return str(label).rstrip().endswith(CLOSING)


def labelled(label: str, text: str) -> str:
    """``label`` then ``text``, joined as the language joins a label and what it labels:
    "Ligne 4 : date illisible" in French, "Line 4: unreadable date" in English; a label that
    already ends with "?", "!", ":" or "؟" is followed by a space only ("Venez-vous ? Répondez
    à cette question."). Plain text (the template escapes it)."""
    if closed(label):
        return f"{str(label).rstrip()} {text}"
    return _("%(label)s : %(text)s", label=label, text=text)


def label_colon(label: str) -> str:
    """``label`` with the colon that announces a value written after it, in another element
    or on another line: "Statut :" in French, "Status:" in English; ``label`` as it is when
    it already ends with "?", "!", ":" or "؟"."""
    if closed(label):
        return str(label).rstrip()
    return _("%(label)s :", label=label)


def labelled_markup(label, text) -> Markup:
    """``labelled`` for templates (the global ``labelled``): each value escaped unless it is
    ``Markup`` already (a link), as Jinja's own ``_()`` does; returns ``Markup``."""
    return Markup(labelled(escape(label), escape(text)))


def label_colon_markup(label) -> Markup:
    """``label_colon`` for templates (the global ``label_colon``), ``label`` escaped unless
    it is ``Markup``; returns ``Markup``."""
    return Markup(label_colon(escape(label)))


def either(items: list[str]) -> str:
    """``items`` as one "or" list in the current locale's words (CLDR list pattern "or"):
    "Autres réponses ou sans réponse", "A, B ou C"; "Other answers or no answer" in English,
    "A veya B" in Turkish, "A أو B" in Arabic. ``items``: at least one string."""
    return format_list(list(items), style="or", locale=list_locale())


def both(items: list[str]) -> str:
    """``items`` as one "and" list in the current locale's words (CLDR list pattern
    "standard"): "Habitants et Partenaires", "A, B and C", "A ve B", "A وB"."""
    return format_list(list(items), style="standard", locale=list_locale())


def list_locale() -> Locale:
    """The locale of the words a list goes into: the one ``force_locale`` sets (a document
    in French or English), else French on a staff page whose content stays French
    (``i18n.staff_content_language``: an Arabic or Turkish screen), else the page's."""
    locale = get_locale()
    forced = has_request_context() and str(locale) != babel_locale(current_language())
    if not forced and staff_content_language():
        return Locale.parse(DEFAULT_LANGUAGE)
    return locale
