"""What coordinators looked at, computed again in the background once its data changed
(``analysis.warming``): after a new answer the thread's run (``Warmer.tick``, called here:
the tests start no thread) leaves nothing for the pages to compute, and the pages read as
if computed from scratch; after an erasure it computes nothing of the erased person; it
waits for a quiet moment, bounded by ``longest``; one process of several computes."""
from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from participation import create_app
from participation.analysis import warming
from participation.config import TestConfig
from participation.contributions.services import record_contribution
from participation.core import memo
from participation.exports import section as section_module
from participation.extensions import db
from tests.analysis.test_kept import _answers, _read
from tests.formfill import form_to, text_of
from tests.privacy.erasing import confirm
from tests.privacy.test_consent import _quoted


@pytest.fixture(autouse=True)
def _new_warmer(app):
    """A warmer of this test's pages only (the app, and its warmer, serve every test)."""
    app.extensions.pop("pdq_warmer", None)
    yield
    app.extensions.pop("pdq_warmer", None)


def _warmer(app):
    return app.extensions["pdq_warmer"]


def _pages(webapp, health) -> dict[str, str]:
    """The texts of the pages a coordinator looked at: words, a challenge, the section."""
    paths = ["/analysis/words", f"/analysis/challenge/{health.id}", "/exports/section"]
    return {path: text_of(webapp.get(path)) for path in paths}


def test_after_a_new_answer_the_pages_find_everything_computed(
        app, webapp, web_login, territory, quartier, monkeypatch):
    health, _social = _answers(territory, quartier)
    memo.forget()
    web_login("coordinator")
    _pages(webapp, health)
    record_contribution(territory.id, "un médecin le samedi", quartier_id=quartier.id,
                        said_on=date(2024, 6, 2), challenge_ids=[health.id])
    calls = _read(monkeypatch)
    assert _warmer(app).tick() == 1  # the thread's run, in its own request context
    # only what holds the new answer computed again (Santé's), Lien social's kept
    assert calls and all("un médecin le samedi" in call for call in calls)
    done = len(calls)
    kept = _pages(webapp, health)
    assert len(calls) == done  # the pages computed nothing
    assert _warmer(app).tick() == 0  # the same version: nothing to do
    memo.forget()
    assert _pages(webapp, health) == kept  # the same pages computed from scratch
    assert "un médecin le samedi" in kept["/exports/section"]


def test_documents_looked_at_are_computed_again_too(app, webapp, web_login, territory,
                                                    quartier, monkeypatch):
    health, _social = _answers(territory, quartier)
    web_login("coordinator")
    first = webapp.get("/exports/section.odt").body
    record_contribution(territory.id, "un médecin le dimanche", quartier_id=quartier.id,
                        said_on=date(2024, 6, 2), challenge_ids=[health.id])
    assert _warmer(app).tick() == 1
    calls = []
    monkeypatch.setattr(section_module, "generated_section",
                        lambda territory: calls.append(territory) or {})
    second = webapp.get("/exports/section.odt").body
    assert calls == [] and second != first  # found kept, with the new answer's figures


def test_after_an_erasure_nothing_of_the_person_is_computed(app, webapp, web_login,
                                                            territory):
    _quoted(territory)  # "Rien pour les jeunes.", quoted with consent: Homme — Cité Pasteur
    web_login("coordinator")
    assert "Cité Pasteur" in text_of(webapp.get("/exports/section"))
    form = form_to(webapp.get("/privacy/personne"), "/privacy/personne")
    form["phone"] = "06 12 34 56 78"
    form = form_to(form.submit(), "/privacy/personne/effacer")
    confirm(form)
    form.submit().follow()
    assert _warmer(app).tick() == 1
    kept = repr([*memo.content_store().items.values(), *memo.store().items.values()])
    assert "Rien pour les jeunes." in kept and "Cité Pasteur" not in kept


def test_a_computation_overlapping_an_erasure_keeps_nothing(app, webapp, web_login,
                                                            territory, monkeypatch):
    _quoted(territory)
    web_login("coordinator")
    webapp.get("/exports/section")
    memo.forget()
    real = section_module.generated_section

    def erased_meanwhile(territory):
        found = real(territory)
        memo.forget()  # an erasure in another request while the thread computes
        return found

    monkeypatch.setattr(section_module, "generated_section", erased_meanwhile)
    assert _warmer(app).tick() == 1
    assert not [key for key in memo.store().items if key[2] == "section"]


