"""Findings 2, 13, 16 of issue #17 (and one-time tokens): every "once" holds under a burst.

Each test fires 20 requests at the same instant at a real threaded HTTP server on loopback
(``tests/hardening/live.py``); run on SQLite (default) and PostgreSQL
(``DATABASE_URL=postgresql://... pytest tests/hardening/test_once.py``). The locks are those
of ``core.locking`` (SQLite ``BEGIN IMMEDIATE``, PostgreSQL ``FOR UPDATE`` / advisory lock).
"""
from __future__ import annotations

import re

import pytest
from flask import current_app
from sqlalchemy import func, select

from participation.core.audit import AuditEvent
from participation.council import draws
from participation.council.models import Candidacy, Draw
from participation.extensions import db
from participation.surveys.models import Response
from tests import factories
from tests.council.conftest import council, fill  # noqa: F401 (fixture)
from tests.hardening.live import LiveServer, burst, logged_in
from tests.surveys.helpers import opt, q, survey_with_condition

N = 20


@pytest.fixture
def app_(app):
    return current_app._get_current_object()


def _candidacy(token: str, i: int) -> dict:
    return {"token": token, "college": "habitants", "name": f"Personne {i}",
            "phone": f"06 12 34 {i // 100:02d} {i % 100:02d}", "sex": "f", "consent": "y",
            "place": "", "age_band": ""}


def test_twenty_simultaneous_candidacies_all_stored_with_distinct_numbers(
        app, council):  # noqa: F811
    url = f"/conseil/{council.id}/candidater"
    with LiveServer(app) as base:
        calls = [lambda i=i: __import__("requests").post(
            base + url, data=_candidacy(f"tok-{i:03d}", i), allow_redirects=False)
            for i in range(N)]
        answers = burst(calls)
    assert [r.status_code for r in answers] == [302] * N
    numbers = sorted(db.session.scalars(select(Candidacy.number).where(
        Candidacy.council_id == council.id)))
    assert numbers == list(range(1, N + 1))
    shown = sorted(int(re.search(r"numero=(\d+)", r.headers["Location"]).group(1))
                   for r in answers)
    assert shown == numbers


def test_a_double_click_returns_the_first_candidacy(app, council):  # noqa: F811
    import requests

    url = f"/conseil/{council.id}/candidater"
    with LiveServer(app) as base:
        answers = burst([lambda: requests.post(base + url, data=_candidacy("same-token", 7),
                                               allow_redirects=False)] * N)
    assert {r.status_code for r in answers} == {302}
    assert {r.headers["Location"] for r in answers} == {
        f"/conseil/{council.id}/merci?numero=1"}
    assert db.session.scalar(select(func.count()).select_from(Candidacy)) == 1


def test_seeds_posted_at_once_draw_once_and_the_others_are_told(
        app, territory, council):  # noqa: F811
    fill(council, women=6, men=6, acteurs=0)
    college = next(c for c in council.colleges if c.kind == "habitants")
    draw = draws.prepare_draw(council, college.id, 4, 2)
    user = factories.user(territory, role="coordinator")
    with LiveServer(app) as base:
        browser = logged_in(base, user.email, factories.PASSWORD)
        url = f"{base}/council/draws/{draw.id}"
        answers = burst([lambda s=s: browser.post(url, data={"seed": f"{s:06d}"},
                                                  allow_redirects=False)
                         for s in range(100000, 100000 + N)])
    done = [r for r in answers if r.status_code == 302]
    told = [r for r in answers if r.status_code == 409 and "déjà eu lieu" in r.text]
    assert len(done) == 1 and len(told) == N - 1
    db.session.expire_all()
    stored = db.session.get(Draw, draw.id)
    winner = answers.index(done[0])
    assert stored.seed == f"{100000 + winner:06d}" and draws.verify_stored_draw(stored) == []


def test_twenty_parallel_wrong_passwords_check_exactly_the_lockouts_five(app, territory):
    import requests

    email = factories.user(territory).email
    limit = app.config["LOGIN_LOCKOUT_FAILURES"]
    with LiveServer(app) as base:
        answers = burst([lambda: requests.post(
            f"{base}/accounts/login", data={"email": email, "password": "mauvais-1234"},
            allow_redirects=False)] * N)
    codes = sorted(r.status_code for r in answers)
    assert codes == [422] * limit + [429] * (N - limit)
    failed = db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "login_failed", AuditEvent.target == email))
    pending = db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "login_attempt"))
    assert (failed, pending) == (limit, 0)


def test_a_replayed_survey_token_stores_one_response(app, territory, quartier):
    import requests

    survey = survey_with_condition(territory, quartier)
    slug = survey.slug
    data = {"token": "tok-survey-1", f"q{q(survey, 'info').id}": opt(q(survey, "info"), "non"),
            f"q{q(survey, 'note').id}": "7"}
    with LiveServer(app) as base:
        page = requests.get(f"{base}/s/{slug}")
        assert page.status_code == 200
        answers = burst([lambda: requests.post(f"{base}/s/{slug}", data=data,
                                               allow_redirects=False)] * N)
    assert {r.status_code for r in answers} == {302}
    # the replays land on the thank-you page, told the answers were stored once (?deja=1)
    assert {r.headers["Location"].partition("?")[0] for r in answers} == {f"/s/{slug}/merci"}
    assert db.session.scalar(select(func.count()).select_from(Response)) == 1


def test_fifty_residents_answering_at_once_are_each_stored_once(app, territory, monkeypatch):
    """Issue #16 (writes): 50 different residents post their answers at the same instant
    (quick path: no row every answer would lock); each is acknowledged and stored once, with
    its free text as one contribution queued for its suggestion, and the territory's data
    version moved on. The suggestions are left queued (``SUGGESTIONS_DELAY = -1``, as a
    deployment with a worker of their own): drained in the 50 request threads they would
    hold the pool's 15 connections while the word vectors load."""
    import requests

    from participation.analysis.pending import PendingSuggestion
    from participation.contributions.models import Contribution
    from participation.core import data_version
    from participation.surveys.models import Answer
    from tests.surveys.helpers import needs_survey

    monkeypatch.setitem(app.config, "SUGGESTIONS_DELAY", -1)
    survey = needs_survey(territory)
    slug, field = survey.slug, f"q{survey.questions[0].id}"
    before = data_version.current(db.session, territory.id)
    db.session.commit()
    residents = 50
    with LiveServer(app) as base:
        assert requests.get(f"{base}/s/{slug}").status_code == 200
        answers = burst([lambda i=i: requests.post(
            f"{base}/s/{slug}", data={"token": f"resident-{i:02d}", field: f"besoin {i}"},
            allow_redirects=False, timeout=60) for i in range(residents)])
    assert [r.status_code for r in answers] == [302] * residents
    assert {r.headers["Location"] for r in answers} == {f"/s/{slug}/merci"}
    db.session.expire_all()
    tokens = db.session.scalars(select(Response.token)).all()
    assert sorted(tokens) == [f"resident-{i:02d}" for i in range(residents)]
    texts = sorted(db.session.scalars(select(Answer.text)))
    assert texts == sorted(f"besoin {i}" for i in range(residents))
    assert sorted(db.session.scalars(select(Contribution.text).where(
        Contribution.source_type == "survey_answer"))) == texts
    assert db.session.scalar(select(func.count()).select_from(PendingSuggestion)) == residents
    assert data_version.current(db.session, territory.id) != before
