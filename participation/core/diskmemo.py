"""The analyses' kept results on disk, for a single machine without Redis (``core.memo``).

Without ``CACHE_REDIS_URL``/``REDIS_URL``, each process used to keep its groupings and
summaries in memory only: a new gunicorn worker, a restart or the second worker computed
every theme's grouping again (2 to 3 s of CPU on the demo's words page and section, measured
2026-11-30, bench/README.md). With ``ANALYSIS_DISK_CACHE`` (a folder, by default
``<instance>/analysis-cache``; empty: off) they are kept in a `diskcache
<https://grantjenks.com/docs/diskcache/>`_ store there (one SQLite file, process- and
thread-safe), shared by every process of the machine and kept across restarts. It is the
same level as Redis (``core.sharedmemo.Shared``, whose keys, generation, locks and size limit
it keeps, only its store's primitives differ); Redis, when configured, is used instead.

- **Keys**: ``e:<code version>:<generation>:<BLAKE2b of the memo key>``, no text in a key;
  a release whose code or wording changed never reads what another computed.
- **Values**: pickled, at most ``ANALYSIS_SHARED_MAX_BYTES`` each, kept
  ``ANALYSIS_DISK_SECONDS`` (7 days) and within ``ANALYSIS_DISK_MAX_BYTES`` (512 MB; the
  least recently stored go first), all inside the SQLite file (no value in a file of its
  own), in a folder only the app's user can read (0700).
- **Erasure** (``memo.forget``, in any process of the machine, the ``flask privacy purge``
  command included): the generation is incremented (every process drops its in-process
  copies within ``ANALYSIS_SHARED_RECHECK_SECONDS``), every entry is deleted with SQLite's
  ``secure_delete`` (the deleted content overwritten with zeros in the file) and the
  write-ahead log checkpointed and truncated: no byte of an erased person's text stays in the
  folder (tests/core/test_disk_memo.py reads every file of it).
- **Failures**: a locked or unreadable store (``diskcache.Timeout`` after
  ``ANALYSIS_DISK_TIMEOUT`` seconds, an SQLite or OS error: disk full, folder removed) makes
  the process compute in process, one warning per outage, tried again after
  ``ANALYSIS_SHARED_RETRY_SECONDS``; never an error page.
"""
from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

import diskcache

from participation.core.sharedmemo import FAILED, Shared
from participation.core.tolerantcache import Breaker

ERRORS = (diskcache.Timeout, sqlite3.Error, OSError)


class DiskShared(Shared):
    """``Shared`` on a ``diskcache.Cache`` in ``directory`` (created 0700 when absent);
    ``config``: the app's config (``ANALYSIS_SHARED_*`` and ``ANALYSIS_DISK_*`` keys);
    ``code_version``: the running code's (``core.codeversion``)."""

    def __init__(self, directory: str | Path, config, code_version: str) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.prefix, self.code_version = "", code_version
        self.seconds = int(config.get("ANALYSIS_DISK_SECONDS", 7 * 86400))
        self.max_bytes = int(config.get("ANALYSIS_SHARED_MAX_BYTES", 8 * 1024 * 1024))
        self.recheck = float(config.get("ANALYSIS_SHARED_RECHECK_SECONDS", 1.0))
        self.lock_seconds = float(config.get("ANALYSIS_SHARED_LOCK_SECONDS", 30.0))
        self.timeout = float(config.get("ANALYSIS_DISK_TIMEOUT", 1.0))
        self.generation_key = "generation"
        self.generation, self.checked = 0, float("-inf")
        self.forget_pending = False
        self.breaker = Breaker("Analyses' cache on disk", "computed in process",
                               float(config.get("ANALYSIS_SHARED_RETRY_SECONDS", 30.0)),
                               errors=ERRORS)
        self.cache = diskcache.Cache(
            str(self.directory), timeout=self.timeout,
            size_limit=int(config.get("ANALYSIS_DISK_MAX_BYTES", 512 * 1024 * 1024)),
            disk_min_file_size=self.max_bytes + 1, sqlite_secure_delete=1)

    def _read(self, name: str):
        return self.call(self.cache.get, name)

    def _write_if(self, generation: int, name: str, data: bytes):
        def write() -> int:
            with self.cache.transact():
                if int(self.cache.get(self.generation_key, 0)) != generation:
                    return 0
                self.cache.set(name, data, expire=self.seconds)
                return 1
        return self.call(write)

    def _write(self, name: str, data: bytes, seconds: int):
        return self.call(self.cache.set, name, data, expire=seconds)

    def _lock(self, name: str):
        return self.call(self.cache.add, name, b"1", expire=self.lock_seconds)

    def _unlock(self, name: str) -> None:
        self.call(self.cache.delete, name)

    def _held(self, name: str):
        return self.call(self.cache.__contains__, name)

    def _next_generation(self):
        return self.call(self.cache.incr, self.generation_key, 1, 0)

    def _drop_entries(self) -> bool:
        """Delete every entry (and lock) of every code version, then checkpoint and truncate
        the write-ahead log (``_truncate_log``); False when the store could not be reached."""
        def drop() -> bool:
            for name in list(self.cache.iterkeys()):
                if isinstance(name, str) and name.startswith("e:"):
                    self.cache.delete(name)
            self._truncate_log()
            return True
        return self.call(drop) is True

    def _truncate_log(self) -> None:
        """Copy the write-ahead log into the database file and empty it: the deleted
        entries' former pages no longer lie in it."""
        path = os.path.join(str(self.directory), diskcache.core.DBNAME)
        with contextlib.closing(sqlite3.connect(path, timeout=self.timeout)) as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()


def disk_shared(app) -> DiskShared | None:
    """A ``DiskShared`` in ``ANALYSIS_DISK_CACHE`` (None when it is empty, or cannot be
    created: then logged, and results stay in each process)."""
    directory = app.config.get("ANALYSIS_DISK_CACHE")
    if not directory:
        return None
    from participation.core.codeversion import app_code_version

    try:
        return DiskShared(directory, app.config, app_code_version(app))
    except ERRORS:
        app.logger.exception("Analyses' cache on disk unusable in %s: kept in process",
                             directory)
        return None


__all__ = ["FAILED", "DiskShared", "disk_shared"]
