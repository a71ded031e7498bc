"""The time the privacy rules read, injectable so tests can freeze it.

``now()`` is naive UTC like ``core.models.utcnow``; ``frozen(moment)`` pins it for a block::

    with clock.frozen(datetime(2027, 1, 1)):
        purge_due(...)
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime

_pinned: list[datetime] = []


def now() -> datetime:
    if _pinned:
        return _pinned[-1]
    return datetime.now(UTC).replace(tzinfo=None)


def today() -> date:
    return now().date()


@contextmanager
def frozen(moment: datetime) -> Iterator[datetime]:
    _pinned.append(moment)
    try:
        yield moment
    finally:
        _pinned.pop()
