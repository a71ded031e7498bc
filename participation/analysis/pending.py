"""Free texts waiting for their suggested challenge, suggested in batches off the answer path.

A resident's free-text answer to a question without challenges becomes an untagged
Contribution; its suggestion (``autotag.suggestions``: word vectors, about 47 ms for one text
but 2 ms a text in a batch of 50, measured 2026-11-29) is not computed inside the answer's
request. The answer's transaction queues the contribution (``enqueue``: a row of
``pending_suggestion``, durable with the answer), and ``drain`` later scores every queued text
of a territory in one call and stores the best suggestion (origin "suggested", unconfirmed:
the review queue shows it), exactly as ``autotag.suggest_untagged`` does one by one.

Who drains (``drain_soon``, called once the answer is committed):
- in a web worker, a background thread of the process drains once no answer came for
  ``SUGGESTIONS_DELAY`` seconds (0.5 s by default), or ``LONGEST_WAIT`` (30 s) after the
  first when answers never stop that long: fifty answers posted together are suggested in
  one or two batches after the burst, instead of fifty times inside the server's request
  threads (or in its middle);
- with ``SUGGESTIONS_DELAY = None`` (the tests), once the response is sent, in the request's
  thread (``call_on_close``), as before the queue existed;
- outside a request (CLI, imports, tests calling services), at once; an import page queues
  its texts too, drained once its view committed (``drain_after_request``);
- ``flask analysis suggest-pending`` drains whatever is left (after a crash, or from cron when
  a deployment sets ``SUGGESTIONS_DELAY = -1`` to keep web workers free of word vectors);
- the analysis pages drain their territory's queue before reading (``drain_territory``), so
  the review queue and the counts never miss a queued suggestion.

Several drainers at once (the workers of every app server, the CLI, a page) score each
queued text once: a drainer first **claims** a batch (``claim``: one ``UPDATE … SET claimed_by,
claimed_at … RETURNING`` in a short transaction of its own; on PostgreSQL its rows are chosen
``FOR UPDATE SKIP LOCKED``, so two claimers never wait for nor take the same rows; on SQLite
the statement holds the database's one writer lock, so only one claimer wins a row), then
scores only what it claimed, then stores the tags in the transaction that deletes its own
claimed rows (``DELETE … WHERE claimed_by = me RETURNING``): a contribution is tagged once.
A claim expires after ``CLAIM_SECONDS`` (a worker killed mid-batch): any drainer takes it
again, and the late first drainer then finds its rows gone and stores nothing.

A page that drains its territory (``drain_territory``) takes what nobody claimed, then waits
for the rows other drainers claimed (their batch ends in about 0.1 to 1 s) until none is
left, at most ``PAGE_WAIT`` seconds, after which it takes them over whatever their claim: the
page never shows a text without the suggestion it was queued for.
"""
from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from collections import defaultdict
from datetime import datetime, timedelta

from flask import after_this_request, current_app, has_request_context
from flask_login import current_user
from sqlalchemy import DateTime, ForeignKey, String, delete, func, insert, select, true, update
from sqlalchemy.orm import Mapped, mapped_column

from participation.contributions.models import Contribution, ContributionChallenge
from participation.core import data_version
from participation.core.driver_insert import DriverInsert
from participation.core.models import Base, utcnow
from participation.core.pageversion import quiet_writes
from participation.core.runtime import freeze_loaded_heap
from participation.extensions import db

BATCH = 500  # texts scored per call (and ids per IN (...): under SQLite's 999 parameters
DEFAULT_DELAY = 0.5  # seconds without a new answer before the web worker's thread drains
# Seconds at most from the first answer queued to the drain, when answers keep coming (never
# ``delay`` seconds apart): a steady flow is still suggested twice a minute, in batches.
LONGEST_WAIT = 30.0
# Seconds after which a claim is taken again: far above a batch's scoring (500 texts about
# 1 s; a model built after a review, or loaded at a worker's start, 15 to 30 s on a busy
# machine, measured 2026-11-30), so a live drainer keeps its rows.
CLAIM_SECONDS = 300.0
PAGE_WAIT = 10.0  # seconds a page waits for other drainers' claims before taking them over
WAIT_STEP = 0.05  # seconds between two looks at those claims


