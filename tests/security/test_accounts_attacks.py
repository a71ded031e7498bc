"""Security findings 7, 8 and 17, replayed the way they were found.

7. A session cookie copied before logout, deactivation or a password change was replayed by a
   second browser and still opened /staff.
8. Logging in with an unknown address answered faster (no scrypt) than with a known one.
17. ``password12``, ``azerty1234`` and the territory's own name were accepted as passwords.
"""
from __future__ import annotations

import pytest
import webtest
from flask import g
from sqlalchemy import select

from participation.accounts import services
from participation.accounts.models import User
from participation.core.audit import AuditEvent
from participation.extensions import db
from tests import factories
from tests.conftest import _login_form

WEAK = "Ce mot de passe est trop courant ou trop facile à deviner"


# --- finding 7: sessions end on logout, deactivation, password change -------------------

def _forget_current_user() -> None:
    """Requests of the tests share one app context, hence ``g``: empty it (Flask-Login's
    cached user, Flask-WTF's CSRF token) before another browser's request, so that request
    loads everything from its own cookie, as a separate server process would."""
    for name in list(g):
        g.pop(name)


def _replay(app, cookie: str):
    """A second browser carrying only the copied session cookie."""
    _forget_current_user()
    thief = webtest.TestApp(app, extra_environ={"REMOTE_ADDR": "127.0.0.2"})
    thief.set_cookie("session", cookie)
    return thief.get("/staff", expect_errors=True)


def _logout(webapp):
    page = webapp.get("/staff")
    form = next(f for f in page.forms.values() if f.action.endswith("/accounts/logout"))
    return form.submit()


def test_a_cookie_copied_before_logout_no_longer_opens_staff(app, webapp, web_login):
    web_login("coordinator")
    cookie = webapp.cookies["session"]
    assert _replay(app, cookie).status_int == 200  # the copy works while logged in
    _logout(webapp)
    replay = _replay(app, cookie)
    assert replay.status_int == 302 and "/accounts/login" in replay.headers["Location"]


def test_logout_ends_the_sessions_of_every_device(app, webapp, web_login, territory):
    user = web_login("coordinator")
    _forget_current_user()
    other = webtest.TestApp(app, extra_environ={"REMOTE_ADDR": "127.0.0.3"})
    form = _login_form(other.get("/accounts/login"))
    form["email"], form["password"] = user.email, factories.PASSWORD
    form.submit()
    _forget_current_user()
    assert other.get("/staff").status_int == 200
    _forget_current_user()
    _logout(webapp)
    _forget_current_user()
    assert other.get("/staff", expect_errors=True).status_int == 302


@pytest.mark.forms("accounts/users.html#1")
def test_deactivation_ends_the_open_sessions_of_the_account(app, webapp, web_login, territory):
    victim = factories.user(territory, role="facilitator")
    _forget_current_user()
    browser = webtest.TestApp(app, extra_environ={"REMOTE_ADDR": "127.0.0.4"})
    form = _login_form(browser.get("/accounts/login"))
    form["email"], form["password"] = victim.email, factories.PASSWORD
    form.submit()
    cookie = browser.cookies["session"]
    _forget_current_user()
    web_login("coordinator")
    page = webapp.get("/accounts/users")
    toggle = next(f for f in page.forms.values()
                  if f.action.endswith(f"/accounts/users/{victim.id}/active"))
    toggle.submit()
    assert db.session.get(User, victim.id).active is False
    assert _replay(app, cookie).status_int == 302
    _forget_current_user()
    assert browser.get("/staff", expect_errors=True).status_int == 302


@pytest.mark.forms("accounts/password.html")
def test_password_change_keeps_this_session_and_ends_the_others(app, webapp, web_login):
    user = web_login("coordinator")
    stolen = webapp.cookies["session"]
    page = webapp.get("/accounts/password")
    form = page.forms[0] if "current" in page.forms[0].fields else page.forms[1]
    form["current"], form["password"] = factories.PASSWORD, "Lune-verte-rame-83"
    form["confirm"] = "Lune-verte-rame-83"
    assert form.submit().status_int == 302
    assert webapp.get("/staff").status_int == 200  # the person who changed it goes on
    assert _replay(app, stolen).status_int == 302  # the copied cookie does not
    assert db.session.get(User, user.id).check_password("Lune-verte-rame-83")
    assert "password_changed" in db.session.scalars(select(AuditEvent.action)).all()


def _password_form(webapp):
    page = webapp.get("/accounts/password")
    return next(f for f in page.forms.values() if "current" in f.fields)


