"""The analyses' kept results shared by every gunicorn worker and app server (``core.memo``).

When ``CACHE_REDIS_URL`` or ``REDIS_URL`` is set (the page cache's keys), ``core.memo`` keeps
its results on two levels: the process LRU in front (a hit costs no network round trip),
Redis behind it, so a result computed by one worker is found by every other one. Without
them nothing here is used: results stay in each process, as before.

- **Keys**: ``<ANALYSIS_SHARED_PREFIX>e:<code version>:<generation>:<hash>``, the hash a
  BLAKE2b of the ``repr`` of ``core.memo``'s key (territory, data version, name, language,
  minimum count, parts; or name, language, minimum count, input digests): no text in a
  key's name. The code version (``core.codeversion.app_code_version``: a digest of the
  package's files, its compiled translations and its installed version, computed once at
  start) changes with every release whose code or wording changed, so a release never
  reads what another computed (two releases side by side during a rolling deployment keep
  theirs apart; the former's entries expire). A key whose ``repr`` names an object's
  address (``at 0x``: not the same in another process) is kept in process only.
- **Values**: pickled (protocol 5), stored for ``ANALYSIS_SHARED_SECONDS`` (a day: a ``memo``
  key holds the data version, so an old entry is never read again and only waits to expire);
  a value whose pickle exceeds ``ANALYSIS_SHARED_MAX_BYTES`` (8 MB) stays in process only.
- **Generation** (``<prefix>generation``, an integer, 0 when absent, shared by every code
  version): part of every key. ``forget()`` (after an erasure) increments it and deletes
  every ``<prefix>e:*`` key, of every code version, so no
  shared copy of an erased person's text stays. A value is written only if the generation
  is still the one read before its computation (one Lua script: atomic), so a computation
  started before an erasure never writes its result after it. Each process reads the
  generation again at most every ``ANALYSIS_SHARED_RECHECK_SECONDS`` (1 s) on an in-process
  hit, and on every miss; on a change it empties its LRUs: another worker's in-process
  copies are dropped at its first analysis at most that long after the erasure (they are
  never *served* for the erased data meanwhile: the erasure changed the data version and the
  input digests their keys hold).
- **Failures**: Redis unreachable or slower than ``ANALYSIS_SHARED_TIMEOUT`` (0.2 s) makes
  the process compute in process, with one warning per outage; it leaves Redis alone for
  ``ANALYSIS_SHARED_RETRY_SECONDS`` (30 s), then tries again. A ``forget()`` that could not
  reach Redis is done first when it is reached again (logged as an error meanwhile); the
  entries expire within the TTL in any case.
"""
from __future__ import annotations

import hashlib
import json
import logging
import pickle
import threading
import time
from collections.abc import Hashable

import redis

from participation.core.codeversion import app_code_version
from participation.core.tolerantcache import Breaker

PICKLE_PROTOCOL = 5
FAILED = object()  # Redis could not be asked
POLL = 0.05  # seconds between two looks at a value another process is computing
NOTES = "warm-notes"  # what ``analysis.warming`` was asked for, outside any code version
log = logging.getLogger(__name__)

# KEYS: generation, entry; ARGV: generation read before computing, value, seconds
PUT_IF_GENERATION = """
if (redis.call('GET', KEYS[1]) or '0') == ARGV[1] then
  redis.call('SET', KEYS[2], ARGV[2], 'EX', tonumber(ARGV[3]))
  return 1
end
return 0
"""


