"""Texts staff write, declared to the registry so that a person named in one is found and
erased like anywhere else (task s27erase: « found and erased by phone, e-mail or name
wherever it went »).

A facilitator writes « Mme Nadia Bouchareb (06 12 34 56 78) a proposé… » in a council's
minutes, an event's description, a public reply to a contribution or a Johari exercise's
conclusions; the person search did not read them, so Nadia stayed findable after her erasure.
Each feature registers its staff prose with ``register_staff_text`` (``erase="redact"``,
``core.personal_data``): the search finds the text by the phone, e-mail or name it holds
(a name as written in prose: ``names_in_prose``), lists it with where it is and an excerpt
(``mention_excerpt``), and the erasure replaces the mentions in place
(``privacy.redaction``), the rest of the text as written; the audit event of the erasure
names the record like any other. A staff text holds no one's record: its other contacts
never join the person's set nor their tombstones (``privacy.sets.contacts_of``).
"""
from __future__ import annotations

import re
from collections.abc import Callable

from flask_babel import lazy_gettext as _l

from participation.core.personal_data import PersonalTable, register_personal_table
from participation.core.textsearch import fold
from participation.privacy.masking import mask_contacts
from participation.privacy.mentions import PARTICLES, names_mentioned
from participation.privacy.redaction import person_spans, redact_fields

EXCERPT_WIDTH = 100  # characters of context on each side of the first mention
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def names_in_prose(text) -> list[str]:
    """The names a staff text may hold, for the tolerant name search (``PersonalTable.
    mentions``): each run of capitalised words, particles allowed inside ("Nadia
    Bouchareb", "Jean de La Fontaine"), and each name after a title ("mme dupont":
    ``mentions.names_mentioned``); [] for anything not a string."""
    if not isinstance(text, str):
        return []
    runs: list[list] = []
    at = None  # where the current run may go on (after a capitalised word or a particle)
    for match in _WORD.finditer(text):
        word = match.group()
        follows = at is not None and not text[at:match.start()].strip()
        if word[:1].isupper():
            if follows:
                runs[-1][1] = match.end()
            else:
                runs.append([match.start(), match.end()])
            at = match.end()
        else:
            at = match.end() if follows and fold(word) in PARTICLES else None
    found = [" ".join(text[start:end].split()) for start, end in runs if end > start]
    return list(dict.fromkeys(found + names_mentioned(text)))


def mention_excerpt(text: str | None, names=(), contacts=(),
                    width: int = EXCERPT_WIDTH) -> str:
    """The access page's view of a staff text: ``width`` characters around the person's
    first mentions (``redaction.person_spans``: those starting within ``width`` characters
    of the first), their mentions as written and every other
    contact, titled name and address masked (``masking.mask_contacts``: other people's
    data); the start of the text when no mention is found; "" for an empty text."""
    if not text:
        return ""
    shown, at, last = [], [], 0
    for start, end, _kind in person_spans(text, names, contacts):
        shown.append(mask_contacts(text[last:start]))
        offset = sum(map(len, shown))
        at.append((offset, offset + end - start))
        shown.append(text[start:end])
        last = end
    shown.append(mask_contacts(text[last:]))
    whole = "".join(shown)
    first = at[0][0] if at else 0
    end = max((stop for start, stop in at if start <= first + width), default=0)
    begin = max(0, first - width)
    begin = whole.find(" ", begin) + 1 if begin else 0
    stop = end + width
    if stop < len(whole):  # cut between words
        stop = max(whole.rfind(" ", end, stop), end)
    return ("…" if begin else "") + whole[begin:stop].strip() + (
        "…" if stop < len(whole) else "")


def _canary(fields: tuple[str, ...]) -> Callable:
    """The canary test's planting (tests/privacy/test_erasure.py): the person named with
    their phone and e-mail in each text."""
    def plant(row, phone, email, token) -> None:
        for name in fields:
            setattr(row, name, f"Rencontrée : {token}, habitante (contact : {phone}, {email}).")
    return plant


def _hit(fields: tuple[str, ...]) -> Callable:
    def mentions(row, names, contacts) -> bool:
        return any(person_spans(getattr(row, name), names, contacts) for name in fields)
    return mentions


def register_staff_text(model, fields: tuple[str, ...], *, label, purpose,
                        where: Callable[[object], str], sample: Callable,
                        **options) -> PersonalTable:
    """Declare the staff-written prose ``fields`` of ``model`` to the registry: found by
    the phone, e-mail or name they hold, shown on the access page by ``where`` (``(row) ->
    str``, in French) and an excerpt, redacted at the erasure; ``sample`` ``(territory) ->
    row`` for the canary test; ``options`` other ``PersonalTable`` fields (``key``,
    ``joins``, ``territory``, ``holds_data``). The texts are the record's content, shown
    wherever the record is (``content=True``), with no retention period of their own."""
    return register_personal_table(PersonalTable(
        model=model, fields=fields, label=label, purpose=purpose,
        data=_l("Texte rédigé par l’équipe : la mention de la personne (nom, téléphone, "
                "e-mail) qu’il contient."),
        legal_basis="public_task",
        recipients=_l("Équipe du contrat de ville ; public quand le texte est publié"),
        erase="redact", redact=redact_fields(fields), text_fields=fields, name_in_text=True,
        mentions=names_in_prose, hit=_hit(fields), where=where, content=True,
        sample=sample, canary=_canary(fields),
        retention_key=None, retention_months=None, retention_from=None, **options))