class PendingSuggestion(Base):
    """A contribution whose suggestion is still to compute (see the module docstring)."""

    __tablename__ = "pending_suggestion"

    contribution_id: Mapped[int] = mapped_column(
        ForeignKey("contribution.id", ondelete="CASCADE"), primary_key=True)
    territory_id: Mapped[int] = mapped_column(
        ForeignKey("territory.id", ondelete="CASCADE"), index=True)
    queued_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # who is scoring it (``owner``: host, process, a random part) and since when (naive UTC)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime)


quiet_writes(PendingSuggestion)  # no public page shows the queue
TABLE = PendingSuggestion.__table__
# on the driver's cursor, in the answer's transaction (see surveys.quick_answer)
INSERT = DriverInsert(TABLE, ("contribution_id", "territory_id", "queued_at"))


def enqueue(territory_id: int, contribution_ids: list[int], connection=None) -> None:
    """Queue the contributions in the caller's transaction: ``connection``'s (a SQLAlchemy
    or ``core.driver_insert.DriverConnection``), else the session's (no flush, no
    data-version bump); the caller commits."""
    if contribution_ids:
        now = utcnow()
        INSERT.many(connection if connection is not None else db.session.connection(), [
            {"contribution_id": cid, "territory_id": territory_id, "queued_at": now}
            for cid in contribution_ids])


def _scored(rows) -> dict[int, list[int] | None]:
    """``{contribution id: suggested challenge ids, best first}`` of ``rows`` (contribution
    id, territory id, text), one ``autotag.suggestions`` call per territory; texts without
    any left out, None for a text whose words a coordinator found no challenge for
    (``autotag.decided_none``)."""
    from participation.analysis.autotag import decided_none, suggestions

    by_territory: dict[int, list] = defaultdict(list)
    for cid, territory_id, text in rows:
        by_territory[territory_id].append((cid, text))
    found = {}
    for territory_id, items in by_territory.items():
        texts = [text for _cid, text in items]
        best = suggestions(territory_id, texts)
        for doc, challenge_id in zip(best["doc"], best["challenge_id"], strict=True):
            found.setdefault(items[doc][0], []).append(int(challenge_id))
        found |= {items[doc][0]: None for doc in decided_none(territory_id, texts)}
    return found


def owner() -> str:
    """A drainer's name in ``claimed_by`` (at most 64 characters): its host and process, for
    an operator reading the queue, and a random part, unique to one ``drain`` call."""
    return f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:16]}"


def claim(territory_id: int | None, me: str, limit: int = BATCH,
          takeover: bool = False) -> list[tuple[int, int, str]]:
    """Claim up to ``limit`` queued texts (of one territory, or all; oldest ids first) for
    ``me`` in a transaction of its own, committed: those nobody claimed, or whose claim is
    older than ``CLAIM_SECONDS``, or any with ``takeover`` (a page done waiting). Returns the
    claimed rows (contribution id, territory id, text); [] when none is free."""
    db.session.rollback()  # a fresh transaction: on SQLite the UPDATE takes the writer lock
    now = utcnow()
    free = true() if takeover else TABLE.c.claimed_at.is_(None) | (
        TABLE.c.claimed_at < now - timedelta(seconds=CLAIM_SECONDS))
    chosen = select(TABLE.c.contribution_id).where(free).order_by(
        TABLE.c.contribution_id).limit(limit).with_for_update(skip_locked=True)
    if territory_id is not None:
        chosen = chosen.where(TABLE.c.territory_id == territory_id)
    # on the session's connection: a Core UPDATE, no ORM event bumps the public pages'
    # version (``core.pagecache``: the queue is quiet)
    connection = db.session.connection()
    ids = list(connection.execute(update(TABLE).where(
        TABLE.c.contribution_id.in_(chosen), free).values(claimed_by=me, claimed_at=now)
        .returning(TABLE.c.contribution_id)).scalars())
    rows = connection.execute(select(TABLE.c.contribution_id, TABLE.c.territory_id,
                                     Contribution.text).join(
        Contribution, Contribution.id == TABLE.c.contribution_id).where(
        TABLE.c.contribution_id.in_(ids)).order_by(TABLE.c.contribution_id)).all() if ids else []
    db.session.commit()
    return [tuple(row) for row in rows]


