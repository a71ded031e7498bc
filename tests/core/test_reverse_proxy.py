"""Behind nginx every request comes from 127.0.0.1: with ``TRUSTED_PROXIES=1`` the client
address is the one nginx puts in X-Forwarded-For, so each resident has their own rate-limit
count; without it the header is ignored (a client could forge it)."""
from __future__ import annotations

from contextlib import ExitStack

import pytest

from tests.limits import limited_app

NGINX = {"REMOTE_ADDR": "127.0.0.1"}


@pytest.fixture
def proxied_client(app):
    """A client of a second app on the same database, limits on, ``TRUSTED_PROXIES`` as
    asked (10 login attempts a minute per client address: accounts/views.py), each app
    closed at the end (``limits.limited_app``)."""
    with ExitStack() as apps:
        yield lambda trusted: apps.enter_context(
            limited_app(app, TRUSTED_PROXIES=trusted)).test_client()


def _attempt(client, resident: str):
    """A failed login (an unknown address each time, so no account lockout plays)."""
    _attempt.n = getattr(_attempt, "n", 0) + 1
    return client.post("/accounts/login", data={"email": f"x{_attempt.n}@example.org",
                                                "password": "x"},
                       headers={"X-Forwarded-For": resident}, environ_base=NGINX)


def test_behind_nginx_each_resident_has_their_own_count(proxied_client):
    client = proxied_client(1)
    assert [_attempt(client, "203.0.113.5").status_code for _ in range(10)] == [422] * 10
    assert _attempt(client, "203.0.113.5").status_code == 429
    assert _attempt(client, "198.51.100.7").status_code == 422


def test_without_trusted_proxies_a_forged_header_changes_nothing(proxied_client):
    client = proxied_client(0)
    codes = [_attempt(client, f"203.0.113.{i}").status_code for i in range(11)]
    assert codes == [422] * 10 + [429]


def test_the_login_page_says_too_many_sign_in_attempts(proxied_client):
    """The 429 of the login form speaks of sign-in attempts, not of a resident's answers to
    send again (found by a tester, 2026-11-30)."""
    client = proxied_client(1)
    for _ in range(10):
        _attempt(client, "203.0.113.9")
    page = _attempt(client, "203.0.113.9").get_data(as_text=True)
    assert "Trop de tentatives de connexion" in page
    assert "Beaucoup de réponses partent" not in page
