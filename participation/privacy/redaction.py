"""A person's mentions taken out of a staff-written text at their erasure (tester t26coord,
defect 3).

A validated challenge text, a section block a coordinator rewrote, the minutes of a council…
are staff texts that go public; one read « Nadia Bouchareb, habitante… (contact : 06 71 82 93
04) » and still did after Nadia's erasure. Such a text is registered with ``erase="redact"``
(``core.personal_data``): the person search finds it by the phone, e-mail or name it holds,
and the erasure replaces each mention, the rest of the text staying as written:

- a phone written in any French format (``masking.PHONE_IN_TEXT``) whose number is one of
  the person's (normalised) -> « [téléphone effacé] »;
- an e-mail address of the person (case ignored) -> « [e-mail effacé] »;
- a run of words each of which is a word (3 letters or more, accents and case folded:
  ``core.textsearch.fold``; a capitalised word within a typing error or two, as the search
  is tolerant) of one of the person's names -> « [nom effacé] », unless the run names a
  place ("rue Jean Jaurès", "école Pasteur": the person named Jaurès keeps their street).

The same spans give the access page its excerpt (``privacy.staff_texts.mention_excerpt``).
"""
from __future__ import annotations

import re

from flask_babel import gettext as _

from participation.core.namematch import words_match
from participation.core.person_keys import normalise_phone
from participation.core.textsearch import fold
from participation.privacy.masking import EMAIL_IN_TEXT, PHONE_IN_TEXT, _is_phone
from participation.privacy.mentions import in_place_name, replace_spans

WORD = re.compile(r"\w+(?:[-'’]\w+)*", re.UNICODE)
MIN_NAME_WORD = 3  # "de", "Le", "Al": particles, never erased alone
PHONE, EMAIL, NAME = "phone", "email", "name"
Span = tuple[int, int, str]
NEAR_NAME = 30  # characters between a name and the contact written after it


def name_words(names) -> set[str]:
    """The folded words of ``names`` that can be told in a text: 3 characters or more, with
    a letter ("Nadia Bouchareb 06 71 82 93 04" -> {"nadia", "bouchareb"})."""
    return {fold(word) for name in names for word in WORD.findall(name or "")
            if len(word) >= MIN_NAME_WORD and any(ch.isalpha() for ch in word)}


def _contact_spans(text: str, phones: set[str], emails: set[str]) -> list[Span]:
    spans = [(m.start(), m.end(), PHONE) for m in PHONE_IN_TEXT.finditer(text)
             if _is_phone(m.group())
             and normalise_phone(m.group().replace("(0)", "")) in phones]
    return spans + [(m.start(), m.end(), EMAIL) for m in EMAIL_IN_TEXT.finditer(text)
                    if m.group().lower() in emails]


def _is_name_word(word: str, words: set[str], heard: set[str]) -> bool:
    """A word of the text is one of the person's name ``words``: the same folded, or,
    written with a capital as a name is, within ``core.namematch.words_match``'s typing
    errors of a name word the text never writes exactly (``heard``: the name heard
    "Boucharb" erases "Bouchareb", as the tolerant search found it; "Martin" written in the
    text spares "Martine")."""
    folded = fold(word)
    return folded in words or (word[:1].isupper() and len(folded) >= MIN_NAME_WORD and any(
        words_match(name, folded) for name in heard))


def _name_spans(text: str, words: set[str]) -> list[Span]:
    """Each run of the person's name words (separated by spaces only) as one span, unless
    it names a place ("rue Jean Jaurès", "école Pasteur": ``mentions.in_place_name``)."""
    heard = words - {fold(word) for word in WORD.findall(text)}
    spans: list[list] = []
    run = None
    for match in WORD.finditer(text):
        if not _is_name_word(match.group(), words, heard):
            run = None
            continue
        if run is not None and not text[run[1]:match.start()].strip():
            run[1] = match.end()
        else:
            run = [match.start(), match.end(), NAME]
            spans.append(run)
    return [tuple(span) for span in spans if not in_place_name(text, span[0])]


def _contacts_by_name(text: str, named: list[Span], found: list[Span]) -> list[Span]:
    """The phones and e-mails the text gives as the person's, besides those known: an
    address holding their name ("nadia.bouchareb@…"), and a contact written right after
    their name ("Nadia Bouchareb (06 12 34 56 78)", "Nadia Bouchareb, joignable au 06…":
    ``NEAR_NAME`` characters at most, no other name between)."""
    def given(start: int, end: int) -> bool:
        return any(s < end and start < e or 0 <= start - e <= NEAR_NAME
                   and not any(w[:1].isupper() for w in WORD.findall(text[e:start]))
                   for s, e, _kind in named)

    def kind(match: re.Match) -> str:
        return EMAIL if "@" in match.group() else PHONE

    matches = [m for m in (*PHONE_IN_TEXT.finditer(text), *EMAIL_IN_TEXT.finditer(text))
               if "@" in m.group() or _is_phone(m.group())]
    return [(m.start(), m.end(), kind(m)) for m in matches
            if not any(s < m.end() and m.start() < e for s, e, _k in found)
            and given(m.start(), m.end())]


def person_spans(text: str | None, names=(), contacts=()) -> list[Span]:
    """[(start, end, kind)] of the person's mentions in ``text``, sorted: their phones
    written in any French format and e-mails (``contacts``, normalised: "+33671829304",
    "nom@example.fr"), kind ``PHONE``/``EMAIL``, and the runs of words of their ``names``
    (``name_words``), kind ``NAME``, an e-mail address holding one of them being theirs
    whole (kind ``EMAIL``); [] for an empty text."""
    if not text:
        return []
    phones = {c for c in contacts if c and c.startswith("+")}
    emails = {c.lower() for c in contacts if c and "@" in c}
    found = _contact_spans(text, phones, emails)
    words = name_words(names)
    if words:
        named = _name_spans(text, words)
        found += _contacts_by_name(text, named, found)
        taken = [(start, end) for start, end, _kind in found]
        found += [span for span in named
                  if not any(s < span[1] and span[0] < e for s, e in taken)]
    return sorted(found)


def redact(text: str | None, names=(), contacts=()) -> str | None:
    """``text`` without the person's mentions (``person_spans``): « [téléphone effacé] »,
    « [e-mail effacé] », « [nom effacé] »; None stays None."""
    spans = person_spans(text, names, contacts)
    if not spans:
        return text
    said = {PHONE: _("[téléphone effacé]"), EMAIL: _("[e-mail effacé]"),
            NAME: _("[nom effacé]")}
    return replace_spans(text, spans, lambda _words, kind: said[kind])


def redact_fields(fields: tuple[str, ...]):
    """The ``PersonalTable.redact`` of a table whose ``fields`` are staff texts:
    ``(row, names, contacts) -> None``, each field redacted in place."""
    def apply(row, names, contacts) -> None:
        for name in fields:
            setattr(row, name, redact(getattr(row, name), names, contacts))
    return apply


def staff_text_warning(text: str | None) -> str | None:
    """The coordinator's warning when a text they save for a public document holds a phone
    or an e-mail (``masking.contacts_in``): it is masked in the documents but stored as
    typed; None for a text without any."""
    from participation.privacy.masking import contacts_in

    if not contacts_in(text):
        return None
    return _("Ce texte contient un numéro de téléphone ou une adresse e-mail : il est masqué "
             "dans la section, mais reste enregistré dans le texte. Retirez-le, sauf accord "
             "de la personne.")
