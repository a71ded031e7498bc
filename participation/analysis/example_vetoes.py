"""What the coordinators took off reviewed texts, held for the new texts near them.

A challenge the model suggested for a reviewed text and the coordinator took off
(``learning.rejected``) is not suggested again to a text at least ``REJECT_SIM`` near it,
unless a nearer reviewed text kept it (``vetoes``); a keyword that was a removed challenge's
whole evidence in a text stops being evidence for texts ``KEYWORD_VETO_SIM`` near it
(``keyword_vetoes``, ``keyword_vetoed``); a keyword that was the evidence of a challenge
several reviewed texts were all taken off, and all given one other challenge, moves to that
challenge for the territory (``keyword_moves``, ``move_keywords``). Nearness:
``example_nearness``. Split out of ``learning``. Pure: no app, no database.
"""
from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from participation.analysis import text as tx
from participation.analysis import textcache

if TYPE_CHECKING:  # the model is defined by ``tagging``, which imports this module
    from participation.analysis.tagging import TagModel

MOVE_TEXTS = 2  # reviewed texts (distinct words) agreeing before a keyword moves
REJECT_SIM = 0.7  # a challenge taken off a reviewed text is not suggested to texts this near
# (on the dev answers corrected in the queue's order: 0.7 and 0.8 cost nothing)
KEYWORD_VETO_SIM = 0.55  # a keyword taken off holds for texts this near its example
_FEATURES = textcache.PerText()  # model signature, text -> ``_features``


def _features(text: str, model: TagModel) -> frozenset[str]:
    """The spelling-corrected terms of ``text`` and their two-word phrases (``tagging``'s
    lexical features); kept per text and vocabulary (``textcache``)."""
    def compute(text: str) -> frozenset[str]:
        found = list(textcache.nearest_terms(text, model))
        return frozenset(found) | frozenset(tx.bigrams(found))
    return _FEATURES.get(textcache.model_signature(model), text or "", compute)


def _keyword_owners(model: TagModel) -> dict[str, set[int]]:
    """Keyword feature -> the challenges it is a keyword of (one pass over the keyword rows:
    pandas' ``groupby.agg(set)`` cost 20 ms a call, at every rebuild and suggestion)."""
    owners: dict[str, set[int]] = {}
    for feature, cid in zip(model.keywords["feature"], model.keywords["challenge_id"],
                            strict=True):
        owners.setdefault(feature, set()).add(cid)
    return owners


def keyword_vetoes(examples: pd.DataFrame, model: TagModel) -> dict[tuple[str, int], list]:
    """(keyword feature, challenge id) -> the rows of ``examples`` that took it off, for the
    pairs a coordinator took off and never kept: the challenge was suggested and taken off
    (``rejected``) while the keyword was its only keyword in the text (its whole evidence);
    a keyword of a challenge kept once ("chauffage" said about heating bills and about a
    cold flat) stays evidence. Applied by ``keyword_vetoed``."""
    owners = _keyword_owners(model)
    removed: dict[tuple[str, int], list] = {}
    kept_once: set[tuple[str, int]] = set()
    for row, (text, kept, gone) in enumerate(zip(examples["text"], examples["challenge_ids"],
                                                 examples["rejected"], strict=True)):
        found = {(f, c) for f in _features(text, model) & owners.keys()
                 for c in owners[f] & (set(kept) | gone)}
        alone = Counter(c for _, c in found)
        kept_once |= {(f, c) for f, c in found if c in kept}
        for feature, cid in found:
            if cid in gone and alone[cid] == 1:
                removed.setdefault((feature, cid), []).append(row)
    return {key: rows for key, rows in removed.items() if key not in kept_once}


def keyword_vetoed(texts: pd.Series, sims: np.ndarray, model: TagModel) -> np.ndarray:
    """(texts × challenges) True where every keyword of the challenge found in the text is
    one a coordinator took off it (``keyword_vetoes``) and the text is at least
    ``KEYWORD_VETO_SIM`` near an example it was taken off: the same evidence about the same
    thing, the same "not this one". "ralentisseurs" corrected from Sécurité to Mobilité:
    "il faudrait un ralentisseur vers le marché" is not suggested Sécurité again (issue
    #13, the tester's finding), "des ralentisseurs et des caméras" still is."""
    mask = np.zeros((len(texts), len(model.challenge_ids)), dtype=bool)
    if not model.keyword_vetoes:
        return mask
    owners, index = _keyword_owners(model), {c: j for j, c in enumerate(model.challenge_ids)}
    for doc, text in enumerate(texts.fillna("")):
        found: dict[int, list] = {}
        for feature in _features(text, model) & owners.keys():
            for cid in owners[feature]:
                found.setdefault(cid, []).append(model.keyword_vetoes.get((feature, cid)))
        for cid, rows in found.items():
            mask[doc, index[cid]] = all(rows) and max(
                sims[doc, r].max() for r in rows) >= KEYWORD_VETO_SIM
    return mask


