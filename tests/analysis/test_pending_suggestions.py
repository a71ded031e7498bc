"""Residents' free texts wait in ``pending_suggestion`` and get their suggested challenge in
batches (``analysis.pending``): by the web worker's thread after the response, by the
analysis pages before they read the tags, by ``flask analysis suggest-pending``; a text is
tagged once even when two drainers take the same batch."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from participation.analysis import pending
from participation.analysis.autotag import suggestions
from participation.analysis.pending import PendingSuggestion
from participation.contributions.models import Contribution, ContributionChallenge
from participation.extensions import db
from tests.formfill import form_to, text_of
from tests.surveys.helpers import needs_survey

TEXTS = ["il manque un médecin et une pharmacie dans le quartier",
         "les trottoirs sont sales et les poubelles débordent",
         "pas assez de bus le soir pour rentrer du travail"]


_survey = needs_survey


def _answer(webapp, survey, text: str) -> None:
    url = f"/s/{survey.slug}"
    form = form_to(webapp.get(url + "?autre=1"), url)
    form[f"q{survey.questions[0].id}"] = text
    assert form.submit().status_int == 302


def _queued() -> int:
    return db.session.scalar(select(func.count()).select_from(PendingSuggestion))


def _tags(text: str) -> list[tuple[int, str]]:
    db.session.expire_all()
    contribution = db.session.scalar(select(Contribution).where(Contribution.text == text))
    return [(t.challenge_id, t.origin) for t in contribution.tags]


def _expected(territory, text: str) -> list[tuple[int, str]]:
    return [(int(c), "suggested") for c in suggestions(territory.id, [text])["challenge_id"]]


@pytest.fixture
def left_for_later(app):
    """Web workers leave the queue to ``suggest-pending`` (``SUGGESTIONS_DELAY = -1``)."""
    app.config["SUGGESTIONS_DELAY"] = -1
    yield
    app.config["SUGGESTIONS_DELAY"] = None


def test_texts_left_queued_are_suggested_before_the_review_queue_is_read(
        webapp, web_login, territory, left_for_later):
    survey = _survey(territory)
    for text in TEXTS:
        _answer(webapp, survey, text)
    assert _queued() == 3 and _tags(TEXTS[0]) == []
    web_login("coordinator")
    page = webapp.get("/analysis/review")
    assert _queued() == 0
    for text in TEXTS:
        assert _tags(text) == _expected(territory, text)
    assert "il manque un médecin" in text_of(page)


def test_the_cli_drains_the_queue(webapp, runner, territory, left_for_later):
    survey = _survey(territory)
    for text in TEXTS[:2]:
        _answer(webapp, survey, text)
    result = runner.invoke(args=["analysis", "suggest-pending"])
    assert result.exit_code == 0, result.output
    expected = sum(bool(_expected(territory, t)) for t in TEXTS[:2])
    assert f"{expected} contributions ont reçu un enjeu suggéré" in result.output
    assert _queued() == 0 and _tags(TEXTS[1]) == _expected(territory, TEXTS[1])


def test_the_web_workers_thread_drains_after_the_response(app, webapp, territory):
    survey = _survey(territory)
    app.config["SUGGESTIONS_DELAY"] = 0.0
    try:
        _answer(webapp, survey, TEXTS[0])
        drainer = app.extensions["pdq_suggestion_drainer"]
        waited = threading.Event()
        for _ in range(600):  # at most 30 s on a loaded machine
            if _queued() == 0 and not drainer.wanted.is_set():
                break
            db.session.rollback()
            waited.wait(0.05)
    finally:
        app.config["SUGGESTIONS_DELAY"] = None
    assert _queued() == 0
    assert _tags(TEXTS[0]) == _expected(territory, TEXTS[0])


def test_two_drainers_of_the_same_batch_tag_a_text_once(webapp, territory, left_for_later):
    survey = _survey(territory)
    _answer(webapp, survey, TEXTS[0])
    rows = db.session.execute(select(
        PendingSuggestion.contribution_id, PendingSuggestion.territory_id,
        Contribution.text).join(Contribution).order_by(PendingSuggestion.contribution_id)).all()
    assert pending.claim(None, "worker-1") == [tuple(row) for row in rows]
    best = pending._scored(rows)
    assert pending._store(rows, best, "worker-1") == 1
    assert pending._store(rows, best, "worker-1") == 0  # the rows were taken back by the first
    assert db.session.scalar(select(func.count(ContributionChallenge.id))) == 1


def test_a_failing_suggestion_keeps_the_text_queued_and_the_page_up(
        webapp, web_login, territory, left_for_later, monkeypatch):
    survey = _survey(territory)
    _answer(webapp, survey, TEXTS[0])

    def broken(territory_id, texts):
        raise RuntimeError("word vectors unavailable")

    monkeypatch.setattr("participation.analysis.autotag.suggestions", broken)
    web_login("coordinator")
    page = webapp.get("/analysis/review")
    assert page.status_int == 200 and "il manque un médecin" in text_of(page)
    assert _queued() == 1 and _tags(TEXTS[0]) == []


def test_the_cli_worker_drains_round_after_round(webapp, runner, territory, left_for_later):
    survey = _survey(territory)
    _answer(webapp, survey, TEXTS[0])
    result = runner.invoke(args=["analysis", "suggest-pending", "--every", "0",
                                 "--rounds", "2"])
    assert result.exit_code == 0, result.output
    assert result.output.count("enjeu suggéré") == 2
    assert _queued() == 0 and _tags(TEXTS[0]) == _expected(territory, TEXTS[0])


def test_web_workers_load_the_models_in_a_thread_as_they_start(monkeypatch):
    """gunicorn's ``post_worker_init`` (gunicorn.conf.py) calls ``preload``: the vectors, the
    sentence encoder and the word tables load beside the worker, which serves meanwhile
    (then its heap is frozen: ``load_models``); also when a worker of its own drains
    (``SUGGESTIONS_DELAY=-1``): the web worker's imports and analysis pages read them."""
    started = []

    class Thread:
        def __init__(self, target, daemon, name):
            self.target = target

        def start(self):
            started.append(self.target)

    monkeypatch.setattr(pending.threading, "Thread", Thread)
    for delay in ("-1", "0.5"):
        monkeypatch.setenv("SUGGESTIONS_DELAY", delay)
        assert pending.preload().target is pending.load_models
    assert started == [pending.load_models] * 2


