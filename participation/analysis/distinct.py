"""Group labels that say a need, and never two alike side by side (issue #13, item 3).

Two faults a fresh coordinator found on the demo, each fixed as a kind:

- **A word every answer may contain named a group** ("Habitants"): the words said about
  every challenge of the territory (who speaks, where: "habitants", "résidence") tell no
  need apart. They are learned from the territory's own answers, never listed by hand:
  ``common_terms`` keeps the terms used in the answers of at least ``COMMON_SHARE`` of its
  challenges (document frequency across challenges, each challenge's answers one document,
  as inverse document frequency weighs terms; Spärck Jones 1972). Such a term never names a
  group (``label_terms.telling_terms``, ``labels._label``); it may still be part of another
  noun's phrase ("Parole des habitants").
- **Two groups shown side by side had the same label** ("Mobilité", "Mobilité"): a label
  is read as the need; two alike read as one need counted twice. ``distinct_labels``
  gives each group of a collision its next most telling word: the noun its texts say most
  that the other groups of the collision never say, written as the residents write it
  ("Mobilité (frein)"). A group with no such word said by at least ``TELLING_MIN`` of its
  texts is the same need for a reader (nothing in its words tells it apart): it is merged
  into the biggest group of the collision, its answers counted once.

Pure functions on texts and frames: no app, no database.
"""
from __future__ import annotations

from collections import Counter

import pandas as pd

from participation.analysis import label_terms, nouns
from participation.analysis import text as tx

COMMON_SHARE = 0.75  # a term said about at least 3 challenges in 4 says no need
MIN_CHALLENGES = 4  # fewer challenges with answers: nothing can be learned, no term is common
TELLING_MIN = 2  # a word tells a group apart when at least two of its texts say it


def common_terms(parts: list[pd.Series]) -> frozenset[str]:
    """Folded lemmas (``text.terms``) used by at least one answer of ``COMMON_SHARE`` of
    ``parts`` or more: each part the answers (texts) of one challenge of the territory.
    Empty when fewer than ``MIN_CHALLENGES`` parts have an answer with a term."""
    used = [frozenset(t for text in part.fillna("").astype(str) for t in tx.terms(text))
            for part in parts]
    used = [terms for terms in used if terms]
    if len(used) < MIN_CHALLENGES:
        return frozenset()
    spread = Counter(t for terms in used for t in terms)
    return frozenset(t for t, n in spread.items() if n >= COMMON_SHARE * len(used))


def said_alike(label: str) -> str:
    """How two labels are compared: each word as ``text.key`` compares it (lower case,
    folded unless folding makes it another French word: "Marché" and "Marche" differ),
    end punctuation dropped ("Mobilité !" and "mobilite" read the same)."""
    words = str(label).strip().rstrip("!.?… ").replace("’", "'").split()
    return " ".join(tx.key(word) for word in words)


def collisions(labels: dict) -> list[list]:
    """The sets of group keys of ``labels`` (key -> label) that read alike (``said_alike``),
    each in the order of ``labels``; sets of one left out."""
    found: dict[str, list] = {}
    for key, label in labels.items():
        found.setdefault(said_alike(label), []).append(key)
    return [keys for keys in found.values() if len(keys) > 1]


def _telling_words(rows: pd.DataFrame, keys: list, labels: list[str],
                   excluded: set[str]) -> dict:
    """Key -> (the noun most of its texts say that no other group of ``keys`` says, how
    many texts), or (None, 0). ``rows``: [group, text]; nouns as ``grouping`` names groups
    with (``label_terms.naming_terms``, tagged a noun somewhere in the texts), never a word of
    the colliding ``labels`` nor of ``excluded``; ties to the first in alphabetical
    order."""
    part = rows[rows["group"].isin(keys)]
    texts = part["text"].astype(str).unique().tolist()
    found_nouns = nouns.noun_terms(texts)
    shared = {t for label in labels for t in tx.terms(label)} | excluded
    usable = {t: {w for w in label_terms.naming_terms(t, excluded) if w not in shared
                  and (found_nouns is None or w in found_nouns)} for t in texts}
    said = {key: Counter(w for t in part.loc[part["group"] == key, "text"].astype(str)
                         for w in usable[t]) for key in keys}
    out = {}
    for key in keys:
        others = set().union(*(said[k] for k in keys if k != key))
        own = sorted(((-n, w) for w, n in said[key].items() if w not in others))
        out[key] = (own[0][1], -own[0][0]) if own else (None, 0)
    return out


def distinct_labels(rows: pd.DataFrame, labels: dict, sizes: dict,
                    excluded: set[str] = frozenset(), forms: dict | None = None,
                    ) -> tuple[dict, dict]:
    """(labels, merged) for groups shown side by side: ``labels`` (key -> label) with each
    collision told apart (see the module), and ``merged`` (key -> the key it joins) for
    the groups nothing tells apart. ``rows``: [group, text] (one row per segment or answer
    of a group); ``sizes``: key -> the group's count (the biggest keeps its key, ties to the
    first key of ``labels``); ``excluded``: names and common terms (never a telling word);
    ``forms``: ``text.surface_forms`` of the texts (the residents' spelling)."""
    out, merged, found = dict(labels), {}, collisions(labels)
    if found and forms is None:  # the residents' spelling, read only when needed
        forms = tx.surface_forms(rows["text"].astype(str))
    for keys in found:
        keys = sorted(keys, key=lambda k: -sizes.get(k, 0))  # stable: ties keep the order
        words = _telling_words(rows, keys, [labels[k] for k in keys], set(excluded))
        told = [k for k in keys if words[k][1] >= TELLING_MIN]
        merged.update({key: keys[0] for key in keys[1:] if key not in told})
        if len(told) > 1 or told and told[0] != keys[0]:
            for key in told:
                out[key] = f"{labels[key]} ({spellings_of(words[key][0], forms)})"
    for key in merged:
        out.pop(key, None)
    return out, merged


def spellings_of(term: str, forms: dict) -> str:
    """A folded lemma as the residents write it (``text.readable``), accents given back to
    a word nobody wrote with them (``spelling.accented_text``)."""
    from participation.analysis import spelling

    return spelling.accented_text(tx.readable(term, forms))
