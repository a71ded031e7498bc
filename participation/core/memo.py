"""Results computed from a territory's data, kept until that data changes.

``memo(territory_id, name, compute, *parts)`` returns ``compute()``, computed once per
(territory, data version, name, language, parts) and kept in a small per-process LRU
(``app.extensions["pdq_memo"]``, ``ANALYSIS_CACHE_SIZE`` entries, 0 turns it off). The data
version (``core.data_version``) changes with every write to the territory, so a page never
shows a stale figure; each gunicorn worker keeps its own entries. Callers get a deep copy:
they may change what they got (apply texts, typeset) without touching the kept value.

``content_memo(name, compute, *parts)`` keeps a result by what it was computed *from* (a
``digest`` of the input rows, e.g. one challenge's contributions), whatever the data version:
after one new answer only the parts whose input changed are computed again (the grouping of
the challenges it was tagged with, its survey's results), the others are found as they were.
Its LRU (``app.extensions["pdq_content_memo"]``) holds ``ANALYSIS_CONTENT_CACHE_SIZE``
entries (0 turns it off). ``forget()`` empties both stores and the per-text caches
registered with ``core.forgetting`` (after an erasure: no text of an erased person stays in a
worker's memory).

With ``CACHE_REDIS_URL`` or ``REDIS_URL`` set, both are shared by every worker and app
server: the LRU in front, Redis behind (``core.sharedmemo``: keys, generation, size limit,
what happens when Redis is down); ``forget()`` then deletes the shared entries too. Only
values computed from a territory's data go in, keyed by everything they depend on: no caller
puts a user's name, role or session in a kept value (a page's user-specific parts are
rendered around it).
"""
from __future__ import annotations

import copy
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

import numpy as np
import pandas as pd
from flask import current_app
from flask_babel import get_locale

from participation.core import data_version
from participation.core.forgetting import forget_in_process
from participation.core.sharedmemo import FAILED, Shared

T = TypeVar("T")
DEFAULT_SIZE = 64
DEFAULT_CONTENT_SIZE = 512


class LRU:
    """A thread-safe least-recently-used mapping of at most ``size`` entries."""

    def __init__(self, size: int):
        self.size, self.lock, self.items = size, threading.Lock(), OrderedDict()

    def get(self, key: Hashable):
        with self.lock:
            if key not in self.items:
                return None
            self.items.move_to_end(key)
            return self.items[key]

    def put(self, key: Hashable, value) -> None:
        with self.lock:
            self.items[key] = value
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.items.clear()


def store() -> LRU:
    """This app's LRU (created on first use)."""
    size = current_app.config.get("ANALYSIS_CACHE_SIZE", DEFAULT_SIZE)
    return current_app.extensions.setdefault("pdq_memo", LRU(size))


def memo(territory_id: int, name: str, compute: Callable[[], T], *parts: Hashable) -> T:
    """``compute()`` for the territory's current data, from the cache when it was already
    computed for the same data version, language and ``parts`` (a deep copy either way)."""
    from participation.extensions import db

    lru = store()
    if lru.size <= 0:
        return compute()
    version = data_version.current(db.session, territory_id)  # read before the data
    key = (territory_id, version, name, str(get_locale() or ""),
           current_app.config.get("ANALYSIS_MIN_COUNT"), parts)
    return _kept(lru, key, compute)


def _stamp(shared: Shared | None, force: bool = False) -> tuple[int, int]:
    """(this app's ``forget`` count, the shared generation or 0): a kept entry is served only
    under the stamp it was computed under. A changed shared generation (an erasure on another
    worker, ``core.sharedmemo``) empties this process's LRUs and per-text caches
    (``core.forgetting``)."""
    local = current_app.extensions.setdefault("pdq_memo_forgotten", [0])
    if shared is None:
        return (local[0], 0)
    known = shared.generation
    generation = shared.current_generation(force)
    if generation != known:
        store().clear()
        content_store().clear()
        forget_in_process()
    return (local[0], generation)


