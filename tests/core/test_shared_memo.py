"""The analyses' kept results shared through Redis (``core.sharedmemo``, ``core.memo``): two
app instances (two app servers) sharing one Redis db find each other's results without
computing them; an erasure on one leaves no copy anywhere; Redis down changes no page (the
residents' page cache neither: ``core.tolerantcache``)."""
from __future__ import annotations

import contextlib
import logging
import pickle
import uuid
from datetime import date, datetime, timedelta

import pytest
import redis
import webtest

from participation import create_app
from participation.config import TestConfig
from participation.contributions.services import record_contribution
from participation.core import clock, memo
from participation.core.sharedmemo import Shared
from participation.exports import section as section_module
from participation.extensions import db
from participation.privacy.consent import withdrawal_token
from tests import factories
from tests.formfill import form_to, text_of
from tests.hardening.test_public_forms import _redis_or_skip
from tests.memo_race import ask_cold_entry_at_once
from tests.privacy.erasing import confirm
from tests.privacy.test_consent import _quoted

REDIS_URL = "redis://127.0.0.1:6379/11"  # this file's db: keys under a prefix of each test
NOWHERE = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def _server(app, url: str, prefix: str):
    """Another instance of the app on the tests' database, as another app server would be."""
    config = TestConfig.as_dict() | {
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "CACHE_REDIS_URL": url, "ANALYSIS_SHARED_PREFIX": prefix,
        "PAGE_CACHE_PREFIX": prefix + "pages:", "WTF_CSRF_ENABLED": True}
    return create_app(config)


@pytest.fixture
def shared_redis():
    """(client of db 11, a prefix of this test); the prefix's keys deleted afterwards."""
    _redis_or_skip()
    client = redis.Redis.from_url(REDIS_URL)
    prefix = f"pdq-test-memo-{uuid.uuid4().hex}:"
    yield client, prefix
    names = list(client.scan_iter(prefix + "*"))
    if names:
        client.delete(*names)


@pytest.fixture
def two_servers(app, shared_redis):
    """Two app instances sharing the Redis db of ``shared_redis``."""
    servers = [_server(app, REDIS_URL, shared_redis[1]) for _ in range(2)]
    yield servers
    for server in servers:
        with server.app_context():
            db.session.remove()
            db.engine.dispose()


def _browsers(servers, territory) -> list[webtest.TestApp]:
    """One browser per server sharing its cookies (a proxy sends each request to either),
    signed in as a coordinator through the first one's rendered login form."""
    user = factories.user(territory, role="coordinator")
    first = webtest.TestApp(servers[0], extra_environ={"REMOTE_ADDR": "127.0.0.1"})
    form = next(f for f in first.get("/accounts/login").forms.values() if "password" in f.fields)
    form["email"], form["password"] = user.email, factories.PASSWORD
    assert form.submit().follow().status_int == 200  # its welcome message shown there
    return [first] + [webtest.TestApp(s, extra_environ={"REMOTE_ADDR": "127.0.0.1"},
                                      cookiejar=first.cookiejar) for s in servers[1:]]


def _counted(monkeypatch) -> list[int]:
    """Count the calls of the section's generated part (the real one)."""
    calls, real = [], section_module.generated_section

    def counted(territory):
        calls.append(territory.id)
        return real(territory)

    monkeypatch.setattr(section_module, "generated_section", counted)
    return calls


def _stored_values(client, prefix: str) -> str:
    """Every shared entry's value, unpickled, as one text."""
    return repr([pickle.loads(client.get(name)) for name in client.scan_iter(prefix + "e:*")])


def test_computed_on_one_server_found_on_the_other(two_servers, territory, quartier,
                                                   monkeypatch):
    health = factories.challenge(territory, "S2")
    for _ in range(6):
        record_contribution(territory.id, "un médecin", quartier_id=quartier.id,
                            said_on=date(2024, 6, 1), challenge_ids=[health.id])
    calls = _counted(monkeypatch)
    one, two = _browsers(two_servers, territory)
    first = text_of(one.get("/exports/section"))
    assert calls == [territory.id]
    assert text_of(two.get("/exports/section")) == first  # found in Redis: not computed
    assert calls == [territory.id]
    summary = text_of(one.get(f"/analysis/challenge/{health.id}"))
    assert text_of(two.get(f"/analysis/challenge/{health.id}")) == summary
    record_contribution(territory.id, "un médecin le samedi", quartier_id=quartier.id,
                        said_on=date(2024, 6, 2), challenge_ids=[health.id])
    assert "un médecin le samedi" in text_of(two.get("/exports/section"))  # new version
    assert calls == [territory.id, territory.id]


