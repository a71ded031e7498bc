"""Staff login, account creation and the password policy."""
from sqlalchemy import select

from participation.accounts.models import User
from participation.extensions import db
from tests import factories


def test_wrong_password_gives_a_french_message(client, territory):
    user = factories.user(territory)
    response = client.post("/accounts/login", data={"email": user.email, "password": "nope"})
    assert response.status_code == 422
    assert "Adresse ou mot de passe incorrect." in response.get_data(as_text=True)


def test_login_is_case_insensitive_on_email_and_logout_works(client, territory):
    user = factories.user(territory)
    response = client.post("/accounts/login", data={"email": user.email.upper(),
                                                    "password": factories.PASSWORD})
    assert response.status_code == 302
    assert client.get("/staff").status_code == 200
    client.post("/accounts/logout")
    assert client.get("/staff").status_code == 302


def test_deactivated_account_cannot_log_in(client, territory):
    user = factories.user(territory)
    user.active = False
    db.session.commit()
    response = client.post("/accounts/login", data={"email": user.email,
                                                    "password": factories.PASSWORD})
    assert response.status_code == 422


def test_password_is_hashed_with_scrypt(territory):
    user = factories.user(territory)
    assert user.password_hash.startswith("scrypt:")
    assert factories.PASSWORD not in user.password_hash


def test_production_hashes_with_scrypt_at_full_strength(app, client, territory, monkeypatch):
    """The suite hashes at N=2**10 (TestConfig, issue #16); a deployment keeps werkzeug's
    scrypt defaults, N=2**15, r=8, p=1, and a login checks them."""
    from participation.config import Config

    monkeypatch.setitem(app.config, "PASSWORD_HASH_METHOD", Config.PASSWORD_HASH_METHOD)
    user = factories.user(territory)
    assert user.password_hash.startswith("scrypt:32768:8:1$")
    response = client.post("/accounts/login", data={"email": user.email,
                                                    "password": factories.PASSWORD})
    assert response.status_code == 302


def test_coordinator_creates_a_facilitator(client, auth):
    auth.login("coordinator")
    response = client.post("/accounts/users", data={
        "name": "Sami", "email": "sami@centre-social.fr", "role": "facilitator",
        "password": "animation-2024"})
    assert response.status_code == 302
    created = db.session.scalar(select(User).where(User.email == "sami@centre-social.fr"))
    assert created.role == "facilitator" and created.territory_id == auth.territory.id


def test_coordinator_cannot_create_an_admin_nor_a_weak_password(client, auth):
    auth.login("coordinator")
    response = client.post("/accounts/users", data={
        "name": "X", "email": "x@y.fr", "role": "admin", "password": "animation-2024"})
    assert response.status_code == 422
    response = client.post("/accounts/users", data={
        "name": "X", "email": "x@y.fr", "role": "partner", "password": "court"})
    assert response.status_code == 422
    assert "au moins 10 caractères" in response.get_data(as_text=True)
    assert 'value="x@y.fr"' in response.get_data(as_text=True)


def test_users_create_command(runner, territory):
    result = runner.invoke(args=[
        "users", "create", "--email", "coord@agglo.fr", "--name", "Coord",
        "--role", "coordinator", "--territory", territory.slug,
        "--password", "coordination-2024"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(User.role).where(User.email == "coord@agglo.fr")) \
        == "coordinator"
    bad = runner.invoke(args=["users", "create", "--email", "a@b.fr", "--name", "A",
                              "--role", "partner", "--territory", "nowhere",
                              "--password", "coordination-2024"])
    assert bad.exit_code != 0 and "No territory" in bad.output
