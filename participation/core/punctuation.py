"""Punctuation that changes with the language: a label and its text, and lists of words.

French puts a space before a colon ("Nom : Awa"), English, Turkish and Arabic do not
("Name: Awa", "Ad: Awa", "الاسم: Awa"; Arabic writes the Latin colon, with no space before
it). CLDR, hence Babel, has no pattern for a label and its text, so the catalogues hold it:
``labelled`` and ``label_colon`` are the only places that write that colon, each language's
msgstr says where its spaces go (a French msgid " : " written in code once printed "Name :
message" in English and "الاسم : …" in Arabic, testers s27/s28). French pages then get their
no-break space before the colon from ``core.typography``.

Lists ("A, B ou C", "A, B or C", "A, B veya C", "A أو B") follow Babel's CLDR list
patterns (``babel.lists.format_list``) in the locale of the page or of the document being
written (``flask_babel.force_locale``).

Templates write the same patterns with ``_()`` itself (Jinja's newstyle gettext escapes each
value and keeps a ``Markup`` one, a link, as it is), e.g.
``{{ _('%(label)s : %(text)s', label=f.label.text, text=error) }}``.
"""
from __future__ import annotations

from babel.lists import format_list
from flask_babel import get_locale
from flask_babel import gettext as _


def labelled(label: str, text: str) -> str:
    """``label`` then ``text``, joined as the language joins a label and what it labels:
    "Ligne 4 : date illisible" in French, "Line 4: unreadable date" in English. Plain text
    (the template escapes it)."""
    return _("%(label)s : %(text)s", label=label, text=text)


def label_colon(label: str) -> str:
    """``label`` with the colon that announces a value written after it, in another element
    or on another line: "Statut :" in French, "Status:" in English."""
    return _("%(label)s :", label=label)


def either(items: list[str]) -> str:
    """``items`` as one "or" list in the current locale's words (CLDR list pattern "or"):
    "Autres réponses ou sans réponse", "A, B ou C"; "Other answers or no answer" in English,
    "A veya B" in Turkish, "A أو B" in Arabic. ``items``: at least one string."""
    return format_list(list(items), style="or", locale=get_locale())


def both(items: list[str]) -> str:
    """``items`` as one "and" list in the current locale's words (CLDR list pattern
    "standard"): "Habitants et Partenaires", "A, B and C", "A ve B", "A وB"."""
    return format_list(list(items), style="standard", locale=get_locale())
