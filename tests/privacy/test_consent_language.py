"""A consent keeps the exact wording the resident saw and its language (issue 15, item 2).

Each form is loaded in Arabic (``?lang=ar``, as a QR code printed for Arabic leads to it),
filled and submitted as rendered; the stored text must be the one shown on the page, in
Arabic, with the tag "ar"."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from participation.council import services as council_services
from participation.council.models import Candidacy
from participation.council.services import CouncilSpec
from participation.events.models import RegistrationContact
from participation.extensions import db
from participation.privacy.models import ConsentRecord
from participation.surveys import services as survey_services
from participation.surveys.models import SurveyContact
from tests.events.conftest import make_event
from tests.formcheck import pick_form

ARABIC = re.compile(r"[\u0600-\u06FF]")


def _shown(page, selector: str) -> str:
    """The text of one element of the page, as a reader sees it."""
    (element,) = page.html.select(selector)
    return " ".join(element.get_text(" ").split())


@pytest.mark.forms("events/public.html")
def test_event_sign_up_in_arabic_stores_the_arabic_wording(webapp, territory, quartier):
    event = make_event(territory, quartier_ids=[quartier.id])
    page = webapp.get(f"/events/{event.id}?lang=ar")
    assert '<html lang="ar" dir="rtl">' in page.text
    shown = _shown(page, 'label[for="consent"]')
    form = pick_form(page, field="adults")
    form["name"], form["adults"] = "Nadia", "1"
    form["phone"], form["consent"] = "06 12 34 56 78", True
    form.submit().follow()
    contact = db.session.scalar(select(RegistrationContact))
    assert contact.consent_language == "ar"
    assert contact.consent_text == shown and ARABIC.search(shown)
    assert contact.consent_text.startswith("أوافق على أن يُتواصل معي")


@pytest.mark.forms("council/apply.html")
def test_candidacy_in_arabic_records_the_consent_in_arabic(webapp, territory, quartier):
    council = council_services.create_council(territory.id, CouncilSpec(
        name="Conseil citoyen Pasteur-Foch", quartier_ids=[quartier.id], habitants_seats=8,
        acteurs_seats=4, charter_title="Charte", charter_text="Bienveillance."))
    council_services.set_candidacies_open(council, True)
    page = webapp.get(f"/conseil/{council.id}/candidater?lang=ar")
    shown = _shown(page, 'label[for="consent"]')
    form = pick_form(page, field="name")
    form["college"], form["name"], form["phone"] = "habitants", "Awa Diallo", "06 12 34 56 78"
    form["sex"], form["age_band"], form["consent"] = "f", "25-39 ans", True
    form.submit().follow()
    assert db.session.scalar(select(Candidacy)) is not None
    record = db.session.scalar(select(ConsentRecord))
    assert (record.purpose, record.language) == ("council", "ar")
    assert record.text == shown and ARABIC.search(record.text)


@pytest.mark.forms("surveys/answer.html")
def test_survey_contact_in_arabic_keeps_the_arabic_wording(webapp, app, territory, quartier):
    with app.test_request_context():
        survey = survey_services.create_survey(territory.id, "Vivre à Pasteur",
                                               quartier_ids=[quartier.id])
        ideas = survey_services.add_question(survey, "long_text", "Vos idées", name="idees")
        contact = survey_services.add_question(survey, "short_text", "Téléphone",
                                               personal=True, name="contact")
        survey_services.set_status(survey, "open")
    webapp.get("/?lang=ar")  # the language chosen on the home page is remembered
    page = webapp.get(f"/s/{survey.slug}")
    assert '<html lang="ar" dir="rtl">' in page.text
    shown = _shown(page, "#consent-desc")
    form = pick_form(page, field=f"q{ideas.id}")
    form[f"q{ideas.id}"] = "Un banc"
    form[f"q{contact.id}"] = "06 12 34 56 78"
    form["consent"] = True
    assert form.submit().status_int in (302, 303)
    stored = db.session.scalar(select(SurveyContact))
    assert stored.consent_language == "ar"
    assert stored.consent_text == shown and ARABIC.search(shown)


@pytest.mark.forms("events/public.html")
def test_french_consent_is_stored_as_french(webapp, territory, quartier):
    event = make_event(territory, quartier_ids=[quartier.id])
    page = webapp.get(f"/events/{event.id}")
    form = pick_form(page, field="adults")
    form["name"], form["adults"] = "Léa", "1"
    form["email"], form["consent"] = "lea@example.org", True
    form.submit().follow()
    contact = db.session.scalar(select(RegistrationContact))
    assert contact.consent_language == "fr"
    assert contact.consent_text.startswith("J'accepte d'être contacté(e) pour un rappel")
