"""`flask events remind`: once per registration, only to consented contacts."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from participation.events import notify
from participation.events.models import Registration
from participation.events.signup import sign_up
from participation.extensions import db
from tests.events.conftest import answers, make_event


@pytest.fixture(autouse=True)
def public_base_url(app):
    """``flask events remind`` runs from cron, outside a request: the links that end each
    message (``privacy.messages``) are written on ``PUBLIC_BASE_URL``."""
    app.config["PUBLIC_BASE_URL"] = "https://parole.example.fr"
    yield
    app.config["PUBLIC_BASE_URL"] = ""


@pytest.fixture
def outbox(app):
    app.config.update(SMS_BACKEND="memory", EMAIL_BACKEND="memory")
    notify.OUTBOX.clear()
    yield notify.OUTBOX
    app.config.pop("SMS_BACKEND")
    app.config.pop("EMAIL_BACKEND")


def test_remind_sends_once_to_consented_contacts_only(runner, territory, outbox):
    soon = make_event(territory, hours=20)
    later = make_event(territory, days=9)
    sign_up(soon.id, "a", answers("Nadia", phone="0612345678", consent=True))
    sign_up(soon.id, "b", answers("Paul", email="paul@example.org", consent=True))
    sign_up(soon.id, "c", answers("Sans contact"))
    sign_up(later.id, "d", answers("Plus tard", phone="0699999999", consent=True))
    result = runner.invoke(args=["events", "remind", "--hours", "48"])
    assert result.exit_code == 0, result.output
    assert "2 reminder(s) sent" in result.output
    assert sorted((c, to) for c, to, _t in outbox) == [("email", "paul@example.org"),
                                                       ("sms", "+33612345678")]
    assert "Bonjour Nadia" in next(t for c, _to, t in outbox if c == "sms")
    assert "devant les containers Pastoch'" in outbox[0][2]
    again = runner.invoke(args=["events", "remind", "--hours", "48"])
    assert "0 reminder(s) sent" in again.output
    assert len(outbox) == 2
    reminded = db.session.scalars(select(Registration).where(
        Registration.reminder_sent_at.is_not(None))).all()
    assert {r.name for r in reminded} == {"Nadia", "Paul", "Sans contact"}


def test_console_backend_prints_neither_recipient_nor_text(runner, territory, capsys):
    """Security finding 6: the development console backend says a message would go out,
    never to whom nor what it says."""
    event = make_event(territory, hours=20)
    sign_up(event.id, "a", answers("Nadia", phone="0612345678", consent=True))
    result = runner.invoke(args=["events", "remind"])
    printed = result.output + capsys.readouterr().out
    assert "[sms] message not sent" in printed
    assert "12345678" not in printed and "Nadia" not in printed


def test_custom_sms_backend_by_dotted_path(app, territory, outbox):
    app.config["SMS_BACKEND"] = "tests.events.test_reminders:fake_sms"
    SENT.clear()
    event = make_event(territory, hours=20)
    sign_up(event.id, "a", answers("Nadia", phone="0612345678", consent=True))
    assert notify.send_reminders(24) == 1
    assert SENT == [("+33612345678", SENT[0][1])]


SENT: list = []


def fake_sms(to: str, text: str) -> None:
    SENT.append((to, text))


def test_a_failing_backend_is_retried_next_run(app, territory, outbox):
    app.config["SMS_BACKEND"] = "tests.events.test_reminders:broken_sms"
    event = make_event(territory, hours=20)
    sign_up(event.id, "a", answers("Nadia", phone="0612345678", consent=True))
    sign_up(event.id, "b", answers("Paul", email="paul@example.org", consent=True))
    assert notify.send_reminders(24) == 1  # Paul's e-mail went, Nadia's SMS failed
    app.config["SMS_BACKEND"] = "memory"
    assert notify.send_reminders(24) == 1
    assert [to for c, to, _t in outbox] == ["paul@example.org", "+33612345678"]


def broken_sms(to: str, text: str) -> None:
    raise OSError("SMS gateway unreachable")


def test_without_a_public_address_the_cron_reminder_waits(app, territory, outbox):
    """Outside a request no link can be written without ``PUBLIC_BASE_URL``: nothing is sent
    (a message without its withdrawal link would be), the failure is logged by type, and the
    next run sends it once the address is set."""
    app.config["PUBLIC_BASE_URL"] = ""
    event = make_event(territory, hours=20)
    sign_up(event.id, "a", answers("Nadia", phone="0612345678", consent=True))
    assert notify.send_reminders(24) == 0 and outbox == []
    app.config["PUBLIC_BASE_URL"] = "https://parole.example.fr"
    assert notify.send_reminders(24) == 1
    assert "https://parole.example.fr/privacy/retrait/" in outbox[0][2]
