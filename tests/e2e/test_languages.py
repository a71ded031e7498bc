"""Each resident page of the demo in Arabic, Turkish and easy-read French, in Chromium at
360 px with JavaScript disabled: right language and direction, no axe-core violation, no horizontal
overflow (issue 15, items 2 and 3). Screenshots go to $LOCALE_SHOTS (default
/tmp/locale-shots/) for a person to look at."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from participation.council.models import Council, Draw, Meeting
from participation.events.signup import registration_token, sign_up
from participation.extensions import db
from participation.johari.models import JohariExercise
from participation.privacy.consent import withdrawal_token
from participation.privacy.models import ConsentRecord
from participation.surveys import services as survey_services
from participation.surveys.models import Survey
from participation.surveys.profiles import PROFILES, add_profile_question
from participation.territory.models import Quartier
from tests.e2e.helpers import assert_no_axe_violations
from tests.events.conftest import answers, make_event

pytestmark = pytest.mark.e2e
SHOTS = Path(os.environ.get("LOCALE_SHOTS", "/tmp/locale-shots"))


@pytest.fixture
def resident_pages(app, demo_db) -> list[tuple[str, str]]:
    """(name, path) of every resident page of the demo, plus a future event to sign up to."""
    quartier = db.session.scalar(select(Quartier).where(Quartier.code == "QN05938M"))
    survey = db.session.scalar(select(Survey))
    exercise = db.session.scalar(select(JohariExercise))
    council = db.session.scalar(select(Council))
    draw = db.session.scalar(select(Draw).order_by(Draw.id))
    meeting = db.session.scalar(select(Meeting))
    survey_services.set_status(survey, "open")  # the demo's survey is closed: answer it
    for key in PROFILES:  # and with every profile question a coordinator can add
        add_profile_question(survey, key)
    event = make_event(demo_db, days=12, capacity=30, quartier_ids=[quartier.id])
    with app.test_request_context():
        registration = sign_up(event.id, "lang-e2e", answers("Nadia", adults=2, children=1))
        token = registration_token(registration)
        consent = db.session.scalar(select(ConsentRecord).where(
            ConsentRecord.territory_id == demo_db.id, ConsentRecord.purpose == "quote"))
        withdraw = withdrawal_token(consent)
    group = exercise.groups[0].slug
    return [
        ("home", "/"), ("quartier", f"/quartiers/{quartier.id}"),
        ("replies", f"/contributions/quartier/{quartier.id}/vous-avez-dit"),
        ("survey", f"/s/{survey.slug}"), ("survey-thanks", f"/s/{survey.slug}/merci"),
        ("event", f"/events/{event.id}"), ("event-confirmation", f"/events/inscription/{token}"),
        ("event-cancel", f"/events/annuler/{token}"),
        ("johari", f"/johari/{exercise.id}/{group}"),
        ("johari-thanks", f"/johari/{exercise.id}/{group}/merci"),
        ("council", f"/conseil/{council.id}"),
        ("candidacy", f"/conseil/{council.id}/candidater"),
        ("candidacy-thanks", f"/conseil/{council.id}/merci?numero=13"),
        ("draw", f"/tirage/{draw.id}"), ("minutes", f"/conseil/seance/{meeting.id}"),
        ("consent-withdrawal", f"/privacy/retrait/{withdraw}"),
        ("accessibility", "/accessibilite"),
        ("privacy-notice", f"/donnees-personnelles/{demo_db.slug}"),
        ("withdrawal-asked", f"/donnees-personnelles/demande-recue?slug={demo_db.slug}"),
    ]


def _no_app_script(page):
    """A page whose own scripts are blocked: what a phone without JavaScript gets. axe-core
    needs JavaScript to run (it is injected, not fetched), so it checks this page, while the
    layout is measured with JavaScript disabled outright."""
    page.route("**/*.js", lambda route: route.abort())
    return page


@pytest.mark.parametrize(("lang", "direction"),
                         [("ar", "rtl"), ("tr", "ltr"), ("fr-x-falc", "ltr")])
def test_resident_pages_in_the_language_at_360_px_without_javascript(
        make_page, resident_pages, lang, direction):
    page = make_page(java_script_enabled=False)
    checked = _no_app_script(make_page())
    for browser_page in (page, checked):
        browser_page.goto(f"/?lang={lang}")  # a QR code's link: the language is remembered
    SHOTS.mkdir(parents=True, exist_ok=True)
    for name, path in resident_pages:
        response = page.goto(path)
        assert response.status == 200, path
        html = page.locator("html")
        assert (html.get_attribute("lang"), html.get_attribute("dir")) == (lang, direction), path
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{path}: {width} px wide in {lang}"
        page.screenshot(path=str(SHOTS / f"{lang}-{name}.png"), full_page=True)
        assert checked.goto(path).status == 200, path
        assert checked.locator("html").get_attribute("lang") == lang
        assert_no_axe_violations(checked)


@pytest.mark.parametrize(("lang", "prompt", "profile"), [
    ("ar", "ما الذي نعرفه جميعًا عن حيّنا؟", "ما هي فئتكم العمرية؟"),
    ("tr", "Mahallemiz hakkında hepimizin bildiği ne?", "Yaş aralığınız nedir?"),
])
def test_johari_prompt_and_profile_question_in_the_language(make_page, resident_pages, lang,
                                                            prompt, profile):
    """A resident who chose the language on the home page reads the Johari window's first
    prompt and the survey's age question in it, and the box is labelled with that prompt."""
    page = make_page()
    paths = dict(resident_pages)
    page.goto("/")
    page.locator(f'nav.lang a[hreflang="{lang}"]').click()
    expect(page.locator("html")).to_have_attribute("lang", lang)
    page.goto(paths["johari"])
    expect(page.get_by_label(prompt)).to_be_visible()
    expect(page.get_by_text("Qu'est ce que nous connaissons de notre quartier ?")).to_have_count(0)
    page.goto(paths["survey"])
    expect(page.get_by_text(profile)).to_be_visible()
    expect(page.get_by_text("Quelle est votre tranche d'âge ?")).to_have_count(0)


def test_arabic_switch_link_is_in_arabic_and_right_to_left(make_page, demo_db):
    page = make_page(java_script_enabled=False)
    page.goto("/")
    link = page.locator('nav.lang a[hreflang="ar"]')
    assert (link.inner_text(), link.get_attribute("lang")) == ("العربية", "ar")
    link.click()
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator('nav.lang [aria-current="true"]').inner_text() == "العربية"
