"""Each queued free text is scored once, whoever drains (``analysis.pending``'s claims): two
drainers at once split the queue, a claim left by a dead worker is taken again after
``CLAIM_SECONDS``, and an analysis page waits for the batches other drainers claimed (or
takes them over after ``PAGE_WAIT``) so it never shows a text without its suggestion.
Run on SQLite and, with DATABASE_URL, on PostgreSQL (``FOR UPDATE SKIP LOCKED``)."""
from __future__ import annotations

import threading
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from participation.analysis import autotag, pending
from participation.contributions.models import ContributionChallenge
from participation.extensions import db
from tests.analysis.test_pending_suggestions import (
    TEXTS,
    _answer,
    _expected,
    _queued,
    _tags,
    left_for_later,  # noqa: F401 (fixture)
)
from tests.formfill import text_of
from tests.surveys.helpers import needs_survey

MORE = TEXTS + ["le square est fermé le dimanche et les enfants n'ont nulle part où jouer",
                "il faudrait un local pour les associations du quartier",
                "les loyers augmentent et les logements sont mal isolés"]


class CountedScorer:
    """``autotag.suggestions`` counting the texts each call scores (any thread); ``pause``
    seconds inside each call, so that two drainers' batches overlap."""

    def __init__(self, pause: float = 0.0):
        self.real, self.pause = autotag.suggestions, pause
        self.texts: list[str] = []
        self.calls = 0
        self.lock = threading.Lock()

    def __call__(self, territory_id: int, texts: list[str]):
        with self.lock:
            self.calls += 1
            self.texts.extend(texts)
        threading.Event().wait(self.pause)
        return self.real(territory_id, texts)


def _queue(webapp, territory, texts: list[str]) -> dict[str, list]:
    """Answer each text through the survey form (queued, not drained); their expected
    suggestions, computed by the real scorer before any drain."""
    survey = needs_survey(territory)
    for text in texts:
        _answer(webapp, survey, text)
    assert _queued() == len(texts)
    return {text: _expected(territory, text) for text in texts}


def _late_store(rows, me: str, expected: dict[str, list]) -> int:
    """A drainer that lost its claim stores its (right) scores at last: how many tags it
    added (none expected)."""
    before = db.session.scalar(select(func.count(ContributionChallenge.id)))
    texts = dict((cid, text) for cid, _territory, text in rows)
    best = {cid: [challenge for challenge, _origin in expected[text]]
            for cid, text in texts.items()}
    assert any(best.values())  # the texts do get a suggestion
    assert pending._store(rows, best, me) == 0
    return db.session.scalar(select(func.count(ContributionChallenge.id))) - before


def _drain_in_thread(app, start: threading.Barrier, failures: list) -> None:
    with app.app_context():
        try:
            start.wait()
            pending.drain()
        except Exception as error:  # noqa: BLE001 (reported by the test)
            failures.append(error)
        finally:
            db.session.remove()


