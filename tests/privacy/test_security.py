"""Security headers, cookies, login lockout, password policy, honeypot."""
import importlib
import re
from datetime import timedelta

import pytest
from flask_wtf import FlaskForm
from sqlalchemy import select

import participation.config as config_module
from participation.config import ROOT
from participation.core import clock
from participation.core.audit import AuditEvent
from participation.core.errors import DomainError
from participation.core.security import HoneypotMixin, check_password_policy, honeypot_tripped
from participation.extensions import db
from tests import factories


def test_every_response_carries_a_strict_csp_and_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    for part in ("default-src 'self'", "script-src 'self'", "style-src 'self'",
                 "img-src 'self' data:", "frame-ancestors 'none'", "form-action 'self'"):
        assert part in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert client.get("/page-qui-n-existe-pas").headers["X-Frame-Options"] == "DENY"


INLINE = re.compile(r"<script(?![^>]*\bsrc=)|<style|\sstyle=|\son[a-z]+=|javascript:", re.I)


# Standalone documents written to a file (never served as a page, so no CSP applies there)
STANDALONE = {"templates/exports/section_print.html"}


def test_no_template_uses_inline_script_or_style():
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "templates").rglob("*.html")
                 if INLINE.search(p.read_text())]
    assert sorted(set(offenders) - STANDALONE) == []


def test_session_cookie_is_httponly_and_samesite(client, territory):
    user = factories.user(territory)
    response = client.post("/accounts/login", data={"email": user.email,
                                                    "password": factories.PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_cookies_are_secure_behind_https(monkeypatch):
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://participation.example")
    reloaded = importlib.reload(config_module)
    try:
        assert reloaded.Config.SESSION_COOKIE_SECURE is True
        assert reloaded.Config.REMEMBER_COOKIE_SECURE is True
    finally:
        monkeypatch.delenv("PUBLIC_BASE_URL")
        importlib.reload(config_module)
    assert config_module.Config.SESSION_COOKIE_SECURE is False


def _try(client, email, password):
    return client.post("/accounts/login", data={"email": email, "password": password})


def test_account_is_locked_after_five_failures_then_freed(client, territory):
    user = factories.user(territory)
    for _ in range(5):
        assert _try(client, user.email, "mauvais-mot-2024").status_code == 422
    locked = _try(client, user.email, factories.PASSWORD)
    assert locked.status_code == 429
    assert "réessayez dans 15 minutes" in locked.get_data(as_text=True)
    actions = db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.target == user.email)).all()
    assert actions.count("login_failed") == 5 and "login_locked" in actions
    with clock.frozen(clock.now() + timedelta(minutes=16)):
        assert _try(client, user.email, factories.PASSWORD).status_code == 302


def test_lockout_also_applies_to_unknown_addresses(client):
    for _ in range(5):
        _try(client, "personne@example.org", "mauvais-mot-2024")
    assert _try(client, "personne@example.org", "x").status_code == 429


def test_a_successful_login_resets_the_count(client, territory):
    user = factories.user(territory)
    for _ in range(4):
        _try(client, user.email, "mauvais-mot-2024")
    with clock.frozen(clock.now() + timedelta(seconds=1)):
        assert _try(client, user.email, factories.PASSWORD).status_code == 302
        client.post("/accounts/logout")
    with clock.frozen(clock.now() + timedelta(seconds=2)):
        for _ in range(4):
            _try(client, user.email, "mauvais-mot-2024")
        assert _try(client, user.email, factories.PASSWORD).status_code == 302


def test_login_rate_limit_answers_429_in_french(limited_client):
    responses = [_try(limited_client, f"x{i}@example.org", "x") for i in range(11)]
    assert [r.status_code for r in responses[:10]] == [422] * 10
    assert responses[10].status_code == 429
    assert "Trop de demandes" in responses[10].get_data(as_text=True)


@pytest.mark.parametrize("password, message", [
    ("court1", "au moins 10 caractères"),
    ("seulementdeslettres", "mêler lettres et chiffres"),
    ("azerty12345", "trop courant"),
])
def test_password_policy_applies_to_every_password_set(territory, password, message):
    with pytest.raises(DomainError, match=message):
        check_password_policy(password)
    user = factories.user(territory)
    with pytest.raises(DomainError, match=message):
        user.set_password(password)


def test_weak_password_refused_on_account_creation_page(client, auth):
    auth.login("coordinator")
    response = client.post("/accounts/users", data={
        "name": "Nouvelle", "email": "n@example.org", "role": "partner",
        "password": "azerty12345"})
    assert response.status_code == 422
    assert "Ce mot de passe est trop courant ou trop facile à deviner" in response.get_data(True)


class _PublicForm(HoneypotMixin, FlaskForm):
    pass


@pytest.mark.parametrize("value, is_bot", [("", False), ("http://spam.example", True)])
def test_honeypot_flags_bots_only(app, value, is_bot):
    with app.test_request_context(method="POST", data={"site_web": value}):
        assert honeypot_tripped(_PublicForm()) is is_bot


def test_honeypot_macro_hides_the_field_without_inline_style(app):
    with app.test_request_context():
        html = app.jinja_env.from_string(
            '{% from "_macros/security.html" import honeypot %}{{ honeypot(form) }}'
        ).render(form=_PublicForm())
    assert 'class="hp"' in html and 'aria-hidden="true"' in html and 'tabindex="-1"' in html


def test_a_post_without_csrf_token_is_refused(app):
    from participation import create_app
    from participation.config import TestConfig

    strict = create_app(TestConfig.as_dict() | {
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "WTF_CSRF_ENABLED": True})
    try:
        response = strict.test_client().post("/accounts/login", data={
            "email": "a@example.org", "password": "x"})
        assert response.status_code == 400
        assert "Le formulaire a expiré" in response.get_data(as_text=True)
    finally:
        with strict.app_context():
            db.engine.dispose()


def test_staff_pages_are_not_cached_but_the_stylesheet_is(client, auth):
    assert "no-store" not in client.get("/").headers.get("Cache-Control", "")
    auth.login("coordinator")
    assert client.get("/staff").headers["Cache-Control"] == "no-store"
    css = client.get("/static/style.css")
    css.close()
    assert "no-store" not in css.headers.get("Cache-Control", "")
