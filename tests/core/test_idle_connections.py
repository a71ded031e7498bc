"""The data-version read keeps idle driver connections for the process's life
(core/versionread.py); they are closed at its end, not left to the garbage collector. Found on
2026-11-30: the PostgreSQL run printed ``ResourceWarning: <psycopg.Connection ...> was
deleted while still open`` as each xdist worker exited (its free list, never closed)."""
from __future__ import annotations

from participation.core import versionread


def _usable(connection) -> bool:
    """Whether the DBAPI connection still answers (psycopg and sqlite3 both raise once
    closed: ``OperationalError`` / ``ProgrammingError``)."""
    try:
        cursor = connection.cursor()
        cursor.execute("SELECT 1")
        cursor.close()
    except Exception:  # noqa: BLE001 - any driver's "closed" error
        return False
    return True


def test_idle_version_connections_are_closed_and_the_next_read_opens_one(territory):
    assert versionread.current_version() is not None  # a territory was written: a version
    idle = [connection for _url, connection in versionread._free]
    assert len(idle) >= 1 and all(_usable(c) for c in idle)
    assert versionread.close_idle_connections() == len(idle)
    assert versionread._free == [] and versionread._engines == {}
    assert not any(_usable(c) for c in idle)
    assert versionread.current_version() is not None  # reads on, through a new connection
    assert len(versionread._free) == 1


def test_a_forked_child_leaves_its_parents_connections_alone(monkeypatch):
    versionread.current_version()
    idle = [connection for _url, connection in versionread._free]
    monkeypatch.setattr(versionread.os, "getpid", lambda: versionread._process[0] + 1)
    assert versionread.close_idle_connections() == 0
    assert all(_usable(c) for c in idle)

