"""What one answer says: the words a row's label is looked for in, as every printed count
reads them.

A coordinator reads "Odeur 6 sur 17" as six answers speaking of a smell (issue #13): a row
counts every answer that says its label's word, in any spelling the product folds, and none
that does not. So an answer says (``Said``) its folded lemmas (``text.terms``: accents,
plural and inflection: "médecins", "medecins" and "Médecin" are one) and, for a word that is
not a name, that word misspelt (``spelling.misspelt_as``: "medcin" says "medecin"; a place
"Parcy" never says "parc"). No synonym ("docteur"), no word of the same meaning group, no
guessed translation: an answer in another language (``languages``) says nothing.

What an answer says comes from that answer alone (``said_terms``): a figure never depends on
what other answers wrote. A label names its answers by its ``head`` word (the word of the
label most of them say); ``row_word`` makes a label's misspelt word the row's own;
``saying`` lists the answers that say a row's word. Used by the year-on-year table
(``needs_following``, ``years``), the groups as printed (``said_groups``) and the draft
(``drafts``).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from participation.analysis import languages, spelling
from participation.analysis import text as tx


@dataclass(frozen=True)
class Said:
    """What one answer says, as a row's word is looked for in it (``word in said``,
    ``says``): its ``terms`` (``text.terms``: folded lemmas, so "médecins", "medecins" and
    "Médecin" are one) hold the word, or one of them, not a name (``names``), is that word
    misspelt (``spelling.misspelt_as``: "medcin", "mdecin" say "medecin"; a place "Parcy"
    never says "parc"). Nothing else: no synonym ("docteur"), no word of the same meaning
    group, no translation."""

    terms: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self.says(word)

    def says(self, word: str, among: Iterable[str] = ()) -> bool:
        """True when the terms hold ``word``, or one of them is ``word`` misspelt and nearer
        to it than to any other word of ``among`` (``spelling.nearest``: a table's row
        words; "medcin" counts under "Médecin", never also under "Médecine")."""
        return word in self.terms or any(
            spelling.misspelt_as(term, word) and spelling.nearest(term, [word, *among]) == word
            for term in self.terms - self.names)


def _names(text: str) -> frozenset[str]:
    """Terms of the words ``text`` writes with a capital after its first word, not in
    capitals ("le parc de Parcy" -> "parcy"): names, never a need's word misspelt."""
    words = tx.WORD_RE.findall(text)[1:]
    return frozenset(t for w in words if w[:1].isupper() and not w.isupper()
                     for t in tx.terms(w))


def said_terms(texts: pd.Series, places: frozenset[str] = frozenset()) -> list[Said]:
    """Per text, what it says (``Said``), from that text alone: a figure never depends on
    what other answers wrote (``spelling.corrections`` against a year's answers could take
    "medcin" for "médecine" when nobody wrote "médecin" right); its names (``_names``) and
    ``places`` (the folded terms of the quartiers' and communes' names,
    ``grouping.place_terms``) are never taken for misspellings. A text in another language
    (``languages.other_language``: "نحتاج إلى طبيب") says nothing: no resource of the product
    reads it reliably, and the tables say how many there are (``years.evolution``)."""
    return [Said() if languages.other_language(t) else Said(
        frozenset(tx.terms(t)), _names(t) | places) for t in texts.fillna("").astype(str)]


def head(label: str, said: list[Said]) -> str | None:
    """The word of ``label`` that the most of the answers ``said`` (their terms) contain,
    the first of the label on a tie; None when none contains any of its words: then the
    label does not name those answers."""
    counts = [(sum(term in terms for terms in said), -i, term)
              for i, term in enumerate(dict.fromkeys(tx.terms(str(label))))]
    best = max(counts, default=(0, 0, None))
    return best[2] if best[0] else None


def row_word(word: str | None, rows: dict) -> str | None:
    """The word of ``rows`` (head word -> row) that ``word`` is, itself or misspelt
    (``spelling.misspelt_as``: a group labelled "Medcin" is the need "Médecin"); ``word``
    when it is none of them."""
    if word is None or word in rows:
        return word
    return next((w for w in rows if spelling.misspelt_as(word, w)), word)


def saying(members, term: str | None, said: dict, among: Iterable[str] = ()) -> set[int]:
    """The answers of ``members`` (positions) that say ``term`` (``said``: position ->
    ``Said``, whose misspellings count for the nearest word of ``among``, or a frozenset of
    terms)."""
    if term is None:
        return set()
    return {int(a) for a in members if (said[int(a)].says(term, among) if isinstance(
        said[int(a)], Said) else term in said[int(a)])}