def _store(rows, best: dict[int, list[int] | None], me: str) -> int:
    """Take back ``rows`` from the queue when ``me`` still holds their claim (delete them:
    a row another drainer took over is left to it), tag those contributions still without
    any tag with their suggestion (None: reviewed at once, "no challenge", as the same words
    were), bump the territories' data version; commits. Returns how many got a suggestion."""
    connection = db.session.connection()
    ids = [cid for cid, _territory, _text in rows]
    claimed = set(connection.execute(delete(TABLE).where(
        TABLE.c.contribution_id.in_(ids), TABLE.c.claimed_by == me)
        .returning(TABLE.c.contribution_id)).scalars())
    tags = ContributionChallenge.__table__
    tagged = set(connection.execute(select(tags.c.contribution_id).where(
        tags.c.contribution_id.in_(claimed))).scalars()) if claimed else set()
    now = utcnow()
    new = [{"contribution_id": cid, "challenge_id": challenge_id, "origin": "suggested",
            "tagged_by_id": None, "tagged_at": now}
           for cid in ids if cid in claimed and cid not in tagged and best.get(cid)
           for challenge_id in best[cid]]
    none = [cid for cid in ids if cid in claimed and cid not in tagged and cid in best
            and best[cid] is None]
    if none:
        connection.execute(update(Contribution.__table__).where(
            Contribution.__table__.c.id.in_(none)).values(reviewed_at=now))
        data_version.bump(db.session, {t for cid, t, _text in rows if cid in none})
    if new:
        connection.execute(insert(tags), new)
        suggested = {row["contribution_id"] for row in new}
        data_version.bump(db.session, {t for cid, t, _text in rows if cid in suggested})
    db.session.commit()
    return len({row["contribution_id"] for row in new})


def drain(territory_id: int | None = None, takeover: bool = False) -> int:
    """Suggest every queued text nobody else is scoring (of one territory, or all),
    ``BATCH`` at a time: claim, score, store (see the module docstring); commits. With
    ``takeover``, the texts other drainers claimed too. Returns how many contributions got
    a suggestion."""
    me, done = owner(), 0
    while True:
        rows = claim(territory_id, me, takeover=takeover)
        if not rows:
            return done
        try:
            best = _scored(rows)
            db.session.rollback()  # the write starts a transaction of its own
            done += _store(rows, best, me)
        except Exception:
            release(me)
            raise
        if len(rows) < BATCH:
            return done


def release(me: str) -> None:
    """Give back what ``me`` still claims (its scoring failed: the next drain, or a page,
    takes the texts at once instead of waiting for the claim to expire); commits."""
    db.session.rollback()
    db.session.connection().execute(update(TABLE).where(TABLE.c.claimed_by == me).values(
        claimed_by=None, claimed_at=None))
    db.session.commit()


def _queued(territory_id: int) -> int:
    """How many texts of the territory are still queued (claimed or not): one indexed count
    (called after a commit: it sees the other drainers' commits)."""
    return db.session.scalar(select(func.count()).select_from(TABLE).where(
        TABLE.c.territory_id == territory_id))


def _pause(seconds: float) -> None:
    """Sleep while other drainers finish their batch."""
    time.sleep(seconds)


def drain_territory(territory_id: int | None) -> int:
    """Before a page reads the territory's tags: suggest its queued texts nobody claimed,
    then wait (``WAIT_STEP`` at a time, rows queued or freed meanwhile drained too) until
    the batches other drainers claimed are stored, at most ``PAGE_WAIT`` seconds (on
    ``clock.now``), then take over what is left. One indexed count when nothing is queued.
    Returns how many contributions this page's drains suggested."""
    if territory_id is None or not _queued(territory_id):
        return 0
    done = drain(territory_id)
    deadline = utcnow() + timedelta(seconds=PAGE_WAIT)
    while _queued(territory_id):
        if utcnow() >= deadline:
            return done + drain(territory_id, takeover=True)
        _pause(WAIT_STEP)
        done += drain(territory_id)
    return done


def drain_before(blueprint) -> None:
    """Every page of ``blueprint`` first stores the queued suggestions of the signed-in
    person's territory (usually drained already, half a second after the answers): the
    review queue, the counts and the section never miss one."""
    @blueprint.before_request
    def _queued_suggestions() -> None:
        try:
            drain_territory(getattr(current_user, "territory_id", None))
        except Exception:  # noqa: BLE001 (the page still shows; the queue keeps the texts)
            db.session.rollback()
            current_app.logger.exception("queued suggestions failed")