def _kept(lru: LRU, key: tuple, compute: Callable[[], T]) -> T:
    """A deep copy of the value kept under ``key``: from this process's ``lru``, else from
    Redis (``core.sharedmemo``, when configured), else ``compute()`` kept in both. A value
    computed while ``forget()`` ran is returned but not kept."""
    shared = current_app.extensions.get("pdq_shared_memo")
    stamp = _stamp(shared)
    found = lru.get(key)
    if found is not None and found[1] == stamp:
        return copy.deepcopy(found[0])
    if shared is None:
        value = compute()
    else:
        stamp = _stamp(shared, force=True)  # a miss asks Redis anyway
        value, kept = _shared_or_computed(shared, stamp[1], key, compute)
        if not kept:
            _stamp(shared, force=True)  # a new generation meanwhile: this process's copies
            return value  # dropped, this value kept nowhere
    if _stamp(shared) == stamp:
        lru.put(key, (value, stamp))
    return copy.deepcopy(value)


def _shared_or_computed(shared: Shared, generation: int, key: tuple,
                        compute: Callable[[], T]) -> tuple[T, bool]:
    """(value, whether it may be kept): from Redis; else waited for while another process
    computes it (its short lock); else computed here under the lock and written to Redis.
    Not to be kept when the generation moved on during the computation."""
    value = shared.get(generation, key)
    if value is not FAILED:
        return value, True
    owner = shared.claim(generation, key)
    if not owner:
        value = shared.wait(generation, key)
        if value is not FAILED:
            return value, True
    try:
        value = compute()
        return value, shared.put(generation, key, value)
    finally:
        if owner:
            shared.release(generation, key)


def content_store() -> LRU:
    """This app's LRU of results kept by the digest of their input (created on first use)."""
    size = current_app.config.get("ANALYSIS_CONTENT_CACHE_SIZE", DEFAULT_CONTENT_SIZE)
    return current_app.extensions.setdefault("pdq_content_memo", LRU(size))


def digest(*values) -> str:
    """A 40-hex SHA-1 of ``values``: a DataFrame or Series by its columns' names and its rows'
    values (``pandas.util.hash_pandas_object``, index left out: a row's position says
    nothing), an array by its bytes (e.g. ``row_hashes`` of some rows), a set sorted,
    anything else by its ``repr`` (strings, numbers, tuples). Two equal inputs give the
    same digest; a changed cell, row or column gives another."""
    sha = hashlib.sha1()
    for value in values:
        if isinstance(value, pd.Series):
            value = value.to_frame()
        if isinstance(value, pd.DataFrame):
            sha.update(repr((list(value.columns), len(value))).encode())
            if len(value.columns) and len(value):
                hashed = pd.util.hash_pandas_object(value, index=False)
                sha.update(hashed.to_numpy().tobytes())
        elif isinstance(value, np.ndarray):
            sha.update(repr((value.dtype.str, value.shape)).encode() + value.tobytes())
        elif isinstance(value, (set, frozenset)):
            sha.update(repr(sorted(map(str, value))).encode())
        else:
            sha.update(repr(value).encode())
        sha.update(b"\x1f")
    return sha.hexdigest()


def row_hashes(frame: pd.DataFrame) -> pd.Series:
    """One 64-bit hash per row of ``frame`` (every column, index left out), indexed like it:
    ``digest(hashes[part.index].to_numpy())`` is then the cheap digest of a part of it."""
    return pd.util.hash_pandas_object(frame, index=False)


def content_memo(name: str, compute: Callable[[], T], *parts: Hashable) -> T:
    """``compute()`` kept under ``name``, the language, ``ANALYSIS_MIN_COUNT`` and ``parts``
    (pass ``digest`` of every input the computation reads): computed once per distinct input
    in this process, a deep copy returned either way."""
    lru = content_store()
    if lru.size <= 0:
        return compute()
    key = (name, str(get_locale() or ""), current_app.config.get("ANALYSIS_MIN_COUNT"), parts)
    return _kept(lru, key, compute)


def forget() -> None:
    """Empty every kept result of this process (``memo`` and ``content_memo``) and, with
    Redis, every shared one (``core.sharedmemo.Shared.forget``: a new generation, the
    entries deleted); a computation running meanwhile keeps nothing (``_kept``)."""
    current_app.extensions.setdefault("pdq_memo_forgotten", [0])[0] += 1
    store().clear()
    content_store().clear()
    forget_in_process()  # per-text caches (``core.forgetting``)
    shared = current_app.extensions.get("pdq_shared_memo")
    if shared is not None:
        shared.forget()
