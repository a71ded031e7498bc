"""Contact details a resident wrote in free text, masked wherever their words leave the database
without personal data: the default exports, the section documents, the analyses' quotes and
the public pages.

Answers and contributions are anonymous, yet a resident may write "appelez moi 06 44 55 66 77"
or "écrivez à yasmina.b@example.fr" in a free-text box, an « Autre : » precision or a post-it.
The stored text is kept as typed: the privacy search finds it by that contact and erasure
blanks it (``core.person_keys.text_contains_contact``, privacy/person.py); only the export
with personal data (asked with a reason and a confirmation) gives it unmasked.

A private person named with a title ("Mr Martin", "Mme Dupont") and a postal address ("12 rue
Pasteur", "appartement 12") are masked the same way, by « [nom masqué] » and « [adresse
masquée] » (``privacy.mentions``: what is a person, what is an address, what stays), and so
is a full name the territory holds with the person's consent, written without a title
(``privacy.known_names``); the privacy search finds the text by that name
(``names_mentioned``, core/personal_data.py).

A phone number is what the privacy search matches: digits with the separators people put
between them (``core.person_keys.PHONE_SEPARATORS``) that ``normalise_phone`` turns into a
French number "+33" + 9 digits (06 44 55 66 77, 0644556677, +33 6 44 55 66 77,
+33 (0)6 44…, 0033 6…, 06.44.55.66.77) or an international one "+" + 8 to 15 digits.
"""
from __future__ import annotations

import re

import pandas as pd
from flask_babel import gettext as _

from participation.analysis.textcache import PerText
from participation.core.person_keys import PHONE_SEPARATORS, normalise_phone
from participation.privacy import mentions

_SEP = "[" + re.escape("".join(PHONE_SEPARATORS)) + "]{0,3}"
# a "+"/"00" country code or a leading 0, an optional "(0)", then nine more digits
PHONE_IN_TEXT = re.compile(
    r"(?<![\w+])(?:(?:\+|00)\d{2,3}" + _SEP + r"(?:\(0\)" + _SEP + r")?|0)"
    + r"\d(?:" + _SEP + r"\d){8}(?!\d)")
EMAIL_IN_TEXT = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}", re.UNICODE)
# a quick test before the expressions (linear, no backtracking): an "@", or a digit followed by
# eight or more digits and separators
_MAYBE = re.compile(r"@|\d[\d" + re.escape("".join(PHONE_SEPARATORS)) + r"]{8,}")
_FRENCH = re.compile(r"\+33\d{9}")
_INTERNATIONAL = re.compile(r"\+\d{8,15}")
_WITHOUT = PerText()  # (placeholders, known names' key, text) -> ``without_contacts``


def _is_phone(candidate: str) -> bool:
    number = normalise_phone(candidate.replace("(0)", "")) or ""
    return bool(_FRENCH.fullmatch(number) or _INTERNATIONAL.fullmatch(number))


def mask_contacts(text):
    """``text`` with every phone number replaced by « [téléphone masqué] », every e-mail
    address by « [e-mail masqué] », then every person named with a title by « [nom masqué] »
    and every postal address by « [adresse masquée] » (``privacy.mentions``; translated);
    anything not a string (None, NaN, a number) is returned unchanged."""
    if not isinstance(text, str):
        return text
    if _MAYBE.search(text):
        email = _("[e-mail masqué]")
        text = EMAIL_IN_TEXT.sub(email, text)
        phone = _("[téléphone masqué]")
        text = PHONE_IN_TEXT.sub(lambda m: phone if _is_phone(m.group()) else m.group(), text)
    spans = mentions.mention_spans(text)
    if not spans:
        return text
    said = {mentions.PERSON: _("[nom masqué]"), mentions.ADDRESS: _("[adresse masquée]")}
    return mentions.replace_spans(text, spans, lambda _words, kind: said[kind])


# the msgids of ``mask_contacts``, and what each masks (``masked_kinds``)
PLACEHOLDERS = ("[e-mail masqué]", "[téléphone masqué]", "[nom masqué]", "[adresse masquée]")


def _placeholders() -> re.Pattern:
    """The placeholders of ``mask_contacts`` in every language of the app (``LANGUAGES``; the
    French msgids alone outside an app), kept per app."""
    from flask import current_app, has_app_context
    from flask_babel import force_locale

    from participation.core.i18n import babel_locale

    if not has_app_context():
        return _pattern(PLACEHOLDERS)
    found = current_app.extensions.get("pdq_mask_placeholders")
    if found is None:
        said = set(PLACEHOLDERS)
        for language in current_app.config.get("LANGUAGES", {}):
            with force_locale(babel_locale(language)):
                said.update(_(p) for p in PLACEHOLDERS)
        found = current_app.extensions["pdq_mask_placeholders"] = _pattern(said)
    return found


