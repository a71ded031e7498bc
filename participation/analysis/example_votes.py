"""What the reviewed texts nearest a new text pass on to it (``example_votes``).

The residuals (``learning.residuals``) of its ``KNN`` nearest reviewed texts from
``MIN_EXAMPLE_SIM`` (``example_nearness``), each times its nearness, with the vetoes
(``example_vetoes``) and the carried decisions (``example_decisions``). Split out of
``learning``. Pure: no app, no database.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from participation.analysis.example_decisions import carried_decisions, contained_decisions
from participation.analysis.example_nearness import example_similarity
from participation.analysis.example_vetoes import keyword_vetoed, vetoes

if TYPE_CHECKING:  # the model is defined by ``tagging``, which imports this module
    from participation.analysis.tagging import TagModel

KNN = 3
MIN_EXAMPLE_SIM = 0.5


def example_votes(texts: pd.Series, model: TagModel) -> tuple[np.ndarray, dict, np.ndarray]:
    """What the nearest reviewed examples teach ``texts``: (texts × challenges) the sum of
    the residuals of the ``KNN`` nearest examples from ``MIN_EXAMPLE_SIM``, each times its
    nearness (a nearest-neighbour correction of the model's errors); the examples per cell
    as (text, corrected) pairs, nearest first, under (doc, challenge id); and a (texts ×
    challenges) (vetoed mask, carried order): the challenges rejected for a text
    (``vetoes``, and those a nearly-same example did not keep) and those a nearly-same
    example kept (``carried_decisions``)."""
    n, k = len(texts), len(model.challenge_ids)
    if model.examples.empty:
        return np.zeros((n, k)), {}, (np.zeros((n, k), dtype=bool),
                                      np.zeros((n, k), dtype=bool))
    sims = example_similarity(texts, model)
    veto = vetoes(sims, model) | keyword_vetoed(texts, sims, model)
    carried = carried_decisions(sims, model)
    carried = np.where(carried.any(axis=1, keepdims=True), carried,
                       contained_decisions(texts, sims, model))
    veto |= carried < 0
    sims[sims < MIN_EXAMPLE_SIM] = 0
    nearest = np.argsort(-sims, axis=1)[:, :KNN]
    kept = np.zeros_like(sims)
    np.put_along_axis(kept, nearest, np.take_along_axis(sims, nearest, axis=1), axis=1)
    reasons: dict = {}
    for doc, ex in zip(*np.nonzero(kept), strict=True):
        example = model.examples.iloc[ex]
        for cid in example["challenge_ids"]:
            reasons.setdefault((doc, cid), []).append(
                (kept[doc, ex], example["text"], bool(example["corrected"])))
    return kept @ model.residuals, {key: [(t, c) for _, t, c in sorted(found, reverse=True)]
                                    for key, found in reasons.items()}, (
        veto, np.where(carried > 0, carried, 0.0))
