"""An unhandled error answers the site's French 500 page, in development (``make run``: ``flask
run`` without ``--debug``) as in production, never Werkzeug's English "Internal Server
Error"."""
from __future__ import annotations

import pytest

from participation import create_app
from participation.config import TestConfig
from participation.extensions import db


def _failing_app(app, env: str):
    failing = create_app(TestConfig.as_dict() | {
        "TESTING": False, "APP_ENV": env, "PROPAGATE_EXCEPTIONS": False,
        "SMTP_HOST": "smtp.example.org", "SMS_BACKEND": "disabled",
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]})

    @failing.get("/_boom")
    def boom():
        raise ValueError("Wrong input value: empty string")

    return failing


@pytest.mark.parametrize("env", ["development", "production"])
def test_an_unhandled_error_shows_the_french_page(app, env):
    failing = _failing_app(app, env)
    try:
        response = failing.test_client().get("/_boom")
    finally:
        with failing.app_context():
            db.engine.dispose()
    page = response.get_data(as_text=True)
    assert response.status_code == 500 and '<html lang="fr"' in page
    assert "Erreur du serveur" in page and "Réessayez dans un instant" in page
    assert "Internal Server Error" not in page and "Wrong input value" not in page
