"""The privacy pages' forms filled as rendered (WebTest, CSRF on): find a person, read what
is held in words (no table names, ids or codes), export it, withdraw a consent, erase; the
retention periods; the public withdrawal page reached from a message's link."""
from __future__ import annotations

import json

import pytest
from babel.dates import format_date
from sqlalchemy import select

from participation.contributions.models import Contribution
from participation.core.audit import AuditEvent
from participation.core.personal_data import PERSONAL_TABLES
from participation.extensions import db
from participation.privacy.consent import withdrawal_url
from participation.privacy.models import ConsentRecord
from participation.privacy.person import FIELD_LABELS
from participation.privacy.retention import retention_months
from tests.conftest import pinned_instant
from tests.formfill import form_to, text_of
from tests.privacy.erasing import confirm
from tests.privacy.test_consent import TEXT, _quoted

PHONE = "06 12 34 56 78"
PERSON = "/privacy/personne"


def _found(webapp, phone: str = PHONE):
    form = form_to(webapp.get(PERSON), PERSON)
    form["phone"] = phone
    return form.submit()


@pytest.mark.forms("privacy/person.html#1")
def test_person_found_by_phone_reads_in_words(webapp, web_login, territory):
    _quoted(territory)
    web_login("coordinator")
    page = _found(webapp)
    held = {" ".join(section.h4.get_text().split()): {
        " ".join(dt.get_text().split()): dt.find_next_sibling("dd").get_text()
        for dt in section("dt")} for section in page.html.select("section.held")}
    assert held == {
        "Attribution des citations (contributions)": {
            "Tranche d'âge": "15-24 ans", "Lieu de vie": "Cité Pasteur", "Sexe": "Homme"},
        "Preuves de consentement": {
            "Téléphone (empreinte chiffrée)": "enregistré sous forme chiffrée",
            "Adresse e-mail (empreinte chiffrée)": "—",
            # the proof itself, as the person is given it (RGPD art. 15: tester t28coord)
            "Consentement : texte": TEXT, "Consentement : finalité": "Citation attribuée",
            "Consentement : version": "2024-06", "Consentement : langue": "fr",
            "Consentement : donné le": format_date(pinned_instant().date(), "medium",
                                                   locale="fr")}}
    assert "n°" not in text_of(page) and "age_band" not in page.text
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "person_access"))
    assert event.count == 2  # two records: the quote and its consent


def test_every_registered_personal_field_has_a_label():
    missing = [f"{table}.{name}" for table, entry in PERSONAL_TABLES.items()
               for name in entry.fields if name not in FIELD_LABELS]
    assert missing == []


@pytest.mark.forms("privacy/person.html#3")
def test_export_buttons_return_the_persons_data(webapp, web_login, territory):
    contribution, _consent = _quoted(territory)
    web_login("coordinator")
    page = _found(webapp)
    exported = form_to(page, "/privacy/personne/export.json").submit()
    records = {r["table"]: r for r in json.loads(exported.body)["records"]}
    assert set(records) == {"contribution", "consent_record"}
    assert (records["contribution"]["id"], records["contribution"]["data"]["place_name"]) == \
        (contribution.id, "Cité Pasteur")
    assert "no-store" in exported.headers["Cache-Control"]
    csv = form_to(page, "/privacy/personne/export.csv").submit()
    assert csv.content_type == "text/csv" and "Cité Pasteur" in csv.body.decode("utf-8-sig")


@pytest.mark.forms("privacy/person.html#2")
def test_coordinator_withdraws_a_consent_from_the_page(webapp, web_login, territory):
    contribution, consent = _quoted(territory)
    web_login("coordinator")
    page = form_to(_found(webapp), f"/privacy/consentements/{consent.id}/retirer").submit()
    assert "Consentement retiré" in text_of(page.follow())
    db.session.expire_all()
    assert db.session.get(ConsentRecord, consent.id).withdrawn_by == "coordinator"
    assert db.session.get(Contribution, contribution.id).age_band is None


@pytest.mark.forms("privacy/person.html#4")
def test_erase_needs_the_box_and_keeps_the_person_on_screen(webapp, web_login, territory):
    contribution, _consent = _quoted(territory)
    web_login("coordinator")
    page = form_to(_found(webapp), "/privacy/personne/effacer").submit(status=422)
    assert "Cochez la case pour confirmer." in text_of(page)
    assert "Cité Pasteur" in text_of(page)  # the same person, nothing to type again
    assert db.session.get(Contribution, contribution.id).place_name == "Cité Pasteur"
    form = form_to(page, "/privacy/personne/effacer")
    confirm(form)
    page = form.submit().follow()
    assert "Données effacées : 2 enregistrements." in text_of(page)
    db.session.expire_all()
    erased = db.session.get(Contribution, contribution.id)
    assert (erased.text, erased.place_name, erased.attribution) == \
        ("Rien pour les jeunes.", None, "")


@pytest.mark.forms("privacy/retention.html")
def test_retention_form_changes_a_period(webapp, web_login, territory):
    web_login("admin")
    url = "/privacy/conservation"
    form = form_to(webapp.get(url), url)
    assert form["attribution"].value == "36"
    form["attribution"] = "0"
    page = form.submit(status=422)
    assert "Entre 1 et 120 mois." in text_of(page)
    assert "attribution :" not in text_of(page)  # the summary names the label, not the key
    form = form_to(page, url)
    form["attribution"] = "24"
    assert "Durées de conservation enregistrées." in text_of(form.submit().follow())
    assert retention_months(territory.id)["attribution"] == 24


@pytest.mark.forms("privacy/withdraw.html")
def test_public_withdrawal_page_from_the_link(app, webapp, territory):
    contribution, consent = _quoted(territory)
    with app.test_request_context():
        path = withdrawal_url(consent).split("localhost", 1)[-1]
    page = webapp.get(path)
    assert "Citation attribuée" in text_of(page)
    page = form_to(page, path).submit()
    assert "votre accord est retiré" in text_of(page)
    db.session.expire_all()
    assert db.session.get(ConsentRecord, consent.id).withdrawn_by == "link"
    assert db.session.get(Contribution, contribution.id).attribution == ""


def test_every_audit_action_is_shown_in_words():
    from participation.core.audit import ACTIONS
    from participation.privacy.views_admin import ACTION_LABELS

    assert [a for a in ACTIONS if a not in ACTION_LABELS] == []


def test_audit_filter_chosen_by_its_words(webapp, web_login, territory):
    web_login("admin")
    page = webapp.get("/privacy/journal")
    form = next(f for f in page.forms.values() if f.method.lower() == "get")  # no CSRF
    form.select("action", text="Connexion")
    page = form.submit()
    cells = {td.get_text() for td in page.html.select("table.audit tbody td:nth-of-type(2)")}
    assert cells == {"Connexion"}
    assert "login" not in [o.get_text() for o in page.html.select("#action option")]