def test_an_erasure_on_one_server_leaves_no_copy_anywhere(two_servers, shared_redis,
                                                          territory, monkeypatch):
    client, prefix = shared_redis
    _quoted(territory)  # "Rien pour les jeunes.", quoted with consent: Homme — Cité Pasteur
    one, two = _browsers(two_servers, territory)
    assert "Cité Pasteur" in text_of(one.get("/exports/section"))
    assert "Cité Pasteur" in text_of(two.get("/exports/section"))
    assert "Cité Pasteur" in _stored_values(client, prefix)
    form = form_to(one.get("/privacy/personne"), "/privacy/personne")
    form["phone"] = "06 12 34 56 78"
    form = form_to(form.submit(), "/privacy/personne/effacer")
    confirm(form)
    form.submit().follow()
    assert list(client.scan_iter(prefix + "e:*")) == []
    calls = _counted(monkeypatch)
    section = text_of(two.get("/exports/section"))
    assert calls == [territory.id]  # computed again on the other server
    assert "Rien pour les jeunes." in section and "Cité Pasteur" not in section
    assert "Cité Pasteur" not in _stored_values(client, prefix)
    assert "Rien pour les jeunes." in _stored_values(client, prefix)


def _erase_by(how: str, one, browser, consent_token: str) -> None:
    """Erase the quote's attribution on server ``one``: the person's withdrawal link
    (its rendered form), or the retention purge run on that server 37 months later."""
    if how == "link":
        path = f"/privacy/retrait/{consent_token}"
        form_to(browser.get(path), path).submit()
        return
    # said on 2026-11-24, kept 36 months; the command runs in the app context it finds
    with clock.frozen(datetime(2029, 12, 25, 3, 0)), one.app_context():
        result = one.test_cli_runner().invoke(args=["privacy", "purge"])
    assert "contribution: erased 1" in result.output


@pytest.mark.parametrize("how", ["link", "purge"])
def test_a_withdrawal_or_a_purge_on_one_server_leaves_no_copy(
        how, two_servers, shared_redis, territory, monkeypatch):
    client, prefix = shared_redis
    _contribution, consent = _quoted(territory)
    token = withdrawal_token(consent)
    one, two = _browsers(two_servers, territory)
    assert "Cité Pasteur" in text_of(one.get("/exports/section"))
    assert "Cité Pasteur" in _stored_values(client, prefix)
    _erase_by(how, two_servers[0], one, token)
    assert list(client.scan_iter(prefix + "e:*")) == []
    calls = _counted(monkeypatch)
    section = text_of(two.get("/exports/section"))
    assert calls == [territory.id]
    assert "Rien pour les jeunes." in section and "Cité Pasteur" not in section
    assert "Cité Pasteur" not in _stored_values(client, prefix)


def test_other_servers_drop_their_copies_within_a_second_of_forget(
        two_servers, shared_redis, territory, pinned_clock):
    client, prefix = shared_redis
    calls, tid = [], territory.id  # read here: in another app's context it would use its engine

    def compute():
        calls.append(1)
        return {"quote": "Rien pour les jeunes.", "n": len(calls)}

    def on(server):
        with server.test_request_context():
            return memo.memo(tid, "test.shared", compute)

    one, two = two_servers
    assert on(one) == on(two) == {"quote": "Rien pour les jeunes.", "n": 1}
    with one.test_request_context():
        memo.forget()
    assert list(client.scan_iter(prefix + "e:*")) == []
    assert on(two)["n"] == 1  # its own copy, for at most ANALYSIS_SHARED_RECHECK_SECONDS
    pinned_clock.shift(timedelta(seconds=1.5))
    assert on(two)["n"] == 2  # the new generation seen: its copies dropped, computed again
    assert on(one)["n"] == 2 and len(calls) == 2  # and shared again under it


def test_a_computation_overtaken_by_forget_is_not_kept(two_servers, shared_redis, territory):
    client, prefix = shared_redis
    one, two = two_servers
    tid = territory.id  # read here: in another app's context it would use its engine

    def erased_meanwhile():
        with two.test_request_context():
            memo.forget()  # another server erases a person while this one computes
        return "Cité Pasteur"

    with one.test_request_context():
        assert memo.memo(tid, "test.race", erased_meanwhile) == "Cité Pasteur"
        assert not memo.store().items
    assert list(client.scan_iter(prefix + "e:*")) == []


