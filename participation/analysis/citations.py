"""A challenge's text checked against what residents wrote: its quotes are their exact words,
signed only with their consent (issue #13, item 4), when a coordinator validates it and
every time the section prints it.

The draft's "Citations" line (``analysis.views.draft_text``: "Citations : « words » (Habitante
— Cité Pasteur, 40-59 ans) « words »", "Quotes : …" in English) holds quotes, each « the
words » optionally followed by its signature in parentheses. The words must be a part of
the text of one of the territory's contributions as published (contacts masked,
``privacy.masking``; runs of spaces read as one, a page shows no more), a signature the
attribution of such a contribution given with consent (``Contribution.attribution``). Only
that line is read: the other lines name needs in « » (a group's label), which are no quote.

- ``faults``: what a coordinator's text gets wrong, as French sentences (validation refused);
- ``kept``: the text as the section prints it: a quote no longer any contribution's words
  (its text was erased, a person asked their contact out of it) is left out, a signature no
  longer consented (withdrawn, purged after 36 months) too.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from participation.contributions.models import Contribution
from participation.core.i18n import babel_locale
from participation.core.punctuation import label_colon
from participation.core.typography import said
from participation.extensions import db
from participation.privacy.masking import mask_contacts

SPACES = re.compile(r"[\s\u00a0\u202f]+")
SIGNATURE = re.compile(r"[\s\u00a0\u202f]*\(([^()]*)\)")


def squash(text: str) -> str:
    """``text`` with each run of spaces (no-break ones too) one space, trimmed."""
    return SPACES.sub(" ", text or "").strip()


@dataclass(frozen=True)
class Quote:
    words: str  # as written between the guillemets, trimmed
    signature: str  # "" unsigned


def published(territory_id: int) -> list[tuple[str, str]]:
    """(text as published, squashed; its attribution, "" without consent) of each of the
    territory's contributions."""
    rows = db.session.scalars(db.select(Contribution).where(
        Contribution.territory_id == territory_id))
    return [(squash(mask_contacts(c.text or "")), c.attribution) for c in rows]


def _signatures(words: str, texts: list[tuple[str, str]]) -> set[str] | None:
    """The consented signatures of the contributions holding ``words``; None when none
    holds them."""
    words = squash(words)
    found = [signed for text, signed in texts if words and words in text]
    return {squash(s) for s in found if s} if found else None


def _heads() -> set[str]:
    """"Citations" in every language of the interface (a draft is written in the
    coordinator's)."""
    heads = set()
    for language in current_app.config["LANGUAGES"]:
        with force_locale(babel_locale(language)):
            heads.add(squash(_("Citations")).casefold())
    return heads


def _closing(line: str, start: int, texts: list[tuple[str, str]]) -> int:
    """The » that closes the quote opened at ``start``: the first whose words are some
    contribution's (a person's words may hold a »), else the first; -1 when none."""
    ends = [start + 1 + m.start() for m in re.finditer("»", line[start + 1:])]
    found = next((end for end in ends if _signatures(line[start + 1:end], texts) is not None),
                 None)
    return found if found is not None else (ends[0] if ends else -1)


def read_line(line: str, texts: list[tuple[str, str]]) -> tuple[str, list[Quote]] | None:
    """("Citations :", its quotes) of a "Citations" line, None for any other line."""
    head, colon, rest = line.partition(":")
    if not colon or squash(head).casefold() not in _heads() or "«" not in rest:
        return None
    quotes, index = [], rest.find("«")
    while index >= 0:
        end = _closing(rest, index, texts)
        if end < 0:
            quotes.append(Quote(squash(rest[index + 1:]), ""))
            break
        signed = SIGNATURE.match(rest, end + 1)
        quotes.append(Quote(squash(rest[index + 1:end]), squash(signed.group(1)) if signed
                            else ""))
        index = rest.find("«", signed.end() if signed else end + 1)
    return label_colon(head.strip()), quotes


def faults(text: str, texts: list[tuple[str, str]]) -> list[str]:
    """What the "Citations" lines of ``text`` get wrong, one French sentence each: words
    that are no contribution's, a signature without the person's consent."""
    found = []
    for line in (text or "").splitlines():
        for quote in (read_line(line, texts) or ("", []))[1]:
            signatures = _signatures(quote.words, texts)
            if signatures is None:
                found.append(_("« %(words)s » n’est le texte d’aucune contribution : une "
                               "citation reprend exactement les mots d’un habitant.",
                               words=said(quote.words[:80])))
            elif quote.signature and quote.signature not in signatures:
                found.append(_("« %(words)s » est signée « %(signature)s » sans l’accord de "
                               "la personne : retirez la signature.",
                               words=said(quote.words[:80]), signature=quote.signature))
    return found


def _kept_line(line: str, texts: list[tuple[str, str]]) -> str:
    """A line as printed: a "Citations" line with only its quotes that are still some
    contribution's words, signed only when still consented ("" when none is left)."""
    read = read_line(line, texts)
    if read is None:
        return line
    parts = []
    for quote in read[1]:
        signatures = _signatures(quote.words, texts)
        if signatures is not None:
            signed = quote.signature if quote.signature in signatures else ""
            parts.append(f"« {quote.words} »" + (f" ({signed})" if signed else ""))
    return f"{read[0]} {' '.join(parts)}" if parts else ""


def kept(text: str, texts: list[tuple[str, str]]) -> str:
    """``text`` as the section prints it (``_kept_line`` on each line); ``text`` itself when
    no line changes (its line ends as typed)."""
    lines = (text or "").splitlines()
    printed = [_kept_line(line, texts) for line in lines]
    return text if printed == lines else "\n".join(printed)