class Shared:
    """The Redis level of ``core.memo`` for one app (``app.extensions["pdq_shared_memo"]``).

    ``client``: a ``redis.Redis`` with short timeouts; ``config``: the app's config (the
    ``ANALYSIS_SHARED_*`` keys, defaults in ``participation.config``); ``code_version``: the
    running code's (``core.codeversion``), part of every entry's key."""

    def __init__(self, client: redis.Redis, config, code_version: str) -> None:
        self.client, self.prefix = client, config.get("ANALYSIS_SHARED_PREFIX", "pdq-memo:")
        self.code_version = code_version
        self.seconds = int(config.get("ANALYSIS_SHARED_SECONDS", 86400))
        self.max_bytes = int(config.get("ANALYSIS_SHARED_MAX_BYTES", 8 * 1024 * 1024))
        self.recheck = float(config.get("ANALYSIS_SHARED_RECHECK_SECONDS", 1.0))
        self.lock_seconds = float(config.get("ANALYSIS_SHARED_LOCK_SECONDS", 30.0))
        self.generation_key = self.prefix + "generation"
        self.lock = threading.Lock()
        self.generation, self.checked = 0, float("-inf")
        self.forget_pending = False
        self.breaker = Breaker("Shared analyses' cache", "computed in process",
                               float(config.get("ANALYSIS_SHARED_RETRY_SECONDS", 30.0)))
        self.put_script = client.register_script(PUT_IF_GENERATION)

    # --- talking to Redis ------------------------------------------------------------------

    def call(self, func, *args, **kwargs):
        """``func(*args, **kwargs)``, or ``FAILED`` when Redis is down (``Breaker``: left
        alone for ``ANALYSIS_SHARED_RETRY_SECONDS``, one warning per outage)."""
        return self.breaker.call(func, FAILED, *args, **kwargs)

    def current_generation(self, force: bool = False) -> int:
        """The generation: read from Redis when ``force`` or older than ``recheck`` seconds,
        else the one last read (kept when Redis is down). A pending ``forget`` is done
        first."""
        now = time.time()
        if not force and now - self.checked < self.recheck:
            return self.generation
        if self.forget_pending and time.time() >= self.breaker.down_until:
            self.forget()
        found = self._read(self.generation_key)
        if found is not FAILED:
            self.generation, self.checked = int(found or 0), now
        return self.generation

    # --- entries -------------------------------------------------------------------------

    def entry_key(self, generation: int, key: Hashable) -> str | None:
        """The Redis key of ``key`` under ``generation`` for this code version, or None for
        a key whose ``repr`` differs between processes."""
        text = repr(key)
        if " at 0x" in text:
            return None
        name = hashlib.blake2b(text.encode(), digest_size=20).hexdigest()
        return f"{self.prefix}e:{self.code_version}:{generation}:{name}"

    def get(self, generation: int, key: Hashable):
        """The value kept under ``key``, or ``FAILED`` (absent, unreadable, Redis down)."""
        name = self.entry_key(generation, key)
        found = FAILED if name is None else self._read(name)
        if found is FAILED or found is None:
            return FAILED
        try:
            return pickle.loads(found)
        except Exception:  # written by another release of the code: computed again
            log.info("Unreadable shared analysis %s: computed again", name)
            return FAILED

    def put(self, generation: int, key: Hashable, value) -> bool:
        """Keep ``value`` for every process, unless too big, not picklable or Redis is down
        (then in process only). False when the generation moved on since ``generation`` was
        read (an erasure meanwhile: the value must be kept nowhere), True otherwise."""
        name = self.entry_key(generation, key)
        if name is None:
            return True
        try:
            data = pickle.dumps(value, protocol=PICKLE_PROTOCOL)
        except Exception:  # noqa: BLE001 (a lambda, a lock...: kept in process only)
            return True
        if len(data) > self.max_bytes:
            return True
        done = self._write_if(generation, name, data)
        return done is FAILED or bool(done)

    def claim(self, generation: int, key: Hashable) -> bool:
        """Take the short lock of ``key`` (``SET NX``, ``lock_seconds``): True when this
        process is to compute it (lock taken, or Redis down), False when another is."""
        name = self.entry_key(generation, key)
        if name is None:
            return True
        done = self._lock(name + ":lock")
        return done is FAILED or bool(done)

    def release(self, generation: int, key: Hashable) -> None:
        """Give the lock of ``key`` back (after its value was written, or its computation
        failed)."""
        name = self.entry_key(generation, key)
        if name is not None:
            self._unlock(name + ":lock")

    def wait(self, generation: int, key: Hashable):
        """The value another process is computing, read every ``POLL`` seconds while its
        lock is held (at most ``lock_seconds``); ``FAILED`` when the lock went without a
        value (too big to share, an error) or Redis is down: then compute it here."""
        name = self.entry_key(generation, key)
        deadline = time.monotonic() + self.lock_seconds
        while time.monotonic() < deadline:
            time.sleep(POLL)
            found = self.get(generation, key)
            held = self._held(name + ":lock")
            if found is not FAILED or held is FAILED or not held:
                return found if found is not FAILED else self.get(generation, key)
        return FAILED

    def forget(self) -> None:
        """A new generation, and every shared entry deleted (after an erasure). When Redis
        cannot be reached it is done at the next contact (``forget_pending``)."""
        self.forget_pending = True
        found = self._next_generation()
        if found is FAILED:
            log.error("%s unreachable: its entries will be deleted when it is reached again "
                      "(they expire within %d s)", self.breaker.what, self.seconds)
            return
        self.generation, self.checked = int(found), time.time()
        if self._drop_entries():
            self.forget_pending = False

    # --- what the background computation was asked for (``analysis.warming``) -------------

    def read_notes(self) -> list:
        """What coordinators looked at, as ``write_notes`` kept it (every code version's:
        a release computes what the former one's pages showed); [] when absent or
        unreachable."""
        found = self._read(self.prefix + NOTES)
        if found is FAILED or not found:
            return []
        try:
            return json.loads(found)
        except ValueError:
            return []

    def write_notes(self, notes: list, seconds: float) -> None:
        """Keep ``notes`` (JSON: numbers and short strings, no text of anyone) for
        ``seconds``; nothing when the store is unreachable."""
        self._write(self.prefix + NOTES, json.dumps(notes).encode(), max(1, int(seconds)))

    # --- the store's primitives (Redis here; ``core.diskmemo`` on disk) -------------------

    def _write(self, name: str, data: bytes, seconds: int):
        """Keep ``data`` under ``name`` for ``seconds``, whatever the generation."""
        return self.call(self.client.set, name, data, ex=seconds)

    def _read(self, name: str):
        """The bytes kept under ``name``, None when absent, ``FAILED`` when unreachable."""
        return self.call(self.client.get, name)

    def _write_if(self, generation: int, name: str, data: bytes):
        """Keep ``data`` under ``name`` for ``seconds`` if the generation is still
        ``generation``, atomically: 1 when written, 0 when not, ``FAILED``."""
        return self.call(self.put_script, keys=[self.generation_key, name],
                         args=[str(generation), data, self.seconds])

    def _lock(self, name: str):
        """Create ``name`` unless it exists, for ``lock_seconds``: True when created."""
        return self.call(self.client.set, name, b"1", nx=True,
                         px=int(self.lock_seconds * 1000))

    def _unlock(self, name: str) -> None:
        self.call(self.client.delete, name)

    def _held(self, name: str):
        """Whether the lock ``name`` exists (``FAILED`` when unreachable)."""
        return self.call(self.client.exists, name)

    def _next_generation(self):
        """The generation incremented (atomically), or ``FAILED``."""
        return self.call(self.client.incr, self.generation_key)

    def _drop_entries(self) -> bool:
        """Delete every entry of every code version; False when it could not be done."""
        names = self.call(lambda: list(self.client.scan_iter(self.prefix + "e:*", count=500)))
        if names is FAILED:
            return False
        for start in range(0, len(names), 500):
            if self.call(self.client.unlink, *names[start:start + 500]) is FAILED:
                return False
        return True


def init_shared_memo(app) -> None:
    """Put a ``Shared`` in ``app.extensions`` when ``CACHE_REDIS_URL`` is set, else a
    ``core.diskmemo.DiskShared`` when ``ANALYSIS_DISK_CACHE`` names a folder (nothing
    else: ``core.memo`` keeps its results in process), keyed by the running code's version
    (``core.codeversion.app_code_version``)."""
    url = app.config.get("CACHE_REDIS_URL")
    if not url:
        from participation.core.diskmemo import disk_shared

        found = disk_shared(app)
        if found is None:
            app.extensions.pop("pdq_shared_memo", None)
        else:
            app.extensions["pdq_shared_memo"] = found
        return
    timeout = float(app.config.get("ANALYSIS_SHARED_TIMEOUT", 0.2))
    client = redis.Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout)
    app.extensions["pdq_shared_memo"] = Shared(client, app.config, app_code_version(app))
