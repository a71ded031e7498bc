"""The combined scores of texts against challenges, with their reasons (``tagging``): a
text's own evidence (``tag_evidence``), the votes and vetoes of the reviewed examples near it
(``example_votes``), the reviewed answers sharing its subject words (``tag_following``) and the
decisions taken on the same words. Pure: no app, no database.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from participation.analysis import learning
from participation.analysis.example_votes import example_votes
from participation.analysis.learned_words import has_content
from participation.analysis.tag_evidence import evidence
from participation.analysis.tag_following import follow_shared
from participation.analysis.tag_weights import EXAMPLE_WEIGHT, MIN_SCORE, TIE_SHARE

if TYPE_CHECKING:  # the model is defined by ``tagging``, which imports this module
    from participation.analysis.tagging import TagModel


def score_matrix(texts: pd.Series, model: TagModel) -> tuple[np.ndarray, dict]:
    """(texts × challenges) combined scores and the reasons: sets keyed (doc, challenge,
    "keywords" | "learned"), reviewed texts keyed (doc, challenge, "examples") as (text,
    corrected, shared word or None), under "nearest" the (texts × challenges) list of lists
    of the nearest keyword index, and under "sentence" the sentence meaning's part of each
    score. Score: the text's own evidence (``evidence``) + ``EXAMPLE_WEIGHT`` × the near
    examples' votes. A challenge a coordinator took off a near text (``example_vetoes.vetoes``),
    or on the same keyword evidence (``example_vetoes.keyword_vetoed``), scores 0; a text with no
    content word (``learned_words.has_content``) scores 0 everywhere; a subject word shared with
    reviewed answers that all kept a challenge puts it first (``follow_shared``); a text
    already decided (the same words, ``learning.text_key``) scores its decided challenges
    alike and the others 0."""
    texts = texts.reset_index(drop=True)
    total, sentence, reasons = evidence(texts, model)
    votes, near_texts, (veto, carried) = example_votes(texts, model)
    total += EXAMPLE_WEIGHT * votes
    total[veto] = 0.0
    noise = ~texts.map(has_content).to_numpy()  # "bonjour", "RAS": no subject
    total[noise], carried[noise] = 0.0, False
    shared = follow_shared(texts, model, (total, sentence, reasons), veto,
                            carried.any(axis=1) | noise)
    nearest = reasons.pop("nearest")
    # a nearly-same reviewed text's kept challenges are all shown, at the row's best score
    # (in the example's order: ``example_decisions._carry``'s values, a thousandth each, on top)
    rows, order = carried.any(axis=1), carried
    carried = order > 0
    best = np.maximum(total.max(axis=1, keepdims=True), MIN_SCORE).repeat(total.shape[1], 1)
    total[carried] = best[carried] + TIE_SHARE * order[carried]
    decided = _decided(texts, model, total)
    decided |= rows
    sentence[decided] = 0.0  # decided challenges all alike (``shown``)
    reasons["nearest"] = nearest.tolist()  # nearest keyword per cell, read when kept
    reasons["sentence"] = np.where(total > 0, sentence, 0.0)  # its part of the total
    for key in shared.keys() | near_texts.keys():
        said = shared.get(key, []) + [(t, c, None) for t, c in near_texts.get(key, [])]
        unique = {t: (t, c, w) for t, c, w in reversed(said)}  # the first saying wins
        reasons[(*key, "examples")] = sorted(unique.values(), key=said.index)[:2]
    return total, reasons


def _decided(texts: pd.Series, model: TagModel, total: np.ndarray) -> np.ndarray:
    """A text saying the same words as a reviewed one gets its decision (``total`` changed in
    place): its challenges all at the row's best score (at least ``MIN_SCORE``), the others
    0; "no challenge fits" leaves every challenge at 0. Returns the mask of decided rows."""
    index = {cid: j for j, cid in enumerate(model.challenge_ids)}
    decided = np.zeros(len(texts), dtype=bool)
    for doc, key in enumerate(texts.map(learning.text_key)):
        if key in model.decisions:
            best = max(float(total[doc].max()), MIN_SCORE)
            total[doc] = 0.0
            total[doc, [index[c] for c in model.decisions[key] if c in index]] = best
            decided[doc] = True
    return decided