def _bare_warmer(**config) -> tuple[warming.Warmer, list[float]]:
    """A ``Warmer`` on a clock the test moves (``now[0]``, seconds)."""
    now = [0.0]
    settings = {"ANALYSIS_WARM_DELAY": 2.0, "ANALYSIS_WARM_LONGEST": 30.0} | config
    return warming.Warmer(SimpleNamespace(config=settings), clock=lambda: now[0]), now


def test_computed_once_the_data_stayed_the_same_for_the_delay():
    warmer, now = _bare_warmer()
    assert not warmer.due(1, "a:1")  # first seen at 0 s
    now[0] = 1.9
    assert not warmer.due(1, "a:1")
    now[0] = 2.0
    assert warmer.due(1, "a:1")
    warmer.warmed[1], warmer.seen[1] = "a:1", ("a:1", 2.0, None)
    now[0] = 50.0
    assert not warmer.due(1, "a:1")  # computed: nothing until the data changes


def test_answers_that_never_stop_are_computed_after_the_longest_wait():
    warmer, now = _bare_warmer()
    warmer.warmed[1], warmer.seen[1] = "a:1", ("a:1", 0.0, None)
    due = []
    for second in range(10, 41):  # a new answer every second from 10 s on
        now[0] = float(second)
        due.append(warmer.due(1, f"a:{second}"))
    assert due == [False] * 30 + [True]  # 30 s after the first change, answers or not


def test_what_is_remembered_is_bounded():
    warmer, now = _bare_warmer(ANALYSIS_WARM_ITEMS=3, ANALYSIS_WARM_HOURS=1.0)
    for key in range(5):
        warmer.note(1, 7, "fr", ("analysis.summary", "challenge", str(key)))
    assert [item[2][2] for item in warmer.items[1]] == ["2", "3", "4"]  # the latest three
    now[0] = 3601.0
    warmer.note(2, 8, "fr", ("exports.section",))
    assert warmer._territories() == [2]  # territory 1 not looked at for an hour


def test_one_process_of_two_computes_a_version(app, web_login, webapp, territory, quartier,
                                               tmp_path):
    health, _social = _answers(territory, quartier)
    config = TestConfig.as_dict() | {
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "ANALYSIS_DISK_CACHE": str(tmp_path / "analysis-cache")}
    workers = [create_app(config) for _ in range(2)]
    user = web_login("coordinator")
    try:
        done = []
        for worker in workers:
            warmer = worker.extensions.setdefault("pdq_warmer", warming.Warmer(worker))
            warmer.note(territory.id, user.id, "fr", ("analysis.summary", "challenge",
                                                      str(health.id)))
            with worker.app_context():
                done.append(warmer.tick())
        assert done == [1, 0]
    finally:
        for worker in workers:
            with worker.app_context():
                db.session.remove()
                db.engine.dispose()


@pytest.mark.parametrize("change", ["gone", "moved"])
def test_nothing_computed_for_a_user_gone_or_moved(app, webapp, web_login, territory,
                                                   quartier, change, monkeypatch):
    from participation.accounts.models import User
    from tests import factories

    health, _social = _answers(territory, quartier)
    user = web_login("coordinator")
    webapp.get(f"/analysis/challenge/{health.id}")
    memo.forget()
    stored = db.session.get(User, user.id)
    if change == "gone":
        db.session.delete(stored)
    else:
        stored.territory_id = factories.territory(name="Ailleurs").id
    db.session.commit()
    calls = _read(monkeypatch)
    assert _warmer(app).tick() == 1
    assert calls == []


