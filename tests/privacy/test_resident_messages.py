"""Every message sent to a resident ends with « Vos données personnelles » and the link that
withdraws the consent it is sent under (task s28privacy, gap 1): the list of messages is read
from the code (every call of ``send_email``/``send_sms``), then each one is walked the way a
resident meets it — signed up through the rendered form, reminded, promoted from the waiting
list when someone cancels through the rendered form, convened to the council, sent the
withdrawal links — and its link opened and used."""
from __future__ import annotations

import ast
import re
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from participation.council import meetings as meeting_service
from participation.council import services as council_services
from participation.events import notify
from participation.events.models import Registration, RegistrationContact
from participation.events.signup import registration_token, sign_up
from participation.extensions import db
from participation.privacy.consent import withdrawal_token
from participation.privacy.models import ConsentRecord
from tests.council.test_rendered_forms import _seated
from tests.events.conftest import answers, make_event
from tests.formcheck import pick_form
from tests.formfill import form_to, text_of
from tests.privacy.test_consent import _quoted

ROOT = Path(__file__).resolve().parents[2] / "participation"
SENDERS = {"send_email", "send_sms"}
# Every function that sends a message to a resident, and the test below that walks it.
MESSAGES = {
    ("events/notify.py", "_deliver"): "reminder and waitlist notice",
    ("council/meetings.py", "send_convocation"): "council convocation",
    ("privacy/withdrawal_requests.py", "_send"): "withdrawal links",
}
BASE = "https://parole.example.fr"  # PUBLIC_BASE_URL: ``flask events remind`` runs from cron
LINK = re.compile(re.escape(BASE) + r"/privacy/retrait/[\w.-]+")


