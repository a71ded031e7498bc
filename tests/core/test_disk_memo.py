"""The analyses' kept results on disk without Redis (``core.diskmemo``, ``core.memo``): two
app instances on one folder (two gunicorn workers of a machine) and an instance created
afterwards (a restart) find each other's results without computing them; a new answer is
computed again; an erasure in any process leaves no byte of the erased text in any file of
the folder; a store that fails changes no page."""
from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

import diskcache
import pytest

from participation import create_app
from participation.config import TestConfig
from participation.contributions.services import record_contribution
from participation.core import memo
from participation.core.diskmemo import DiskShared
from participation.extensions import db
from participation.privacy.consent import withdrawal_token
from tests import factories
from tests.core.test_shared_memo import _browsers, _counted, _erase_by
from tests.formfill import form_to, text_of
from tests.memo_race import ask_cold_entry_at_once
from tests.privacy.erasing import confirm
from tests.privacy.test_consent import _quoted

ERASED = "Cité Pasteur".encode()  # the quoted person's place, as pickled (UTF-8)


def _server(app, folder: Path):
    """Another instance of the app on the tests' database and the disk store ``folder``, as
    another worker (or the same one restarted) would be."""
    config = TestConfig.as_dict() | {
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "ANALYSIS_DISK_CACHE": str(folder), "WTF_CSRF_ENABLED": True}
    return create_app(config)


def _dispose(servers) -> None:
    for server in servers:
        with server.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def folder(tmp_path) -> Path:
    return tmp_path / "analysis-cache"


@pytest.fixture
def two_workers(app, folder):
    servers = [_server(app, folder) for _ in range(2)]
    yield servers
    _dispose(servers)


def _files_hold(folder: Path, data: bytes) -> bool:
    """Whether any file of ``folder`` (the SQLite file, its log, any other) holds ``data``."""
    return any(data in path.read_bytes() for path in folder.rglob("*") if path.is_file())


def _health(territory, quartier, texts):
    health = factories.challenge(territory, "S2")
    for text in texts:
        record_contribution(territory.id, text, quartier_id=quartier.id,
                            said_on=date(2024, 6, 1), challenge_ids=[health.id])
    return health


def test_kept_on_disk_found_by_the_other_worker_and_after_a_restart(
        app, two_workers, folder, territory, quartier, monkeypatch):
    health = _health(territory, quartier, ["un médecin"] * 6)
    assert isinstance(two_workers[0].extensions["pdq_shared_memo"], DiskShared)
    assert folder.stat().st_mode & 0o777 == 0o700  # residents' texts: the app's user only
    calls = _counted(monkeypatch)
    one, two = _browsers(two_workers, territory)
    first = text_of(one.get("/exports/section"))
    summary = text_of(one.get(f"/analysis/challenge/{health.id}"))
    assert text_of(two.get("/exports/section")) == first and calls == [territory.id]
    restarted = _server(app, folder)
    try:
        (again,) = _browsers([restarted], territory)
        assert text_of(again.get("/exports/section")) == first  # read from the folder
        assert text_of(again.get(f"/analysis/challenge/{health.id}")) == summary
        assert calls == [territory.id]
        record_contribution(territory.id, "un médecin le samedi", quartier_id=quartier.id,
                            said_on=date(2024, 6, 2), challenge_ids=[health.id])
        assert "un médecin le samedi" in text_of(again.get("/exports/section"))  # new data
        assert calls == [territory.id, territory.id]
        assert "un médecin le samedi" in text_of(two.get(f"/analysis/challenge/{health.id}"))
    finally:
        _dispose([restarted])


def test_an_erasure_leaves_no_byte_of_the_text_in_the_folder(two_workers, folder, territory,
                                                             monkeypatch):
    _quoted(territory)  # "Rien pour les jeunes.", quoted with consent: Homme — Cité Pasteur
    one, two = _browsers(two_workers, territory)
    assert "Cité Pasteur" in text_of(one.get("/exports/section"))
    assert _files_hold(folder, ERASED)  # what the check below would find
    form = form_to(one.get("/privacy/personne"), "/privacy/personne")
    form["phone"] = "06 12 34 56 78"
    form = form_to(form.submit(), "/privacy/personne/effacer")
    confirm(form)
    form.submit().follow()
    assert not _files_hold(folder, ERASED)
    calls = _counted(monkeypatch)
    section = text_of(two.get("/exports/section"))
    assert calls == [territory.id]  # computed again by the other worker
    assert "Rien pour les jeunes." in section and "Cité Pasteur" not in section
    assert not _files_hold(folder, ERASED)


@pytest.mark.parametrize("how", ["link", "purge"])
def test_a_withdrawal_or_a_purge_leaves_no_byte_in_the_folder(how, two_workers, folder,
                                                              territory, monkeypatch):
    _contribution, consent = _quoted(territory)
    one, two = _browsers(two_workers, territory)
    assert "Cité Pasteur" in text_of(two.get("/exports/section"))
    assert _files_hold(folder, ERASED)
    _erase_by(how, two_workers[0], one, withdrawal_token(consent))
    assert not _files_hold(folder, ERASED)
    calls = _counted(monkeypatch)
    section = text_of(two.get("/exports/section"))
    assert calls == [territory.id]  # its copy in memory dropped: the new generation read
    assert "Rien pour les jeunes." in section and "Cité Pasteur" not in section


def test_a_computation_overtaken_by_forget_is_not_kept(two_workers, folder, territory):
    one, two = two_workers
    tid = territory.id

    def erased_meanwhile():
        with two.test_request_context():
            memo.forget()  # the other worker erases a person while this one computes
        return "Cité Pasteur"

    with one.test_request_context():
        assert memo.memo(tid, "test.race", erased_meanwhile) == "Cité Pasteur"
        assert not memo.store().items
    assert not _files_hold(folder, ERASED)


def test_two_workers_asking_a_cold_entry_at_once_compute_it_once(two_workers, territory):
    tid = territory.id
    calls, results = ask_cold_entry_at_once(two_workers, tid)
    assert list(results.values()) == [{"n": 1}, {"n": 1}] and calls == [1]
    cache = two_workers[0].extensions["pdq_shared_memo"].cache
    assert not [name for name in cache.iterkeys() if name.endswith(":lock")]


def test_a_failing_store_changes_no_page(two_workers, territory, quartier, monkeypatch,
                                         caplog):
    health = _health(territory, quartier, ["un médecin"] * 3 + ["des bancs"] * 2)
    caplog.set_level(logging.WARNING, logger="participation.core.tolerantcache")
    store = two_workers[0].extensions["pdq_shared_memo"]

    def locked(*_args, **_kwargs):
        raise diskcache.Timeout("database is locked")

    for name in ("get", "add", "transact", "incr", "__contains__"):
        monkeypatch.setattr(store.cache, name, locked, raising=False)
    browser = _browsers(two_workers[:1], territory)[0]
    for _ in range(2):
        page = browser.get(f"/analysis/challenge/{health.id}")
        # 5 contributions tagged Santé: the page's total, its base
        assert page.status_int == 200 and "5 contributions" in text_of(page)
        assert browser.get("/exports/section").status_int == 200
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "Analyses' cache on disk unreachable" in warnings[0]


def test_a_folder_that_cannot_be_created_keeps_results_in_process(app, tmp_path, caplog):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    server = _server(app, blocker / "analysis-cache")
    try:
        assert "pdq_shared_memo" not in server.extensions
        assert "Analyses' cache on disk unusable" in caplog.text
        with server.test_request_context():
            assert memo.content_memo("test.local", lambda: {"n": 1}, "a") == {"n": 1}
    finally:
        _dispose([server])