def test_two_drainers_in_two_threads_score_each_text_once(
        app, webapp, territory, left_for_later, monkeypatch):  # noqa: F811
    expected = _queue(webapp, territory, MORE)
    scorer = CountedScorer(pause=0.05)
    monkeypatch.setattr(autotag, "suggestions", scorer)
    monkeypatch.setattr(pending, "BATCH", 2)  # three batches to share
    db.session.commit()
    start, failures = threading.Barrier(2), []
    threads = [threading.Thread(target=_drain_in_thread, args=(app, start, failures))
               for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert failures == []
    assert Counter(scorer.texts) == Counter(MORE)  # each of the six texts scored once
    assert _queued() == 0
    assert {text: _tags(text) for text in MORE} == expected


def test_an_expired_claim_is_taken_again(
        webapp, territory, left_for_later, pinned_clock, monkeypatch):  # noqa: F811
    expected = _queue(webapp, territory, TEXTS[:1])
    dead = pending.claim(None, "killed-worker")  # a worker killed after claiming
    scorer = CountedScorer()
    monkeypatch.setattr(autotag, "suggestions", scorer)
    pinned_clock.shift(timedelta(seconds=pending.CLAIM_SECONDS - 5))
    assert pending.drain() == 0 and scorer.calls == 0 and _queued() == 1  # still its own
    pinned_clock.shift(timedelta(seconds=10))  # the claim is now older than CLAIM_SECONDS
    pending.drain()
    assert scorer.calls == 1 and _queued() == 0
    assert _tags(TEXTS[0]) == expected[TEXTS[0]]
    assert _late_store(dead, "killed-worker", expected) == 0  # its rows were taken over


def test_the_review_page_waits_for_the_batch_another_drainer_claimed(
        webapp, web_login, territory, left_for_later, monkeypatch):  # noqa: F811
    expected = _queue(webapp, territory, TEXTS[:2])
    other = pending.claim(None, "other-worker")  # scoring in another worker as the page loads
    scorer = CountedScorer()
    monkeypatch.setattr(autotag, "suggestions", scorer)
    pauses = []

    def other_worker_finishes(seconds: float) -> None:
        pauses.append(seconds)
        if len(pauses) == 1:
            best = pending._scored(other)
            db.session.rollback()
            pending._store(other, best, "other-worker")

    monkeypatch.setattr(pending, "_pause", other_worker_finishes)
    web_login("coordinator")
    page = webapp.get("/analysis/review")
    assert pauses == [pending.WAIT_STEP]  # one look, then the batch was stored
    assert scorer.calls == 1  # the other worker's: the page scored nothing again
    assert _queued() == 0
    assert {text: _tags(text) for text in TEXTS[:2]} == expected
    assert "il manque un médecin" in text_of(page)


def test_the_review_page_takes_over_a_claim_nobody_finishes(
        webapp, web_login, territory, left_for_later, pinned_clock, monkeypatch):  # noqa: F811
    expected = _queue(webapp, territory, TEXTS[:2])
    stuck = pending.claim(None, "stuck-worker")  # its worker hangs (not yet expired)
    scorer = CountedScorer()
    monkeypatch.setattr(autotag, "suggestions", scorer)
    waited = []

    def pause(seconds: float) -> None:
        waited.append(seconds)
        pinned_clock.shift(timedelta(seconds=seconds))

    monkeypatch.setattr(pending, "WAIT_STEP", 1.0)
    monkeypatch.setattr(pending, "_pause", pause)
    web_login("coordinator")
    webapp.get("/analysis/review")
    assert sum(waited) == pytest.approx(pending.PAGE_WAIT, abs=1.0)
    assert scorer.calls == 1 and _queued() == 0  # the page took the batch over
    assert {text: _tags(text) for text in TEXTS[:2]} == expected
    assert _late_store(stuck, "stuck-worker", expected) == 0  # the hung worker stores nothing


def test_a_failed_batch_is_given_back_the_next_page_takes_it_at_once(
        webapp, web_login, territory, left_for_later, monkeypatch):  # noqa: F811
    """The scoring fails (word vectors unavailable): the page still shows, and its claim is
    given back, so the next page suggests the text without waiting ``PAGE_WAIT``."""
    expected = _queue(webapp, territory, TEXTS[:1])
    scorer = CountedScorer()

    def broken(territory_id, texts):
        raise RuntimeError("word vectors unavailable")

    monkeypatch.setattr(autotag, "suggestions", broken)
    web_login("coordinator")
    assert webapp.get("/analysis/review").status_int == 200
    claims = db.session.execute(select(pending.TABLE.c.claimed_by)).scalars().all()
    assert claims == [None] and _tags(TEXTS[0]) == []
    monkeypatch.setattr(autotag, "suggestions", scorer)
    pauses = []
    monkeypatch.setattr(pending, "_pause", pauses.append)
    webapp.get("/analysis/review")
    assert pauses == [] and scorer.calls == 1 and _queued() == 0
    assert _tags(TEXTS[0]) == expected[TEXTS[0]]