def _calls():
    """(module, enclosing function, call node) of every send_email/send_sms call."""
    for path in sorted(ROOT.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(function):
                name = getattr(getattr(node, "func", None), "id", None) or getattr(
                    getattr(node, "func", None), "attr", None)
                if isinstance(node, ast.Call) and name in SENDERS:
                    yield str(path.relative_to(ROOT)), function.name, node


def test_every_message_to_a_resident_is_listed_and_names_its_consents():
    found = {(module, function) for module, function, _node in _calls()
             if function not in SENDERS}  # the senders' own bodies call the backends
    assert found == set(MESSAGES)
    for module, function, node in _calls():
        keywords = {k.arg for k in node.keywords}
        assert "consents" in keywords, f"{module}:{function} sends without its consents"


@pytest.fixture
def outbox(app):
    app.config.update(SMS_BACKEND="memory", EMAIL_BACKEND="memory", PUBLIC_BASE_URL=BASE)
    notify.OUTBOX.clear()
    yield notify.OUTBOX
    app.config.update(SMS_BACKEND="", EMAIL_BACKEND="", PUBLIC_BASE_URL="")
    notify.OUTBOX.clear()


def _ends_with_the_links(text: str, territory) -> str:
    """The message's withdrawal link (its path), after checking both closing lines."""
    assert f"Vos données personnelles : {BASE}/donnees-personnelles/{territory.slug}" in text
    links = LINK.findall(text)
    assert len(links) == 1 and f"Retirer votre accord : {links[0]}" in text
    return links[0].removeprefix(BASE)


def _sign_up_as_rendered(webapp, event, name: str, adults: str, **contact):
    form = pick_form(webapp.get(f"/events/{event.id}"), field="adults")
    form["name"], form["adults"] = name, adults
    for field, value in contact.items():
        form[field] = value
    form["consent"] = True
    form["accept_waitlist"] = True
    return form.submit().follow()


@pytest.mark.forms("events/public.html", "privacy/withdraw.html")
def test_the_reminder_carries_the_links_and_its_link_erases_the_contact(webapp, territory,
                                                                        outbox):
    event = make_event(territory, hours=20)
    confirmation = _sign_up_as_rendered(webapp, event, "Nadia", "1", phone="06 12 34 56 78",
                                        email="nadia@example.org")
    assert notify.send_reminders() == 1
    assert sorted(channel for channel, _to, _text in outbox) == ["email", "sms"]
    paths = {_ends_with_the_links(text, territory) for _c, _to, text in outbox}
    assert len(paths) == 1  # the one consent of the sign-up, by e-mail and SMS
    path = paths.pop()
    assert "Chaque message se termine par le lien pour retirer votre accord." in \
        text_of(confirmation)
    link = confirmation.html.find("a", string="Retirer mon accord et effacer ce contact")
    assert link["href"] == path  # the confirmation page gives the same link
    page = webapp.get(path)
    assert "Recevoir des rappels" in text_of(page)
    assert "J'accepte d'être contacté(e) pour un rappel de l'événement." in text_of(page)
    done = form_to(page, page.request.path).submit()
    assert "votre accord est retiré" in text_of(done)
    db.session.expire_all()
    assert db.session.scalar(select(RegistrationContact).order_by(RegistrationContact.id)) \
        is None
    assert db.session.scalar(select(Registration.name).order_by(Registration.id)) == "Nadia"


@pytest.mark.forms("events/public.html", "events/cancel.html")
def test_the_waitlist_notice_carries_the_links(webapp, territory, outbox):
    event = make_event(territory, capacity=2)
    first = sign_up(event.id, "first", answers("Karim", adults=2))
    _sign_up_as_rendered(webapp, event, "Léa", "2", email="lea@example.org")
    page = webapp.get(f"/events/annuler/{registration_token(first)}")
    pick_form(page, button="Oui, annuler").submit()
    [(channel, to, text)] = outbox
    assert (channel, to) == ("email", "lea@example.org")
    assert "une place s'est libérée" in text
    consent = db.session.scalar(select(ConsentRecord).order_by(ConsentRecord.id))
    assert consent.purpose == "reminders" and consent.source_table == \
        "event_registration_contact"
    assert _ends_with_the_links(text, territory) == \
        f"/privacy/retrait/{withdrawal_token(consent)}"


def test_a_sign_up_stored_before_its_consent_record_gets_one_from_its_own_proof(
        app, territory, outbox):
    """Sign-ups stored before this change kept the consent in their contact row only: the
    reminder records it from that row (text, language, date) before sending."""
    event = make_event(territory, hours=20)
    registration = sign_up(event.id, "old", answers("Sami", phone="0612345678", consent=True))
    db.session.execute(ConsentRecord.__table__.delete())
    contact = registration.contact
    contact.consent_text, contact.consent_language = "Texte vu en 2025.", "tr"
    contact.consented_at = datetime(2025, 5, 4, 9, 30)
    db.session.commit()
    assert notify.send_reminders() == 1
    consent = db.session.scalar(select(ConsentRecord).order_by(ConsentRecord.id))
    assert (consent.purpose, consent.text, consent.language, consent.given_at) == (
        "reminders", "Texte vu en 2025.", "tr", datetime(2025, 5, 4, 9, 30))
    _ends_with_the_links(outbox[0][2], territory)


@pytest.mark.forms("council/convocation.html")
def test_the_council_convocation_carries_the_links(app, webapp, web_login, territory,
                                                   quartier, outbox):
    with app.test_request_context():
        council = council_services.create_council(territory.id, council_services.CouncilSpec(
            name="Conseil citoyen Pasteur-Foch", quartier_ids=[quartier.id], habitants_seats=8,
            acteurs_seats=4, charter_title="Charte", charter_text="Discrétion."))
        council_services.set_candidacies_open(council, True)
        _seated(council)
        meeting = meeting_service.create_meeting(council, datetime(2024, 3, 5, 18, 0),
                                                 "Mairie", ["Budget participatif"])
    web_login("coordinator")
    page = webapp.get(f"/council/meetings/{meeting.id}/convocation")
    pick_form(page, button="Envoyer").submit().follow()
    assert len(outbox) == 4
    paths = {_ends_with_the_links(text, territory) for _c, _to, text in outbox}
    assert len(paths) == 4  # each member's own consent
    assert "Candidature au conseil citoyen" in text_of(webapp.get(sorted(paths)[0]))


def test_the_withdrawal_links_message_adds_the_notice_without_repeating_a_link(
        webapp, territory, outbox):
    _contribution, consent = _quoted(territory)
    notice = f"/donnees-personnelles/{territory.slug}"
    form = form_to(webapp.get(notice), notice)
    form["phone"] = "06 12 34 56 78"
    form.submit().follow()
    [(_channel, _to, text)] = outbox
    assert f"Vos données personnelles : {BASE}{notice}" in text
    assert len(LINK.findall(text)) == 1 and "Retirer votre accord :" not in text
