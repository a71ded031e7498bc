"""Results computed from one text, kept per text in the process, forgotten after an erasure.

The suggestion model is built again after every decision in the review queue
(``autotag.territory_model``); most of what it learns from a reviewed text depends on that
text alone and on the tree's words (its spelling-corrected terms, its subject words, its
lexical features, its written forms). ``PerText`` keeps such a result under
(``signature`` of what else it reads, text): a rebuild after one more decision computes one
text's results, then aggregates (issue #13 item 6, speed).

- **Bounded**: at most ``size`` entries (``SIZE``, 50,000, as ``sentences.embed``'s
  vectors); a full cache is emptied whole, then filled again.
- **Erasure**: every cache (and the per-text caches of other modules, ``register``) is
  emptied by ``core.memo.forget`` and when another process's erasure moves the shared
  generation on (``core.forgetting``): no word of an erased person's text stays in memory,
  even under a key only the same text would find.
- **Values** are shared by every caller: immutable ones only (tuples, frozensets, strings).
- **Threads**: a dict's get and set are atomic in CPython; two threads computing the same
  text compute the same value.

Pure: no app, no database.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

from participation.core.forgetting import on_forget

T = TypeVar("T")
SIZE = 50_000
_MISSING = object()
_ALL: list[PerText] = []  # every cache of this module's kind, for ``kept_texts``


def register(clear: Callable[[], object]) -> Callable[[], object]:
    """Empty a cache of another module (``clear()``) at every erasure
    (``core.forgetting.on_forget``)."""
    return on_forget(clear)


def signature(*parts: Iterable[str]) -> str:
    """32 hex digits (BLAKE2b) of sequences of strings, order kept (``("a", "b")`` and
    ``("ab",)`` differ): what a per-text result reads besides its text (the model's
    vocabulary, the tree's keyword features). About 50 µs for a tree's 600 words."""
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        for item in part:
            digest.update(item.encode("utf-8", "surrogatepass"))
            digest.update(b"\x1f")
        digest.update(b"\x1e")
    return digest.hexdigest()


class PerText:
    """``compute(text)`` kept under (``signature``, text), at most ``size`` entries; emptied
    at every erasure (``register``)."""

    def __init__(self, size: int = SIZE) -> None:
        self.size, self.items, self.misses = size, {}, 0  # misses: results computed
        register(self.clear)
        _ALL.append(self)

    def get(self, signature: Hashable, text: str, compute: Callable[[str], T]) -> T:
        """The result for ``text``: kept, else ``compute(text)`` kept (an immutable value)."""
        key = (signature, text)
        found = self.items.get(key, _MISSING)
        if found is _MISSING:
            found = compute(text)
            self.misses += 1
            if len(self.items) >= self.size:
                self.items.clear()
            self.items[key] = found
        return found

    def has(self, signature: Hashable, text: str) -> bool:
        """Whether the result for ``text`` is kept."""
        return (signature, text) in self.items

    def clear(self) -> None:
        """Forget every entry."""
        self.items.clear()

    def __len__(self) -> int:
        return len(self.items)


def model_signature(model) -> str:
    """``signature`` of what a suggestion model's per-text results read besides the text:
    its vocabulary (``tagging.TagModel.vocabulary``, which the spelling corrections match)
    and its keyword features (sorted, ``keywords["feature"]``: the tree's phrases). Kept on
    the model while both are the same objects (``learning.learn`` replaces the vocabulary,
    never changes it in place)."""
    kept = getattr(model, "_text_signature", None)
    if kept is None or kept[0] is not model.vocabulary or kept[1] is not model.keywords:
        kept = (model.vocabulary, model.keywords, signature(
            model.vocabulary, sorted(set(model.keywords["feature"]))))
        model._text_signature = kept
    return kept[2]


_NEAREST = PerText()


def nearest_terms(text: str | None, model) -> tuple[str, ...]:
    """``spelling.nearest_terms`` of ``text`` (None as "") on the model's vocabulary, kept per
    (``model_signature``, text): the same for the same vocabulary, whatever
    ``model.corrections`` already holds (it caches the same answers per term)."""
    from participation.analysis import spelling  # here: ``text`` imports this module

    return _NEAREST.get(model_signature(model), text or "", lambda t: tuple(
        spelling.nearest_terms(t, model.vocabulary, model.corrections)))


def kept_texts() -> set[str]:
    """Every text a ``PerText`` cache holds a result for (what an erasure must empty)."""
    return {text for cache in _ALL for _signature, text in list(cache.items)}


def clear() -> None:
    """Empty every ``PerText`` cache (not the other modules' caches ``register``-ed here:
    ``core.forgetting.forget_in_process`` empties all of them)."""
    for cache in _ALL:
        cache.clear()
