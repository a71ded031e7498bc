"""How near a new text is to the texts coordinators reviewed (``example_similarity``).

Nearness mixes the soft word overlap of the word vectors, the shared rare terms and the
sentence encoder's cosine of the whole answers (paraphrases: "du bruit de moto la nuit" and
"les motos font du bruit", 0.82); the same words (``learning.text_key``) are 1. Used by the
votes, vetoes and carried decisions of the reviewed examples (``example_votes``). Split out
of ``learning``. Pure: no app, no database.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from participation.analysis import semantic, sentences, textcache
from participation.analysis.learning import text_key

if TYPE_CHECKING:  # the model is defined by ``tagging``, which imports this module
    from participation.analysis.tagging import TagModel

SOFT_SHARE = 0.5
SENTENCE_SHARE = 0.5  # of the sentence encoder's cosine in the nearness of two texts


def example_similarity(texts: pd.Series, model: TagModel) -> np.ndarray:
    """(texts × reviewed examples) nearness in [0, 1]: ``SENTENCE_SHARE`` of the sentence
    encoder's cosine (``sentences.embed``, negative values as 0), the rest the mean of the
    soft word overlap (``semantic.soft_overlap``: words of near meaning meet) and of the
    share of terms in common (Jaccard index of the folded, spelling-corrected terms, each
    weighted by its rarity among the n examples: 1 + log((n + 1) / (examples using it + 1)),
    so "aide" or "rue", said in many examples, weigh less than "stage"); 1 for the same
    words (``text_key``)."""
    soft = semantic.soft_overlap(texts.tolist(), model.examples["text"].tolist())
    mine = [frozenset(textcache.nearest_terms(t, model)) for t in texts]
    words = SOFT_SHARE * soft + (1 - SOFT_SHARE) * _weighted_jaccard(
        mine, model.examples["terms"].tolist())
    whole = np.clip(sentences.embed(texts.fillna("").tolist()) @ sentences.embed(
        model.examples["text"].tolist()).T, 0, 1)
    sims = (1 - SENTENCE_SHARE) * words + SENTENCE_SHARE * whole
    same = texts.map(text_key).to_numpy()[:, None] == model.examples["text"].map(
        text_key).to_numpy()[None, :]
    sims[same] = 1.0
    return sims


def _weighted_jaccard(mine: list[frozenset], theirs: list[frozenset]) -> np.ndarray:
    """(mine × theirs) weighted Jaccard index of term sets, a term weighing its rarity among
    ``theirs`` (``example_similarity``); sparse products, so thousands of reviewed examples
    cost milliseconds."""
    from scipy import sparse

    counts = pd.Series([t for terms in theirs for t in terms], dtype=object).value_counts()
    vocabulary = {t: i for i, t in enumerate(dict.fromkeys(
        [*counts.index, *(t for terms in mine for t in terms)]))}
    weights = np.full(len(vocabulary), 1 + np.log(len(theirs) + 1))
    weights[:len(counts)] = 1 + np.log((len(theirs) + 1) / (counts.to_numpy() + 1))

    def matrix(sets):
        rows = [i for i, terms in enumerate(sets) for _ in terms]
        cols = [vocabulary[t] for terms in sets for t in terms]
        return sparse.csr_matrix((np.ones(len(cols)), (rows, cols)),
                                 shape=(len(sets), len(vocabulary)))
    left, right = matrix(mine), matrix(theirs)
    shared = (left.multiply(weights) @ right.T).toarray()
    union = (left @ weights)[:, None] + (right @ weights)[None, :] - shared
    return np.divide(shared, union, out=np.zeros_like(shared), where=union > 0)