def test_a_value_too_big_stays_in_process(two_servers, shared_redis, territory):
    client, prefix = shared_redis
    one = two_servers[0]
    one.config["ANALYSIS_SHARED_MAX_BYTES"] = 1000
    from participation.core.sharedmemo import init_shared_memo

    init_shared_memo(one)
    with one.test_request_context():
        assert memo.content_memo("test.big", lambda: "x" * 2000, "a") == "x" * 2000
        assert memo.content_memo("test.small", lambda: "x" * 10, "a") == "x" * 10
        assert len(memo.content_store().items) == 2
    assert len(list(client.scan_iter(prefix + "e:*"))) == 1


def test_redis_down_changes_no_page(app, territory, quartier, caplog):
    health = factories.challenge(territory, "S2")
    for text in ("un médecin", "un médecin", "un médecin", "des bancs", "des bancs"):
        record_contribution(territory.id, text, quartier_id=quartier.id,
                            said_on=date(2024, 6, 1), challenge_ids=[health.id])
    caplog.set_level(logging.WARNING, logger="participation.core.sharedmemo")
    nowhere = _server(app, NOWHERE, "pdq-test-memo:")
    assert isinstance(nowhere.extensions["pdq_shared_memo"], Shared)
    browser = _browsers([nowhere], territory)[0]
    for _ in range(2):
        page = browser.get(f"/analysis/challenge/{health.id}")
        assert page.status_int == 200
        # 5 contributions tagged Santé: the page's total, its base
        assert "5 contributions" in text_of(page)
        assert browser.get("/exports/section").status_int == 200
    with nowhere.test_request_context():
        memo.forget()  # an erasure while Redis is down: done when it is reached again
        assert nowhere.extensions["pdq_shared_memo"].forget_pending
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "unreachable" in warnings[0].getMessage()
    with nowhere.app_context():
        db.session.remove()
        db.engine.dispose()


def test_two_servers_asking_a_cold_entry_at_once_compute_it_once(two_servers, shared_redis,
                                                                 territory):
    client, prefix = shared_redis
    tid = territory.id
    calls, results = ask_cold_entry_at_once(two_servers, tid)
    assert list(results.values()) == [{"n": 1}, {"n": 1}] and calls == [1]
    with two_servers[0].test_request_context(), pytest.raises(ZeroDivisionError):
        memo.memo(tid, "test.failing", lambda: 1 / 0)
    assert not [n for n in client.scan_iter(prefix + "*") if n.endswith(b":lock")]


def test_residents_pages_with_redis_and_with_redis_down(app, shared_redis, territory,
                                                        quartier, caplog):
    client, prefix = shared_redis
    caplog.set_level(logging.WARNING, logger="participation.core.tolerantcache")
    servers = [_server(app, REDIS_URL, prefix), _server(app, NOWHERE, prefix)]
    for server in servers:  # a first visit (front layer), then with the session cookie
        browser = webtest.TestApp(server, extra_environ={"HTTP_ACCEPT_LANGUAGE": "fr"})
        pages = [browser.get("/") for _ in range(3)]
        assert [p.status_int for p in pages] == [200, 200, 200]
        assert len({text_of(p) for p in pages}) == 1 and quartier.name in text_of(pages[0])
    assert list(client.scan_iter(prefix + "pages:*"))  # stored by the first server
    warnings = [r.getMessage() for r in caplog.records
                if r.name == "participation.core.tolerantcache"]
    assert len(warnings) == 1 and "unreachable" in warnings[0]  # once per outage
    for server in servers:
        with server.app_context():
            db.session.remove()
            db.engine.dispose()


def test_redis_down_keeps_the_rate_limits_in_process(app, caplog):
    """Limits stored in a Redis that does not answer: counted in the process meanwhile
    (Flask-Limiter's in-memory fallback), so a login is refused after 10 attempts a
    minute (accounts/views.py) and never answered 500."""
    from participation.extensions import limiter
    from tests.core.test_reverse_proxy import _attempt

    limited = create_app(TestConfig.as_dict() | {
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": NOWHERE})
    assert limited.config["RATELIMIT_STORAGE_OPTIONS"]["socket_timeout"] == 0.2
    try:
        client = limited.test_client()
        codes = [_attempt(client, "203.0.113.9").status_code for _ in range(11)]
    finally:
        with contextlib.suppress(redis.RedisError):  # the counts were in the fallback
            limiter.reset()
        limiter.enabled = False
        with limited.app_context():
            db.session.remove()
            db.engine.dispose()
    assert codes == [422] * 10 + [429]
