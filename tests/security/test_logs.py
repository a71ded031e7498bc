"""Security finding 6: no personal data in the server's output.

Found as: the default console message backends printed residents' phones, e-mails and names
(waitlist promotions, convocations) into the server log, and unhandled errors logged SQL
parameters holding candidacy fields. Replayed here: a resident on the waiting list is
promoted through the real pages, an unhandled SQL error is raised with a resident's words as
parameters, and both the captured output and logs are scanned.
"""
from __future__ import annotations

import logging

import pytest
from sqlalchemy import text

from participation import create_app
from participation.config import TestConfig
from participation.extensions import db
from tests.events.conftest import make_event

CANARY_NAME, CANARY_PHONE, CANARY_EMAIL = "Cnrylog", "06 47 24 61 67", "cnrylog@example.org"
NEEDLES = ("Cnrylog", "cnrylog", "47 24 61 67", "647246167")


def _leaks(*outputs: str) -> list[str]:
    return [n for n in NEEDLES for out in outputs if n in out]


def _sign_up(webapp, event, name: str, adults: str, **extra):
    page = webapp.get(f"/events/{event.id}")
    form = next(f for f in page.forms.values() if "adults" in f.fields)
    form["name"], form["adults"] = name, adults
    for key, value in extra.items():
        form[key] = value
    return form.submit()


@pytest.mark.forms("events/public.html#1", "events/cancel.html#1")
def test_waitlist_promotion_prints_no_recipient_nor_text(app, webapp, territory, capsys,
                                                         caplog):
    for name in ("SMS_BACKEND", "EMAIL_BACKEND", "SMTP_HOST"):
        app.config.pop(name, None)
    caplog.set_level(logging.DEBUG)
    event = make_event(territory, capacity=4)
    first = _sign_up(webapp, event, "Karim", "3")
    _sign_up(webapp, event, CANARY_NAME, "2", phone=CANARY_PHONE, email=CANARY_EMAIL,
             consent=True, accept_waitlist=True)
    token = first.headers["Location"].rstrip("/").rsplit("/", 1)[1]
    cancel = webapp.get(f"/events/annuler/{token}")
    next(f for f in cancel.forms.values() if f.method.lower() == "post").submit()
    out, err = capsys.readouterr()
    assert "[sms] message not sent" in out and "[e-mail] message not sent" in out
    assert _leaks(out, err, caplog.text) == []


def test_console_backend_refuses_to_print_outside_development(app):
    from participation.core.runtime import console_message

    app.config.update(TESTING=False)
    try:
        with pytest.raises(RuntimeError, match="no sms backend configured"):
            console_message("sms", "", f"Bonjour {CANARY_NAME}")
    finally:
        app.config.update(TESTING=True)


def _production(app, **settings):
    return create_app(TestConfig.as_dict() | {
        "TESTING": False, "APP_ENV": "production",
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]} | settings)


def test_production_refuses_to_start_without_real_message_backends(app, monkeypatch):
    for name in ("SMS_BACKEND", "EMAIL_BACKEND", "SMTP_HOST", "FLASK_RUN_FROM_CLI"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(RuntimeError) as refused:
        _production(app)
    message = str(refused.value)
    assert "Configuration de production incomplète" in message
    assert "SMTP_HOST" in message and "SMS_BACKEND" in message
    started = _production(app, SMTP_HOST="smtp.example.org", SMS_BACKEND="disabled")
    with started.app_context():
        db.engine.dispose()


def test_sql_parameters_hidden_outside_development(app):
    assert app.config["SQLALCHEMY_ENGINE_OPTIONS"]["hide_parameters"] is True
    dev = create_app(TestConfig.as_dict() | {
        "APP_ENV": "development", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert dev.config["SQLALCHEMY_ENGINE_OPTIONS"]["hide_parameters"] is False


def test_an_unhandled_error_logs_no_form_value_nor_sql_parameter(app, caplog):
    """A resident's candidacy words reach a failing SQL statement, as in the burst of
    simultaneous candidacies: the 500 is logged with the statement, not the values."""
    failing = _production(app, SMTP_HOST="smtp.example.org", SMS_BACKEND="disabled",
                          PROPAGATE_EXCEPTIONS=False)

    @failing.post("/_boom")
    def boom():
        from flask import request

        db.session.execute(text("INSERT INTO no_such_table (motivation, phone) "
                                "VALUES (:motivation, :phone)"), dict(request.form))
        return "unreachable"

    caplog.set_level(logging.DEBUG)
    try:
        response = failing.test_client().post("/_boom", data={
            "motivation": f"Je suis {CANARY_NAME}", "phone": CANARY_PHONE})
    finally:
        with failing.app_context():
            db.engine.dispose()
    assert response.status_code == 500
    assert "Exception on POST /_boom" in caplog.text
    assert "INSERT INTO no_such_table" in caplog.text  # the statement, for the developers
    assert _leaks(caplog.text) == []


def test_an_unhandled_error_does_not_log_the_exception_text(app, caplog):
    failing = _production(app, SMTP_HOST="smtp.example.org", SMS_BACKEND="disabled",
                          PROPAGATE_EXCEPTIONS=False)

    @failing.post("/_boom")
    def boom():
        from flask import request

        return str(int(request.form["age"]))  # ValueError naming the typed value

    caplog.set_level(logging.DEBUG)
    try:
        response = failing.test_client().post("/_boom", data={"age": CANARY_NAME})
    finally:
        with failing.app_context():
            db.engine.dispose()
    assert response.status_code == 500
    assert "ValueError" in caplog.text and _leaks(caplog.text) == []