def test_a_new_release_computes_what_was_looked_at_before(app, web_login, webapp, territory,
                                                          quartier, tmp_path, monkeypatch):
    """The first worker after a release (a new code version: nothing kept under it) reads
    what coordinators looked at under the former one (``warming.resume``, the shared
    level's notes) and computes it in its background run: another worker of the new
    release then finds it computed; nothing is computed before the run (``resume`` only
    reads the notes: it never blocks a worker's start)."""
    from flask_login import login_user

    from participation.accounts.models import User

    health, _social = _answers(territory, quartier)
    config = TestConfig.as_dict() | {
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "ANALYSIS_DISK_CACHE": str(tmp_path / "analysis-cache")}
    user = web_login("coordinator")
    item = ("analysis.summary", "challenge", str(health.id))
    former, *release = [create_app(config) for _ in range(3)]
    for worker in release:
        worker.extensions["pdq_shared_memo"].code_version = "next release"
    try:
        warming.Warmer(former).note(territory.id, user.id, "fr", item)
        calls = _read(monkeypatch)
        warmer = warming.resume(release[0])
        assert {key: seen <= warmer.clock() for key, seen in warmer.items[territory.id].items()
                } == {(user.id, "fr", item): True}
        assert calls == []  # nothing computed at the start
        with release[0].app_context():
            assert warmer.tick() == 1
        assert calls  # computed in the background run
        done = len(calls)
        with release[1].test_request_context("/"):
            login_user(db.session.get(User, user.id))
            warming.WARMERS["analysis.summary"](*item[1:])
        assert len(calls) == done  # the other worker of the release found it computed
    finally:
        for worker in (former, *release):
            with worker.app_context():
                db.session.remove()
                db.engine.dispose()


def test_what_was_looked_at_is_kept_per_territory_latest_first_within_the_hours(tmp_path):
    """The shared notes keep the latest ``ANALYSIS_WARM_ITEMS`` of each territory looked at
    in the last ``ANALYSIS_WARM_HOURS``, merged across processes; nothing is noted when
    turned off, nor without a shared level."""
    config = TestConfig.as_dict() | {"ANALYSIS_DISK_CACHE": str(tmp_path / "cache"),
                                     "ANALYSIS_WARM_ITEMS": 2, "ANALYSIS_WARM_HOURS": 1.0}
    one, two = create_app(config), create_app(config)
    now = [0.0]
    first = warming.Warmer(one, clock=lambda: now[0])
    second = warming.Warmer(two, clock=lambda: now[0])
    for key in range(3):
        now[0] = float(key)
        first.note(1, 7, "fr", ("analysis.summary", "challenge", str(key)))
    second.note(2, 8, "ar", ("exports.section",))
    notes = one.extensions["pdq_shared_memo"].read_notes()
    assert [(n[0], n[1], n[2], n[3]) for n in notes] == [
        (2, 8, "ar", ["exports.section"]),
        (1, 7, "fr", ["analysis.summary", "challenge", "2"]),
        (1, 7, "fr", ["analysis.summary", "challenge", "1"])]
    third = warming.Warmer(create_app(config), clock=lambda: 3600.0 + now[0])
    assert third.restore() == 3 and sorted(third.items) == [1, 2]
    notes[1][4] -= 3601  # looked at more than an hour ago
    one.extensions["pdq_shared_memo"].write_notes(notes, 3600)
    assert warming.Warmer(create_app(config)).restore() == 2
    off = create_app(config | {"ANALYSIS_WARM_DELAY": -1})
    assert warming.resume(off) is None
    assert warming.resume(create_app(TestConfig.as_dict())) is None  # no shared level


def test_a_gunicorn_worker_resumes_once_its_models_are_loading(monkeypatch):
    """gunicorn.conf.py's ``post_worker_init`` hands the worker's app and the models'
    loading thread (``pending.preload``) to ``warming.resume``: the background run waits
    for the models, the worker serves meanwhile."""
    import runpy
    from pathlib import Path

    from participation.analysis import pending

    loading, resumed = object(), []
    monkeypatch.setattr(pending, "preload", lambda: loading)
    monkeypatch.setattr(warming, "resume", lambda app, after: resumed.append((app, after)))
    monkeypatch.setattr("participation.core.runtime.freeze_loaded_heap", lambda: 0)
    settings = runpy.run_path(str(Path(__file__).resolve().parents[2] / "gunicorn.conf.py"))
    app = object()
    settings["post_worker_init"](SimpleNamespace(wsgi=app))
    assert resumed == [(app, loading)]
