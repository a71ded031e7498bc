"""The public « Vos données personnelles » pages (tester s27privpage): linked from every
page's footer, reading what is kept from the registry and the territory's periods, and the
form by which a resident withdraws without the original message — sent the links when the
channel works, recorded as a task for the coordinator when it does not, the same answer for
a known and an unknown contact. Forms are submitted as rendered (WebTest, CSRF on)."""
from __future__ import annotations

import re
from datetime import datetime

import pytest
from sqlalchemy import select

from participation.core.audit import AuditEvent
from participation.core.clock import PARIS
from participation.core.personal_data import PERSONAL_TABLES
from participation.events import notify
from participation.extensions import db
from participation.privacy.models import ConsentRecord, WithdrawalRequest
from participation.privacy.retention import set_retention
from tests import factories
from tests.formfill import form_to, text_of
from tests.privacy.erasing import confirm
from tests.privacy.test_consent import _quoted

PHONE = "06 12 34 56 78"  # the phone of ``_quoted``'s consent
UNKNOWN = "06 98 76 54 32"
ASKED = ("Si ce numéro ou cette adresse est lié à un accord que vous avez donné, vous allez "
         "recevoir un message avec le lien pour le retirer, ou l’équipe vous contactera dans "
         "un délai d’un mois.")


@pytest.fixture
def channels(app):
    """The message backends: both kept in memory (``notify.OUTBOX``), as a deployment with
    SMS and e-mail configured; a test may switch one to "disabled"."""
    app.config.update(SMS_BACKEND="memory", EMAIL_BACKEND="memory")
    notify.OUTBOX.clear()
    yield app.config
    app.config.pop("SMS_BACKEND")
    app.config.pop("EMAIL_BACKEND")
    notify.OUTBOX.clear()


def _notice(territory) -> str:
    return f"/donnees-personnelles/{territory.slug}"


def _ask(webapp, territory, phone: str = "", email: str = "", status=None):
    form = form_to(webapp.get(_notice(territory)), _notice(territory))
    form["phone"], form["email"] = phone, email
    return form.submit(status=status)


def test_every_public_page_links_to_its_territory_notice_in_the_footer(client, territory,
                                                                        quartier):
    other = factories.territory(name="Autre territoire")  # two: a general page too
    for path, target in ((f"/quartiers/{quartier.id}", _notice(territory)),
                         ("/", "/donnees-personnelles"),
                         ("/accessibilite", "/donnees-personnelles")):
        html = client.get(path).get_data(as_text=True)
        footer = html[html.index('<footer'):]
        assert f'<a href="{target}">Vos données personnelles</a>' in footer, path
        assert f'<a href="{target}#retirer">Retirer mon accord</a>' in footer, path
    general = client.get("/donnees-personnelles").get_data(as_text=True)
    assert f'href="{_notice(territory)}"' in general and f'href="{_notice(other)}"' in general


def test_a_single_territory_deployment_leads_to_its_page(client, territory):
    response = client.get("/donnees-personnelles")
    assert response.status_code == 307 and response.headers["Location"] == _notice(territory)


def test_the_notice_reads_every_registered_table_and_the_territory_periods(webapp,
                                                                           territory):
    set_retention(territory.id, {"contacts": 4})  # the territory's own period, 6 by default
    page = webapp.get(_notice(territory))
    summaries = [" ".join(s.get_text().split()) for s in page.html.select("details summary")]
    assert summaries == [str(entry.label) for entry in PERSONAL_TABLES.values()]
    contacts = next(d for d in page.html.select("details")
                    if d.summary.get_text() == "Contacts laissés dans les questionnaires")
    retention = contacts.find("dt", string="Combien de temps").find_next_sibling("dd")
    assert retention.get_text().startswith("4 mois.")
    consent = next(d for d in page.html.select("details")
                   if d.summary.get_text() == "Preuves de consentement")
    assert consent.find("dt", string="Combien de temps").find_next_sibling(
        "dd").get_text() == "72 mois."  # the registry's default, not changed here
    text = text_of(page)
    assert f"Responsable du traitement : {territory.name}" in text
    for right in ("droit d’accès", "droit de rectification", "droit à l’effacement",
                  "Retirer votre accord à tout moment", "réclamation à la CNIL"):
        assert right in text
    assert page.html.find("a", href="https://www.cnil.fr/fr/adresser-une-plainte")


