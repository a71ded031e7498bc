"""The whole decision of a reviewed text, carried to the new texts that say the same.

A text at least ``SAME_SIM`` near a reviewed one (nearly the same words) gets its decision
(``carried_decisions``); a text containing a reviewed one with a content word
(``learned_words.has_content``: "un terain de foot" in "un terain de foot pour les ados")
gets its kept challenges, and loses the ones taken off it unless it has another keyword for
them (``contained_decisions``). The tester's findings, issue #13. Split out of
``learning``. Pure: no app, no database.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from participation.analysis import textcache
from participation.analysis.example_vetoes import _features
from participation.analysis.learned_words import has_content
from participation.analysis.learning import text_key

if TYPE_CHECKING:  # the model is defined by ``tagging``, which imports this module
    from participation.analysis.tagging import TagModel

SAME_SIM = 0.85  # a reviewed example this near carries its whole decision (``carried_decisions``)
CONTAIN_SIM = 0.6  # a text with every content term of a reviewed one, this near, carries it


def _carry(out: np.ndarray, doc: int, ranked: list[int], index: dict[int, int]) -> None:
    """Mark the kept challenges ``ranked`` (best first, as the model ranked them for the
    reviewed example) in row ``doc`` of ``out``: from 2 for the first down towards 1, so
    the text shows them in the example's order."""
    for position, cid in enumerate(ranked):
        out[doc, index[cid]] = 2.0 - position / len(ranked)


def carried_decisions(sims: np.ndarray, model: TagModel) -> np.ndarray:
    """(texts × challenges): for a text at least ``SAME_SIM`` near a reviewed example (nearly
    the same text: "Les conflits entre voisins" and "… dans l'immeuble"), the nearest such
    example's whole decision: 1 for the challenges it kept, -1 for every other (removed, or
    never chosen); 0 for a text with no example that near. The tester's finding (issue #13):
    a removed challenge came back and an accepted pair lost one of its two."""
    out = np.zeros((sims.shape[0], len(model.challenge_ids)))
    if not sims.size:
        return out
    index = {cid: i for i, cid in enumerate(model.challenge_ids)}
    best = sims.argmax(axis=1)
    for doc, ex in enumerate(best):
        if sims[doc, ex] >= SAME_SIM:
            out[doc] = -1.0
            _carry(out, doc, model.examples["ranked"].iloc[ex], index)
    return out


def _contains(mine: tuple[str, frozenset], theirs: tuple[str, frozenset],
              sim: float) -> bool:
    """Whether a text (``mine``: its ``text_key`` and content terms) says all a reviewed
    example with content (``theirs``, alike) said: its words in a row ("un terain de foot"
    in "un terain de foot pour les ados"), or every one of its terms at least
    ``CONTAIN_SIM`` near."""
    return f" {theirs[0]} " in f" {mine[0]} " or (theirs[1] <= mine[1] and sim >= CONTAIN_SIM)


def contained_decisions(texts: pd.Series, sims: np.ndarray, model: TagModel) -> np.ndarray:
    """(texts × challenges): for a text containing a reviewed example with a content word
    (``_contains``, ``has_content``), the nearest such example's decision: 1 for the
    challenges it kept, -1 for those the coordinator took off it (``rejected``) unless the
    text has another keyword for them (``_still_rejected``), 0 elsewhere (it may say more).
    The tester's findings (issue #13): "un terain de
    foot" corrected to two challenges, "un terain de foot pour les ados" got one;
    "ralentisseurs" corrected from Sécurité to Mobilité, "des ralentisseurs devant l'école"
    got Sécurité back."""
    out = np.zeros((len(texts), len(model.challenge_ids)))
    index = {cid: i for i, cid in enumerate(model.challenge_ids)}
    examples = model.examples
    theirs = {ex: (text_key(t), terms) for ex, (t, terms) in enumerate(zip(
        examples["text"], examples["terms"], strict=True)) if terms and has_content(t)}
    for doc, text in enumerate(texts.fillna("")):
        mine = (text_key(text), frozenset(textcache.nearest_terms(text, model)))
        found = next((ex for ex in np.argsort(-sims[doc]).tolist()  # the nearest one
                      if ex in theirs and _contains(mine, theirs[ex], sims[doc, ex])), None)
        if found is not None:
            gone = _still_rejected(text, examples["text"].iloc[found],
                                   examples["rejected"].iloc[found], model)
            out[doc, [index[c] for c in gone]] = -1.0
            _carry(out, doc, examples["ranked"].iloc[found], index)
    return out


def _still_rejected(text: str, example: str, rejected: frozenset[int],
                    model: TagModel) -> list[int]:
    """The challenges taken off ``example`` that ``text`` (which contains it) has no other
    keyword for: "des ralentisseurs et des caméras" says more about Sécurité than
    "ralentisseurs" did, so a removal from the latter does not hold for it."""
    mine, theirs = _features(text, model), _features(example, model)
    table = model.keywords
    return [c for c in rejected if set(table.loc[table["challenge_id"] == c, "feature"])
            & mine <= theirs]
