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
  ``core.textsearch.fold``) of one of the person's names -> « [nom effacé] ».
"""
from __future__ import annotations

import re

from flask_babel import gettext as _

from participation.core.person_keys import normalise_phone
from participation.core.textsearch import fold
from participation.privacy.masking import EMAIL_IN_TEXT, PHONE_IN_TEXT, _is_phone

WORD = re.compile(r"\w+(?:[-'’]\w+)*", re.UNICODE)
MIN_NAME_WORD = 3  # "de", "Le", "Al": particles, never erased alone


def name_words(names) -> set[str]:
    """The folded words of ``names`` that can be told in a text: 3 characters or more, with
    a letter ("Nadia Bouchareb 06 71 82 93 04" -> {"nadia", "bouchareb"})."""
    return {fold(word) for name in names for word in WORD.findall(name or "")
            if len(word) >= MIN_NAME_WORD and any(ch.isalpha() for ch in word)}


def _contacts(text: str, phones: set[str], emails: set[str]) -> str:
    def phone(match: re.Match) -> str:
        raw = match.group()
        keep = not _is_phone(raw) or normalise_phone(raw.replace("(0)", "")) not in phones
        return raw if keep else _("[téléphone effacé]")

    text = PHONE_IN_TEXT.sub(phone, text)
    return EMAIL_IN_TEXT.sub(lambda m: _("[e-mail effacé]") if m.group().lower() in emails
                             else m.group(), text)


def _names(text: str, words: set[str]) -> str:
    """Each run of the person's name words (separated by spaces only) -> one placeholder."""
    spans, run = [], None
    for match in WORD.finditer(text):
        if fold(match.group()) not in words:
            run = None
            continue
        if run is not None and not text[run[1]:match.start()].strip():
            run[1] = match.end()
        else:
            run = [match.start(), match.end()]
            spans.append(run)
    for start, end in reversed(spans):
        text = text[:start] + _("[nom effacé]") + text[end:]
    return text


def redact(text: str | None, names=(), contacts=()) -> str | None:
    """``text`` without the person's mentions: their phones and e-mails (``contacts``,
    normalised: "+33671829304", "nom@example.fr") and the words of their ``names``; None
    stays None."""
    if not text:
        return text
    phones = {c for c in contacts if c.startswith("+")}
    emails = {c.lower() for c in contacts if "@" in c}
    words = name_words(names)
    text = _contacts(text, phones, emails)
    return _names(text, words) if words else text


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
