"""The product's one clock: every reading of the current time in ``participation/`` goes here.

Two kinds of time are read, never mixed:

- **instants** stored in the database (``created_at``, ``used_at``, consents, audit): naive UTC,
  ``now()``; the calendar day of that instant is ``today()`` (the retention periods count in it);
- **wall-clock times in France** (an event's start, a meeting's day, a statement's date):
  naive Europe/Paris, ``local_now()`` and ``local_today()``. ``Event.starts_at`` and the like
  are stored as people read them on a poster, so they compare with ``local_now()``.

``datetime.now``, ``date.today`` and ``datetime.utcnow`` are banned elsewhere by ruff
(``flake8-tidy-imports.banned-api`` in pyproject.toml). Tests pin this clock with time-machine
(tests/conftest.py); ``frozen(moment)`` pins ``now()`` (naive UTC) for a block::

    with clock.frozen(datetime(2027, 1, 1)):
        purge_due(...)
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
_pinned: list[datetime] = []


def now() -> datetime:
    """The current instant, naive UTC (``frozen`` moment first)."""
    if _pinned:
        return _pinned[-1]
    return datetime.now(UTC).replace(tzinfo=None)


def today() -> date:
    """The UTC calendar day of ``now()``."""
    return now().date()


def local_now() -> datetime:
    """The current wall-clock time in France, naive Europe/Paris (follows ``frozen``)."""
    return to_local(now())


def local_today() -> date:
    """Today's date in France (Europe/Paris), the day printed on minutes and statements."""
    return local_now().date()


def to_local(instant: datetime) -> datetime:
    """A naive UTC instant as naive Europe/Paris wall-clock time."""
    return instant.replace(tzinfo=UTC).astimezone(PARIS).replace(tzinfo=None)


def local_day(instant: datetime) -> date:
    """The Europe/Paris calendar day of a naive UTC instant: the day people read and the
    day a figure is grouped by (an answer given at 00:30 in Paris on 1 December, 23:30 UTC
    on 30 November, was said on 1 December)."""
    return to_local(instant).date()


def day_start(day: date) -> datetime:
    """The naive UTC instant of midnight in Europe/Paris at the start of ``day`` (a paper
    batch's day stored as an instant: its Paris day is ``day``; 1 December 2026 ->
    2026-11-30 23:00)."""
    return to_utc(datetime.combine(day, datetime.min.time()))


def to_utc(wall: datetime, zone: ZoneInfo = PARIS) -> datetime:
    """A naive wall-clock time in ``zone`` (Europe/Paris by default) as the naive UTC instant
    the database stores; in the autumn's repeated hour, the first (summer) one (``fold=0``),
    and a spring-gap time is read as if the clock had not yet moved (Python's rule)."""
    return wall.replace(tzinfo=zone).astimezone(UTC).replace(tzinfo=None)


@contextmanager
def frozen(moment: datetime) -> Iterator[datetime]:
    """Pin ``now()`` to ``moment`` (naive UTC) inside the block; blocks nest."""
    _pinned.append(moment)
    try:
        yield moment
    finally:
        _pinned.pop()