def vetoes(sims: np.ndarray, model: TagModel) -> np.ndarray:
    """(texts × challenges) True where the nearest reviewed example from ``REJECT_SIM`` that
    decided about the challenge (kept it, or took it off: ``rejected``) took it off: a
    coordinator's "not this one" is not suggested again to a text that near, unless a nearer
    reviewed text kept it."""
    index = {cid: i for i, cid in enumerate(model.challenge_ids)}
    kept = np.zeros((len(model.examples), len(index)))
    off = np.zeros_like(kept)
    for row, (ids, gone) in enumerate(zip(model.examples["challenge_ids"],
                                          model.examples["rejected"], strict=True)):
        kept[row, [index[c] for c in ids]] = 1
        off[row, [index[c] for c in gone]] = 1
    near = np.where(sims >= REJECT_SIM, sims, 0)
    # nearness of the nearest example keeping / taking off each challenge
    best_kept = (near[:, :, None] * kept[None, :, :]).max(axis=1)
    best_off = (near[:, :, None] * off[None, :, :]).max(axis=1)
    return best_off > best_kept


def _evidence(text: str, cid: int, near: int, model: TagModel,
              rows: dict[tuple[str, int], int]) -> tuple[set[int], set[int]]:
    """Rows of ``model.keywords`` that were evidence for challenge ``cid`` in ``text``: (its
    keywords found in the text (``_features``), those and ``near``, its keyword nearest in
    meaning: the "proche par le sens de" reason; -1: none)."""
    found = {rows[(f, cid)] for f in _features(text, model) if (f, cid) in rows}
    return found, found | ({int(near)} if near >= 0 else set())


def keyword_moves(examples: pd.DataFrame, model: TagModel,
                  nearest: np.ndarray) -> dict[int, int]:
    """Row of ``model.keywords`` -> the challenge id it moves to, for the keywords that were
    evidence (``_evidence``; ``nearest``: (examples × challenges) keyword row nearest in
    meaning, before learning) of a challenge taken off (``rejected``) at least
    ``MOVE_TEXTS`` reviewed texts (distinct words), written in one of them at least (near
    in meaning alone, "crottes de chien" moved from Cadre de vie to Sécurité with texts
    about dogs off the leash: one dev answer lost), all of them given one same other
    challenge (the first the model ranked, ``ranked``), and never evidence of a challenge a
    reviewed text kept. A coordinator tester corrected 6 shop texts from Accès aux droits
    (whose keywords hold "commerce") to Cadre de vie; « le marché » stayed Accès aux droits,
    "proche par le sens de : commerce" (issue #13). Applied by ``move_keywords``."""
    from participation.analysis.learning import text_key  # ``learning`` imports this module

    rows = {(f, c): r for r, (f, c) in enumerate(zip(
        model.keywords["feature"], model.keywords["challenge_id"], strict=True))}
    index = {c: j for j, c in enumerate(model.challenge_ids)}
    off: dict[int, list[int]] = {}
    kept_with, written = set(), set()
    for ex, (text, kept, gone) in enumerate(zip(examples["text"], examples["challenge_ids"],
                                                examples["rejected"], strict=True)):
        for cid in set(kept) | gone:
            said, found = _evidence(text or "", cid, nearest[ex, index[cid]], model, rows)
            if cid in gone:
                written |= said
                for row in found:
                    off.setdefault(row, []).append(ex)
            else:
                kept_with |= found
    moves = {}
    for row, exs in off.items():
        texts = {text_key(examples["text"].iloc[e]) for e in exs}
        common = set.intersection(*(set(examples["challenge_ids"].iloc[e]) for e in exs))
        if row in written and row not in kept_with and len(texts) >= MOVE_TEXTS and common:
            moves[row] = next(c for c in examples["ranked"].iloc[exs[0]] if c in common)
    return moves


def move_keywords(model: TagModel, moves: dict[int, int]) -> None:
    """Give each keyword row of ``moves`` (``keyword_moves``) to its new challenge, in
    ``model`` (its keywords, their owners, vectors and texts); a row the new challenge
    already has (the same feature) is dropped, not counted twice."""
    if not moves:
        return
    keywords = model.keywords.copy()
    keywords.loc[list(moves), "challenge_id"] = list(moves.values())
    keep = ~keywords.duplicated(["challenge_id", "feature"]).to_numpy()
    index = {c: j for j, c in enumerate(model.challenge_ids)}
    model.keywords = keywords[keep].reset_index(drop=True)
    model.keyword_owner = model.keywords["challenge_id"].map(index).to_numpy()
    model.keyword_vectors = model.keyword_vectors[keep]
    model.keyword_text = [t for t, k in zip(model.keyword_text, keep, strict=True) if k]
    if len(model.keyword_sentences) == len(keep):
        model.keyword_sentences = model.keyword_sentences[keep]