def _pattern(placeholders) -> re.Pattern:
    return re.compile("|".join(re.escape(p) for p in sorted(placeholders, key=len,
                                                              reverse=True)), re.I)


def _blank(match: re.Match) -> str:
    return " " * len(match.group())


def without_contacts(text):
    """``text`` as the analyses read it (issue #13: "masqué" counted as a word residents used):
    every contact, named person and address (``mask_contacts``) and every placeholder that
    masked one ("[téléphone masqué]", "[nom masqué]", in any language of the app) blanked
    with as many spaces, so that no word of them reaches the words, groups, labels,
    suggestions or Johari keywords and every other character keeps its offset; anything not
    a string is returned unchanged. Kept per (placeholders, known names, text) in the
    process (``textcache.PerText``, emptied at every erasure): the analyses read the same
    texts again after each new answer."""
    if not isinstance(text, str):
        return text
    placeholders = _placeholders()
    return _WITHOUT.get((placeholders.pattern, mentions.names_key()), text,
                        lambda t: _without_contacts(t, placeholders))


def _without_contacts(text: str, placeholders: re.Pattern) -> str:
    if "[" in text:
        text = placeholders.sub(_blank, text)
    spans = mentions.mention_spans(text)
    if spans:
        text = mentions.replace_spans(text, spans, lambda words, _kind: " " * len(words))
    if not _MAYBE.search(text):
        return text
    text = EMAIL_IN_TEXT.sub(_blank, text)
    return PHONE_IN_TEXT.sub(lambda m: _blank(m) if _is_phone(m.group()) else m.group(), text)


def contacts_in(text) -> set[str]:
    """The phones (``normalise_phone``: "+33612345678") and e-mails (lower case) written in
    ``text``, by the expressions of ``mask_contacts``; an empty set for anything not a
    string."""
    if not isinstance(text, str) or not _MAYBE.search(text):
        return set()
    found = {m.group().lower() for m in EMAIL_IN_TEXT.finditer(text)}
    phones = (m.group() for m in PHONE_IN_TEXT.finditer(text))
    return found | {normalise_phone(p.replace("(0)", "")) for p in phones if _is_phone(p)}


def masked_kinds(text) -> list[str]:
    """What ``mask_contacts`` masks in ``text``, as the review queue flags it: ["un nom",
    "une adresse", "un téléphone", "un e-mail"] (translated, in that order, each once); []
    for a text without any or anything not a string. ``text`` may be masked already (the
    queue's frame is): its placeholders, in the page's language, are read."""
    if not isinstance(text, str):
        return []
    shown = mask_contacts(text)
    kinds = (("[nom masqué]", _("un nom")), ("[adresse masquée]", _("une adresse")),
             ("[téléphone masqué]", _("un téléphone")), ("[e-mail masqué]", _("un e-mail")))
    return [said for placeholder, said in kinds if _(placeholder) in shown]


# a quote inside a text staff wrote: « … » (the drafts' quotes and labels), “…”, "…"
QUOTED = re.compile(r"«[^»]*»|“[^”]*”|\"[^\"\n]*\"")


def mask_quoted(text):
    """A text staff wrote (a coordinator's edited section block, a validated draft) with
    only the residents' words it quotes masked: ``mask_contacts`` inside each « … », “ … ”
    or "…", the rest as written ("M. Durand, délégué du préfet" is no resident's neighbour;
    masking is for residents' words, docs/privacy.md); anything not a string unchanged."""
    if not isinstance(text, str):
        return text
    return QUOTED.sub(lambda m: mask_contacts(m.group()), text)


def masked_excerpt(text, limit: int) -> str:
    """A value read from a file or typed by a resident, to quote it in a message or a page:
    ``mask_contacts`` first, then cut to ``limit`` characters (a number cut first would
    escape the masking: "06 44 55 6…"); "" for anything not a string."""
    return mask_contacts(text)[:limit] if isinstance(text, str) else ""


def has_contact(text) -> bool:
    """Whether ``mask_contacts`` would change ``text``."""
    return mask_contacts(text) != text


def mask_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells (object and string columns, found by position so
    that two questions with the same label are both masked) go through ``mask_contacts``;
    numbers, dates and the column labels are unchanged."""
    frame = frame.copy()
    for position in range(frame.shape[1]):
        column = frame.iloc[:, position]
        if column.dtype == object or pd.api.types.is_string_dtype(column):
            frame.isetitem(position, column.map(mask_contacts, na_action="ignore"))
    return frame