@pytest.mark.forms("privacy/_withdrawal_form.html")
def test_known_and_unknown_contacts_get_the_same_answer_and_only_the_owner_a_link(
        webapp, territory, channels):
    _contribution, consent = _quoted(territory)
    known = _ask(webapp, territory, phone=PHONE)
    unknown = _ask(webapp, territory, phone=UNKNOWN)
    assert known.status_int == unknown.status_int == 302
    assert known.headers["Location"] == unknown.headers["Location"]
    known_page, unknown_page = known.follow(), unknown.follow()
    assert ASKED in text_of(known_page)
    assert text_of(known_page) == text_of(unknown_page)
    assert [(channel, to) for channel, to, _text in notify.OUTBOX] == [("sms", "+33612345678")]
    link = re.search(r"https?://\S+", notify.OUTBOX[0][2]).group()
    assert "Citation attribuée" in notify.OUTBOX[0][2]
    assert link.endswith("?lang=fr")  # the withdrawal page opens in the request's language
    withdraw = webapp.get(link.split("localhost", 1)[1])
    form = form_to(withdraw, withdraw.request.path)
    assert "votre accord est retiré" in text_of(form.submit())
    db.session.expire_all()
    assert db.session.get(ConsentRecord, consent.id).withdrawn_by == "link"
    sent = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "withdrawal_link_sent").order_by(AuditEvent.id)).all()
    assert [(e.territory_id, e.count) for e in sent] == [(territory.id, 1)]
    assert "612345678" not in sent[0].details + sent[0].target
    assert db.session.scalar(select(WithdrawalRequest.id)) is None  # sent: nothing kept


@pytest.mark.forms("privacy/_withdrawal_form.html")
def test_an_email_typed_beside_a_phone_gets_only_the_links_it_matches(webapp, territory,
                                                                      channels):
    _quoted(territory)  # the consent holds the phone only
    _ask(webapp, territory, phone=UNKNOWN, email="quelquun@example.org")
    _ask(webapp, territory, email="quelquun@example.org")
    assert notify.OUTBOX == []


@pytest.mark.forms("privacy/_withdrawal_form.html")
def test_a_wrong_or_missing_contact_is_said_in_french_and_kept(webapp, territory):
    page = _ask(webapp, territory, phone="0612", status=422)
    assert page.status_int == 422
    assert "Ce numéro de téléphone n'est pas valide." in text_of(page)
    assert form_to(page, _notice(territory))["phone"].value == "0612"
    page = _ask(webapp, territory, status=422)
    assert page.status_int == 422
    assert ("Donnez le numéro de téléphone ou l’adresse e-mail que vous aviez laissé."
            in text_of(page))


def _requested(webapp, territory, channels) -> WithdrawalRequest:
    channels["SMS_BACKEND"] = "disabled"  # this deployment sends no SMS
    _quoted(territory)
    assert ASKED in text_of(_ask(webapp, territory, phone=PHONE).follow())
    assert notify.OUTBOX == []
    return db.session.scalar(select(WithdrawalRequest).order_by(WithdrawalRequest.id))


@pytest.mark.forms("privacy/_withdrawal_form.html", "privacy/_withdrawal_requests.html#1",
                   "privacy/_withdrawal_requests.html#2")
def test_a_request_that_could_not_be_sent_is_a_task_on_the_person_page(
        webapp, web_login, territory, channels, pinned_clock):
    pinned_clock.move_to(datetime(2027, 1, 31, 10, 0, tzinfo=PARIS))
    request = _requested(webapp, territory, channels)
    assert (request.territory_id, request.phone, request.consents) == (
        territory.id, "+33612345678", 1)
    event = db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "withdrawal_requested").order_by(AuditEvent.id))
    assert event.target == f"withdrawal_request:{request.id}" and "612" not in event.details
    web_login("coordinator")
    page = webapp.get("/privacy/personne")
    assert "1 demande de retrait à traiter" in text_of(page)
    assert "+33612345678" in text_of(page)
    # asked on 31 January 2027: the month after has no 31st, the answer is due on its last day
    assert "Demande du 31 janv. 2027, réponse due le 28 févr. 2027" in text_of(page)
    found = form_to(page, "/privacy/personne", contains="Rechercher cette personne").submit()
    assert "Citation attribuée" in text_of(found)  # the consent to withdraw
    assert "Demandes de retrait du consentement" in text_of(found)  # the request itself
    done = form_to(found, f"/privacy/demandes-de-retrait/{request.id}/traitee").submit()
    assert "Demande de retrait marquée comme traitée." in text_of(done.follow())
    db.session.expire_all()
    assert db.session.get(WithdrawalRequest, request.id).handled_at is not None
    assert "demande de retrait à traiter" not in text_of(webapp.get("/privacy/personne"))
    assert db.session.scalar(select(AuditEvent.target).where(
        AuditEvent.action == "withdrawal_request_handled").order_by(AuditEvent.id)) == \
        f"withdrawal_request:{request.id}"


def test_another_territory_neither_sees_nor_handles_the_request(webapp, web_login, territory,
                                                                channels):
    request = _requested(webapp, territory, channels)
    other = factories.territory(name="Autre territoire")
    web_login("coordinator", other)
    assert "demande de retrait" not in text_of(webapp.get("/privacy/personne"))
    assert webapp.post(f"/privacy/demandes-de-retrait/{request.id}/traitee",
                       expect_errors=True).status_int in (400, 404)


@pytest.mark.forms("privacy/_withdrawal_form.html", "privacy/person.html#1",
                   "privacy/person.html#4")
