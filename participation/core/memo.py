"""Results computed from a territory's data, kept until that data changes.

``memo(territory_id, name, compute, *parts)`` returns ``compute()``, computed once per
(territory, data version, name, language, parts) and kept in a small per-process LRU
(``app.extensions["pdq_memo"]``, ``ANALYSIS_CACHE_SIZE`` entries, 0 turns it off). The data
version (``core.data_version``) changes with every write to the territory, so a page never
shows a stale figure; each gunicorn worker keeps its own entries. Callers get a deep copy:
they may change what they got (apply texts, typeset) without touching the kept value.
"""
from __future__ import annotations

import copy
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

from flask import current_app
from flask_babel import get_locale

from participation.core import data_version

T = TypeVar("T")
DEFAULT_SIZE = 64


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
    found = lru.get(key)
    if found is None:
        found = (compute(),)
        lru.put(key, found)
    return copy.deepcopy(found[0])