@pytest.mark.forms("accounts/password.html")
def test_password_change_asks_the_current_one_and_refuses_a_weak_one(webapp, web_login):
    web_login("coordinator")
    form = _password_form(webapp)
    form["current"], form["password"], form["confirm"] = "pas-le-bon-9", "Lune-verte-rame-83", \
        "Lune-verte-rame-83"
    response = form.submit(status=422)
    assert "Le mot de passe actuel est incorrect." in response.text
    form = _password_form(webapp)
    form["current"], form["password"], form["confirm"] = factories.PASSWORD, "azerty1234", \
        "azerty1234"
    assert WEAK in form.submit(status=422).text
    assert webapp.get("/staff").status_int == 200  # a refused change ends nothing


def test_a_forged_session_id_without_version_is_anonymous(app, territory):
    from participation.accounts.views import load_user

    user = factories.user(territory)
    assert load_user(str(user.id)) is None  # the old "<id>" cookies of before the fix
    assert load_user(f"{user.id}:{user.session_version}") == user
    assert load_user(f"{user.id}:{user.session_version + 1}") is None


# --- finding 8: the same scrypt check for known and unknown addresses --------------------

def test_unknown_and_known_addresses_both_run_the_scrypt_check(webapp, territory,
                                                               monkeypatch):
    user = factories.user(territory)
    checked: list[str] = []
    real = services.check_password_hash

    def spy(stored: str, password: str) -> bool:
        checked.append(stored.rsplit("$", 2)[0])  # method and parameters, not the hash
        return real(stored, password)

    monkeypatch.setattr(services, "check_password_hash", spy)
    for email in (user.email, "personne-inconnue@example.org"):
        form = _login_form(webapp.get("/accounts/login"))
        form["email"], form["password"] = email, "mauvais-mot-2024"
        assert "Adresse ou mot de passe incorrect." in form.submit(status=422).text
    known_method = user.password_hash.rsplit("$", 2)[0]
    assert checked == [known_method, known_method]  # same method, same cost parameters


def test_a_deactivated_account_also_runs_the_scrypt_check(territory, monkeypatch):
    user = factories.user(territory)
    user.active = False
    db.session.commit()
    calls = []
    monkeypatch.setattr(services, "check_password_hash",
                        lambda stored, password: calls.append(stored) or True)
    assert services.authenticate(user.email, factories.PASSWORD) is None
    assert calls == [user.password_hash]


# --- finding 17: a real common-password list plus the context's words -----------------

def _create_account(webapp, password: str, name: str = "Nouvelle Recrue",
                    email: str = "recrue@centre-social.fr"):
    page = webapp.get("/accounts/users")
    form = next(f for f in page.forms.values() if "role" in f.fields)
    form["name"], form["email"], form["role"], form["password"] = name, email, "partner", \
        password
    return form.submit(expect_errors=True)


@pytest.mark.forms("accounts/users.html#2")
@pytest.mark.parametrize("password", [
    "password12", "azerty1234",            # the finding
    "Cœur de Flandre agglo",               # the territory's own name (factories.territory)
    "Coeurdeflandre2024", "CoeurDeFlandre59", "coeur-de-flandre-1",  # ... dressed up
    "Paroledequartier1", "participation2030",  # the product
    "Recrue2024", "centresocial1",         # the person's name and e-mail
    "motdepasse12", "soleil12345", "1234567890a", "qwertyuiop1",  # from the packaged list
])
def test_guessable_passwords_are_refused_in_french(webapp, web_login, password):
    web_login("coordinator")
    response = _create_account(webapp, password)
    assert response.status_int == 422
    assert WEAK in response.text
    assert db.session.scalar(select(User).where(User.email == "recrue@centre-social.fr")) \
        is None


@pytest.mark.forms("accounts/users.html#2")
@pytest.mark.parametrize("password", ["Lune-verte-rame-83", "tram 7 vélo brioche",
                                      "animation-2024"])
def test_unrelated_words_with_digits_are_accepted(webapp, web_login, password):
    web_login("coordinator")
    assert _create_account(webapp, password).status_int == 302


def test_the_policy_also_guards_the_command_line(runner, territory):
    result = runner.invoke(args=["users", "create", "--email", "c@agglo.fr", "--name", "C",
                                 "--role", "coordinator", "--territory", territory.slug,
                                 "--password", "azerty1234"])
    assert result.exit_code != 0 and WEAK in result.output


@pytest.mark.forms("accounts/password.html")
def test_the_territorys_commune_and_quartier_names_are_refused(webapp, web_login, territory):
    # Found by a fresh attack replay: "pasteurfoch2024" and "<commune>2024" were accepted.
    factories.quartier(territory, name="Pasteur-Foch")
    web_login("coordinator")
    commune = territory.communes[0].name
    for weak in ("pasteurfoch2024", "Pasteur-Foch 2024",
                 f"{commune.lower().replace(' ', '').replace('-', '')}2024"):
        form = _password_form(webapp)
        form["current"], form["password"], form["confirm"] = factories.PASSWORD, weak, weak
        assert WEAK in form.submit(status=422).text, weak