def _drain_in(app) -> None:
    """``drain()`` in an application context of its own; a failure is logged, the queue
    keeps the texts for the next drain."""
    with app.app_context():
        try:
            drain()
        except Exception:  # noqa: BLE001 (the answers are stored; the queue keeps the texts)
            db.session.rollback()
            app.logger.exception("queued suggestions failed")


class Drainer:
    """One per process: a daemon thread that drains once no answer came for ``delay``
    seconds, or ``longest`` seconds after the first answer it was woken for: a burst of
    answers is suggested in one batch after it, instead of its word vectors holding the
    worker's interpreter lock (GIL) while the burst's requests wait. ``clock`` (seconds,
    monotonic) is ``time.monotonic``. Measured with 50 residents answering at once: see
    bench/README.md.

    The cap is in seconds, not in windows: a count of windows (20, before 2026-11-30) was
    used up by twenty answers arriving less than ``delay`` apart, so the thread drained in
    the middle of every burst of fifty."""

    def __init__(self, app, delay: float, longest: float = LONGEST_WAIT,
                 clock=time.monotonic):
        self.app, self.delay, self.longest, self.clock = app, delay, longest, clock
        self.wanted = threading.Event()
        self.lock = threading.Lock()
        self.thread: threading.Thread | None = None

    def wake(self) -> None:
        with self.lock:
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._run, daemon=True,
                                               name="pdq-suggestions")
                self.thread.start()
        self.wanted.set()

    def quiet(self) -> None:
        """Return once ``wanted`` was not set for ``delay`` seconds, or ``longest`` seconds
        after this call, whichever comes first."""
        deadline = self.clock() + self.longest
        while True:
            self.wanted.clear()
            left = deadline - self.clock()
            if left <= 0 or not self.wanted.wait(min(self.delay, left)):
                return

    def _run(self) -> None:
        while True:
            self.wanted.wait()
            self.quiet()
            _drain_in(self.app)


def preload() -> threading.Thread:
    """Start loading what the suggestions, the imports and the analysis pages read once per
    process (``tagging.load_resources``: word vectors, sentence encoder, tagger, verb and
    stop-word tables; about 6 s of CPU, measured 2026-11-30 with bench/import_speed.py) in
    a thread as a web worker starts (gunicorn's ``post_worker_init``), then freeze the heap
    (``load_models``): else the first answers of a burst wait behind that load in the
    worker's suggestion thread, a coordinator's first review page took 25-31 s, and the
    first import of 60 submissions loaded them inside its request (32 s on the loaded
    machine). Also with ``SUGGESTIONS_DELAY`` < 0 (the drains in a process of their own):
    the worker's imports and analysis pages read the same models (before 2026-11-30 such a
    worker loaded nothing at its start, and its first import or page paid the load). A
    thread, so the worker serves meanwhile (and gunicorn's timeout never kills a worker
    still starting); a request needing a model meanwhile waits for this load
    (``core.runtime.loaded_once``) instead of loading it a second time. Returns that
    thread."""
    thread = threading.Thread(target=load_models, daemon=True, name="pdq-models")
    thread.start()
    return thread


def load_models() -> None:
    """Load the models (``tagging.load_resources``), then freeze the worker's heap with them
    (``core.runtime.freeze_loaded_heap``: no full garbage collection walks them again)."""
    from participation.analysis import tagging

    tagging.load_resources()
    freeze_loaded_heap()


def drain_after_request() -> None:
    """For a request whose view commits after texts were queued (an import: the transaction
    is the view's): ``drain_soon`` once the view has returned, its transaction committed
    (a drain before the commit would find nothing queued)."""
    @after_this_request
    def schedule(http_response):
        drain_soon()
        return http_response


def drain_soon() -> None:
    """After a commit that queued texts: drain as the module docstring says."""
    if not has_request_context():
        drain()
        return
    app = current_app._get_current_object()
    delay = app.config.get("SUGGESTIONS_DELAY", DEFAULT_DELAY)
    if delay is None:
        @after_this_request
        def schedule(http_response):
            http_response.call_on_close(lambda: _drain_in(app))
            return http_response
        return
    if delay < 0:
        return  # drained by ``flask analysis suggest-pending`` (cron, a worker)
    drainer = app.extensions.get("pdq_suggestion_drainer")
    if drainer is None:
        drainer = app.extensions.setdefault("pdq_suggestion_drainer", Drainer(app, delay))
    drainer.wake()
