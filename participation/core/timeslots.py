"""Time slots of the residents' cached pages (``core.pagecache``): pages change without any
write when a survey opens or closes, an event starts or ends... Features register
``time_boundaries`` (naive Europe/Paris instants, like ``clock.local_now()``); a page's cache
key holds where ``clock.now()`` falls among them (``time_slot``), so a page rendered before a
survey's ``closes_at`` is never served after it.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from datetime import UTC, datetime

from participation.core import clock

TIME_BOUNDARIES: list[Callable[[], Iterable[datetime]]] = []
SLOTS: dict[str, list[datetime]] = {}  # per process: version token -> sorted boundaries


def time_boundaries(func: Callable[[], Iterable[datetime]]) -> Callable:
    """Register ``func() -> naive Paris datetimes`` at which public pages change by
    themselves (a survey's ``opens_at``/``closes_at``...). ``None`` items are ignored."""
    if func not in TIME_BOUNDARIES:
        TIME_BOUNDARIES.append(func)
    return func


def _boundaries(token: str) -> list[datetime]:
    """Sorted instants (naive UTC) at which pages change by themselves; computed once per
    version from the registered naive Paris times."""
    found = SLOTS.get(token)
    if found is None:
        found = sorted({b.replace(tzinfo=clock.PARIS).astimezone(UTC).replace(tzinfo=None)
                        for func in TIME_BOUNDARIES for b in func() if b is not None})
        if len(SLOTS) > 64:
            SLOTS.clear()
        SLOTS[token] = found
    return found


def time_slot(token: str) -> str:
    """Where ``clock.now()`` falls among the boundaries: ``"before.upto"`` (compared in UTC:
    no time zone conversion per request, and no ambiguity in the autumn's repeated hour)."""
    boundaries = _boundaries(token)
    now = clock.now()
    return f"{bisect_left(boundaries, now)}.{bisect_right(boundaries, now)}"
