"""Analyses computed again in the background once their data changed, before anyone asks.

After a new answer, an import or a review decision, the next analysis page used to compute
what the change touched while its coordinator waited (the section: 0.6 s of CPU after one
answer on the demo, a fresh worker's first words page 2.7 s; bench/README.md). Here each
process remembers what its coordinators looked at (``note``, called by the pages: a
challenge's summary, the words page, the section, its documents; who asked and in which
language) and a thread of its own (``Warmer``) computes them again, through the very
functions the pages call (registered with ``@warmer``, kept by ``core.memo``), once the
territory's data version (``core.data_version``) has stayed the same for
``ANALYSIS_WARM_DELAY`` seconds (2 s: a burst of answers is computed once, after it), or
``ANALYSIS_WARM_LONGEST`` (30 s) after the first change when changes never stop that long.
The next page finds them kept.

Bounds: one thread per process, one computation at a time; only what was looked at in the
last ``ANALYSIS_WARM_HOURS`` (8 h), at most ``ANALYSIS_WARM_ITEMS`` (24) per territory; the
data version polled every ``ANALYSIS_WARM_EVERY`` seconds (1 s: one small query per
territory noted). Never two at once for the same data: with a shared level (Redis or the
disk, ``core.sharedmemo``/``core.diskmemo``) one process of the machine or cluster claims a
territory's version and the others leave it (their pages find its results there), and each
result is computed under that level's lock anyway. The queued suggestions are stored first
(``pending.drain_territory``), as a page does before reading. Nothing of an erased person is
computed: the thread reads the data as it is when it runs, and a computation overlapping an
erasure keeps nothing (``core.memo``'s stamp); what is remembered holds no text (user ids,
challenge ids, formats, languages).

After a release or a restart (a new code version keeps nothing the former computed: its
first section took 1.5 to 1.9 s of CPU, its documents 1.9 s), a worker starts with what
coordinators looked at in the last ``ANALYSIS_WARM_HOURS``: each process keeps what it was
asked in the shared level (``Shared.write_notes``: territory, user id, language, page kind
and arguments, Unix time; no text), and gunicorn's ``post_worker_init`` calls ``resume``,
which reads them and starts the thread once the models are loaded; one process of the
release computes each territory (claimed as above), the others find it in the shared level.

``ANALYSIS_WARM_DELAY``: None (the tests) remembers the pages but starts no thread (a test
calls ``Warmer.tick`` or ``warm_territory``); a negative value turns it all off.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from flask import current_app, has_request_context
from flask_babel import force_locale, get_locale
from flask_login import current_user, login_user

from participation.core import clock as wall_clock

log = logging.getLogger(__name__)
WARMERS: dict[str, Callable[..., object]] = {}


def warmer(kind: str) -> Callable[[Callable], Callable]:
    """Register the decorated function as what computes ``kind`` (called with the arguments
    given to ``note``, in a request context with the coordinator signed in and the language
    forced); returns it unchanged."""
    def register(func: Callable) -> Callable:
        WARMERS[kind] = func
        return func
    return register


def resume(app, after: threading.Thread | None = None) -> Warmer | None:
    """At a web worker's start (gunicorn's ``post_worker_init``): what coordinators looked
    at in the last ``ANALYSIS_WARM_HOURS``, by this release or the former one (the shared
    level's notes, ``Warmer.restore``), computed in the background thread ``delay`` seconds
    after ``after`` (the models' loading thread) ends: the first section or document after
    a release (a new code version: nothing kept under it) no longer waits for its
    computation. Never blocks: one small read here, the work in the thread. None when
    turned off or without a shared level (nothing to read)."""
    delay = app.config.get("ANALYSIS_WARM_DELAY")
    if (delay is not None and delay < 0) or app.extensions.get("pdq_shared_memo") is None:
        return None
    warming = app.extensions.setdefault("pdq_warmer", Warmer(app))
    if warming.restore() and delay is not None:
        warming.start(after)
    return warming


def note(kind: str, *args) -> None:
    """Remember that the signed-in user looked at ``kind`` with ``args`` (small, hashable,
    no text), in the current language; nothing outside a request or when turned off."""
    if not has_request_context() or not getattr(current_user, "is_authenticated", False):
        return
    app = current_app._get_current_object()
    delay = app.config.get("ANALYSIS_WARM_DELAY")
    if delay is not None and delay < 0:
        return
    warming = app.extensions.get("pdq_warmer")
    if warming is None:
        warming = app.extensions.setdefault("pdq_warmer", Warmer(app))
    warming.note(int(current_user.territory_id), int(current_user.id),
                 str(get_locale() or ""), (kind, *args))
    if delay is not None:
        warming.start()


class Warmer:
    """What one process computes again in the background (see the module docstring).
    ``clock``: seconds, monotonic (``time.monotonic``)."""

    def __init__(self, app, clock: Callable[[], float] = time.monotonic) -> None:
        config = app.config
        self.app, self.clock = app, clock
        self.delay = float(config.get("ANALYSIS_WARM_DELAY") or 0.0)
        self.every = float(config.get("ANALYSIS_WARM_EVERY", 1.0))
        self.longest = float(config.get("ANALYSIS_WARM_LONGEST", 30.0))
        self.hours = float(config.get("ANALYSIS_WARM_HOURS", 8.0))
        self.size = int(config.get("ANALYSIS_WARM_ITEMS", 24))
        self.lock = threading.Lock()
        self.items: dict[int, dict[tuple, float]] = {}  # territory -> (user, lang, item) -> seen
        self.seen: dict[int, tuple[str | None, float]] = {}  # territory -> (version, since)
        self.warmed: dict[int, str | None] = {}  # territory -> version last computed
        self.thread: threading.Thread | None = None

    def note(self, territory_id: int, user_id: int, language: str, item: tuple,
             seen: float | None = None, save: bool = True) -> None:
        """Remember ``item`` looked at by ``user_id`` in ``language`` (``seen``: on
        ``clock``, now by default), and keep what this process remembers in the shared
        level (``save``, ``_save``) for the next release's workers."""
        with self.lock:
            items = self.items.setdefault(territory_id, {})
            items.pop((user_id, language, item), None)
            items[(user_id, language, item)] = self.clock() if seen is None else seen
            while len(items) > self.size:
                items.pop(min(items, key=items.get))  # the one looked at longest ago
        if save:
            self._save()

    def _save(self) -> None:
        """Merge what this process remembers into the shared level's notes
        (``Shared.write_notes``: [territory, user, language, item, seen (Unix s)], the
        latest ``ANALYSIS_WARM_ITEMS`` per territory of the last ``hours``); nothing
        without a shared level. Another process saving at the same instant may drop one
        note of this one: a page then computed on first use, as before."""
        shared = getattr(self.app, "extensions", {}).get("pdq_shared_memo")
        if shared is None:
            return
        now, wall = self.clock(), wall_clock.now().timestamp()
        notes = {(t, u, lang, tuple(item)): seen for t, u, lang, item, seen
                 in shared.read_notes()}
        with self.lock:
            for territory_id, items in self.items.items():
                for (user_id, language, item), seen in items.items():
                    key = (territory_id, user_id, language, item)
                    notes[key] = max(notes.get(key, 0.0), wall - (now - seen))
        kept = sorted(((seen, key) for key, seen in notes.items()
                       if seen > wall - self.hours * 3600), reverse=True)
        per_territory: dict[int, int] = {}
        out = []
        for seen, (territory_id, user_id, language, item) in kept:
            per_territory[territory_id] = per_territory.get(territory_id, 0) + 1
            if per_territory[territory_id] <= self.size:
                out.append([territory_id, user_id, language, list(item), seen])
        shared.write_notes(out, self.hours * 3600)

    def restore(self) -> int:
        """Remember what the shared level's notes say was looked at in the last ``hours``
        (by any process, of any code version), as if looked at here; returns how many."""
        shared = getattr(self.app, "extensions", {}).get("pdq_shared_memo")
        if shared is None:
            return 0
        now, wall = self.clock(), wall_clock.now().timestamp()
        notes = [n for n in shared.read_notes() if n[4] > wall - self.hours * 3600]
        for territory_id, user_id, language, item, seen in sorted(notes, key=lambda n: n[4]):
            self.note(int(territory_id), int(user_id), str(language), tuple(item),
                      seen=now - (wall - seen), save=False)
        return len(notes)

    def start(self, after: threading.Thread | None = None) -> None:
        """Start the thread (once); it waits for ``after`` (the models loading) first."""
        with self.lock:
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._run, args=(after,), daemon=True,
                                               name="pdq-warm-analyses")
                self.thread.start()

    def _run(self, after: threading.Thread | None = None) -> None:
        if after is not None:
            after.join()
        while True:
            time.sleep(self.every)
            try:
                with self.app.app_context():
                    self.tick()
            except Exception:  # noqa: BLE001 (the pages compute what is missing)
                log.exception("background analyses failed")

    def due(self, territory_id: int, version: str | None) -> bool:
        """Whether ``territory_id`` at ``version`` (read now) is to be computed: a version
        not computed yet that stayed the same ``delay`` seconds, or whose first change since
        the last computation is ``longest`` seconds old."""
        now = self.clock()
        state = self.seen.get(territory_id)
        if state is None or state[0] != version:  # (version, changed at, first change at)
            first = now if state is None or state[2] is None else state[2]
            state = self.seen[territory_id] = (version, now, first)
        if self.warmed.get(territory_id) == version:
            return False
        return now - state[1] >= self.delay or now - state[2] >= self.longest

    def tick(self) -> int:
        """Compute what is due (``due``) of every territory noted, in an application
        context; forget what was looked at more than ``hours`` ago. Returns how many
        territories were computed."""
        from participation.core import data_version
        from participation.extensions import db

        done = 0
        for territory_id in self._territories():
            version = data_version.current(db.session, territory_id)
            db.session.rollback()  # no transaction left open between two ticks
            if not self.due(territory_id, version):
                continue
            if self._claimed(territory_id, version):  # else another process computes it
                self.warm_territory(territory_id)
                done += 1
            self.warmed[territory_id] = version
            self.seen[territory_id] = (version, self.clock(), None)
        return done

    def _territories(self) -> list[int]:
        """The territories with something looked at in the last ``hours`` (older visits
        dropped)."""
        oldest = self.clock() - self.hours * 3600
        with self.lock:
            for territory_id, items in list(self.items.items()):
                for key in [k for k, seen in items.items() if seen < oldest]:
                    del items[key]
                if not items:
                    del self.items[territory_id]
                    self.seen.pop(territory_id, None)
                    self.warmed.pop(territory_id, None)
            return list(self.items)

    def _claimed(self, territory_id: int, version: str | None) -> bool:
        """Whether this process is to compute the territory's ``version``: always without a
        shared level; with one, only the first process to claim it (``Shared.claim``, held
        until its lock expires): the others leave that version, their pages find the
        results in the shared level."""
        shared = self.app.extensions.get("pdq_shared_memo")
        if shared is None:
            return True
        generation = shared.current_generation()
        return shared.claim(generation, ("analysis.warming", territory_id, version))

    def warm_territory(self, territory_id: int) -> None:
        """Store the territory's queued suggestions, then compute each item looked at (most
        recent first) as its user in its language; an item that fails is logged and the
        others are computed."""
        from participation.analysis.pending import drain_territory
        from participation.extensions import db

        drain_territory(territory_id)
        with self.lock:
            items = sorted(self.items.get(territory_id, {}).items(), key=lambda i: -i[1])
        for (user_id, language, item), _seen in items:
            try:
                self._warm_one(territory_id, user_id, language, item)
            except Exception:  # noqa: BLE001 (its page computes it when asked)
                db.session.rollback()
                log.exception("background analysis %s failed", item[0])

    def _warm_one(self, territory_id: int, user_id: int, language: str, item: tuple) -> None:
        """``WARMERS[kind](*args)`` as ``user_id`` signed in, in ``language``; nothing for
        a user gone, inactive or moved to another territory."""
        from participation.accounts.models import User
        from participation.extensions import db

        kind, *args = item
        with self.app.test_request_context("/"):
            user = db.session.get(User, user_id)
            if user is None or not user.is_active or user.territory_id != territory_id:
                return
            login_user(user)
            with force_locale(language or "fr"):
                WARMERS[kind](*args)