def test_a_model_asked_for_while_it_loads_is_loaded_once():
    """A request asking for a model while the worker's start-up thread loads it waits for
    that load (``core.runtime.loaded_once``) instead of loading it a second time beside it
    (seconds of CPU each: bench/import_speed.py)."""
    import threading

    from participation.core.runtime import loaded_once

    loads, release = [], threading.Event()

    @loaded_once
    def model():
        loads.append(1)
        release.wait(5)
        return object()

    found = []
    threads = [threading.Thread(target=lambda: found.append(model())) for _ in range(3)]
    for thread in threads:
        thread.start()
    release.set()
    for thread in threads:
        thread.join(5)
    assert loads == [1] and len(found) == 3 and all(f is found[0] for f in found)
    assert model.cache_info().currsize == 1
    model.cache_clear()
    assert model() is not found[0] and loads == [1, 1]


def test_the_models_a_worker_preloads_are_those_scoring_reads():
    """After ``tagging.load_resources`` the first suggestion reads nothing more from disk:
    the word vectors, the sentence encoder and the verb and stop-word tables are loaded."""
    from participation.analysis import learned_words, semantic, sentences, tagging

    tagging.load_resources()
    assert semantic._table.cache_info().currsize == 1
    assert sentences._encoder.cache_info().currsize == 1
    assert learned_words.verbs.cache_info().currsize == 1
    assert learned_words.generic_words.cache_info().currsize == 1
    assert "installer" in learned_words.verbs() and "parler" in learned_words.generic_words()


def test_the_loaded_models_are_frozen_out_of_full_collections(monkeypatch):
    """``load_models`` loads the models, then every object alive (them included) goes to
    the permanent generation: a full collection no longer walks them."""
    import gc

    from participation.analysis import tagging

    loaded = []
    monkeypatch.setattr(tagging, "load_resources", lambda: loaded.append(object()))
    try:
        pending.load_models()
        assert loaded and gc.get_freeze_count() > 0
        assert not any(obj is loaded for obj in gc.get_objects())  # frozen: not walked
    finally:
        gc.unfreeze()


class ScriptedAnswers:
    """``Drainer.wanted`` and ``Drainer.clock`` together: answers arrive at the given
    seconds (a simulated clock, no real wait); ``wait(timeout)`` moves the clock to the next
    answer when it comes within ``timeout`` (True), else by ``timeout`` (False)."""

    def __init__(self, arrivals: list[float]):
        self.arrivals, self.now = list(arrivals), 0.0

    def clock(self) -> float:
        return self.now

    def clear(self) -> None:
        pass

    def wait(self, timeout: float) -> bool:
        if self.arrivals and self.arrivals[0] <= self.now + timeout:
            self.now = max(self.now, self.arrivals.pop(0))
            return True
        self.now += timeout
        return False


def _drained_at(arrivals: list[float], delay: float = 0.5) -> float:
    """Simulated second at which a drainer woken at 0 by the first answer drains."""
    script = ScriptedAnswers(arrivals)
    drainer = pending.Drainer(None, delay, clock=script.clock)
    drainer.wanted = script
    drainer.quiet()
    return script.now


def test_the_workers_thread_waits_for_the_end_of_a_burst_however_many_answers():
    """Fifty answers 10 ms apart (a burst of residents): drained 0.5 s after the last one,
    at 0.49 + 0.5 = 0.99 s; before, after twenty answers (0.2 s), inside the burst."""
    burst = [n * 0.01 for n in range(1, 50)]
    assert _drained_at(burst) == pytest.approx(0.99)
    # two bursts 0.3 s apart (the form's GETs between them): one drain after the second
    second = [0.49 + 0.3 + n * 0.01 for n in range(50)]
    assert _drained_at(burst + second) == pytest.approx(0.79 + 0.49 + 0.5)


def test_a_flow_that_never_stops_is_drained_at_the_longest_wait():
    """An answer every 0.4 s (never 0.5 s of quiet) for two minutes: drained at 30 s."""
    flow = [n * 0.4 for n in range(1, 300)]
    assert _drained_at(flow) == pytest.approx(pending.LONGEST_WAIT)