def test_erasing_the_person_erases_the_request(webapp, web_login, territory, channels):
    request = _requested(webapp, territory, channels)
    web_login("coordinator")
    search = form_to(webapp.get("/privacy/personne"), "/privacy/personne",
                     contains="Numéro de téléphone")
    search["phone"] = PHONE
    found = search.submit()
    erase = form_to(found, "/privacy/personne/effacer")
    confirm(erase)
    erase.submit().follow()
    db.session.expire_all()
    assert db.session.get(WithdrawalRequest, request.id) is None


def test_the_request_is_purged_after_its_period(territory, channels, app):
    from participation.core import clock
    from participation.privacy.retention import purge

    with app.test_request_context():
        channels["SMS_BACKEND"] = "disabled"
        _quoted(territory)
        from participation.privacy.withdrawal_requests import request_withdrawal

        request_withdrawal(PHONE, None)
    assert db.session.scalar(select(WithdrawalRequest.id)) is not None
    asked_on = clock.today()
    purge(today=asked_on.replace(year=asked_on.year + 1))  # 6 months by default: past
    assert db.session.scalar(select(WithdrawalRequest.id)) is None


def test_an_unknown_territory_has_no_notice(client, territory):
    assert client.get("/donnees-personnelles/inconnu").status_code == 404


def test_a_contact_gets_at_most_the_limit_of_messages_whatever_the_address(app, territory):
    """``WITHDRAWAL_CONTACT_LIMIT`` counted per contact: the third ask (limit 2 a day, from
    two addresses) sends nothing and answers the same."""
    import webtest

    from tests.limits import limited_app

    _quoted(territory)
    notify.OUTBOX.clear()
    with limited_app(app, PUBLIC_SUBMIT_LIMIT="50/minute", WITHDRAWAL_CONTACT_LIMIT="2/day",
                     SMS_BACKEND="memory") as limited:
        answers = []
        for address in ("10.0.0.1", "10.0.0.2", "10.0.0.2"):
            browser = webtest.TestApp(limited, extra_environ={"REMOTE_ADDR": address})
            form = form_to(browser.get(_notice(territory)), _notice(territory))
            form["phone"] = PHONE
            answers.append(text_of(form.submit().follow()))
    assert len(notify.OUTBOX) == 2
    assert answers[0] == answers[1] == answers[2] and ASKED in answers[2]
    notify.OUTBOX.clear()


def test_the_notice_reads_in_easy_read_french_arabic_and_turkish(client, territory):
    """The page's own texts and the registry's, in each resident language (the catalogues
    are checked whole by tests/core/test_resident_catalogues.py)."""
    expected = {"fr-x-falc": ("Vos réponses ne donnent pas votre nom.", "Recevoir le lien"),
                "ar": ("بياناتكم الشخصية", "بيانات الاتصال المتروكة في الاستبيانات"),
                "tr": ("Kişisel verileriniz", "Anketlerde bırakılan iletişim bilgileri")}
    for lang, texts in expected.items():
        html = client.get(f"{_notice(territory)}?lang={lang}").get_data(as_text=True)
        assert f'<html lang="{lang}"' in html
        assert all(text in html for text in texts), lang


def test_the_answer_page_does_not_open_on_an_error_anchor(webapp, territory, channels):
    """Tester s28: the form posts to its error summary ("…#erreurs"); a redirect without a
    fragment keeps the request's (RFC 7231, 7.1.2), so the answer page, which has no
    errors, opened at "demande-recue?slug=…#erreurs". It names its own: its content."""
    form = form_to(webapp.get(_notice(territory)), _notice(territory))
    assert form.action.endswith("#erreurs")
    form["phone"] = UNKNOWN
    sent = form.submit(status=302)
    assert sent.headers["Location"].endswith(f"/demande-recue?slug={territory.slug}#contenu")
    page = sent.follow()
    assert page.html.find(id="contenu") is not None and page.html.find(id="erreurs") is None


@pytest.mark.parametrize("lang", ["ar", "tr"])
def test_the_arabic_staff_screen_writes_the_request_in_french_order(
        webapp, web_login, territory, channels, pinned_clock, lang):
    """Tester s28: on /privacy/personne in Arabic the line read « Demande du 302026/11/,
    réponse due le 301 — 33600000099+ — 2026/12/ »: the dates took the Arabic CLDR pattern
    (with right-to-left marks) inside French content. The content stays French: French
    dates, no bidi mark, the contact isolated left to right."""
    pinned_clock.move_to(datetime(2027, 1, 31, 10, 0, tzinfo=PARIS))
    _requested(webapp, territory, channels)
    web_login("coordinator")
    page = webapp.get("/privacy/personne", headers={"Accept-Language": lang})
    assert f'<html lang="{lang}"' in page.text
    assert page.html.find("main")["lang"] == "fr" and page.html.find("main")["dir"] == "ltr"
    line = page.html.select_one(".requests li")
    said = " ".join(line.get_text(" ").split())
    assert "Demande du 31 janv. 2027, réponse due le 28 févr. 2027" in said
    assert "\u200f" not in line.get_text() and "\u061c" not in line.get_text()
    contact = line.find("bdi")
    assert (contact["dir"], contact.get_text()) == ("ltr", "+33612345678")
