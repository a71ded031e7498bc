"""The survey form's language switch in Chromium with JavaScript off: what was typed stays,
nothing is stored until « Envoyer »; Enter in a field sends the answers (not a language
button); the switched page has no axe violation."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from participation.extensions import db
from participation.surveys.models import Response
from tests.e2e.helpers import assert_no_axe_violations

pytestmark = pytest.mark.e2e


def _fill_and_switch(page, slug: str) -> None:
    page.goto(f"/s/{slug}")
    page.get_by_label(re.compile("^Que vous manque-t-il")).fill("un médecin")
    page.get_by_role("group", name=re.compile("^Connaissez-vous le conseil citoyen")) \
        .get_by_text("Oui", exact=True).click()
    page.locator("nav.lang").get_by_role("button", name="العربية").click()
    page.wait_for_load_state()


def test_switch_keeps_typed_answers_without_javascript(make_page, survey):
    page = make_page(java_script_enabled=False)
    _fill_and_switch(page, survey.slug)
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator(".survey-content").get_attribute("lang") == "ar"
    assert page.get_by_label(re.compile("^ما الذي ينقصكم في الحي")).input_value() == "un médecin"
    expect(page.get_by_role("group", name=re.compile("^هل تعرفون المجلس المواطني"))
           .get_by_label("نعم", exact=True)).to_be_checked()
    assert db.session.scalar(select(func.count(Response.id))) == 0
    # Enter in a text field (the contact field) submits with the form's default button: the
    # answers are sent, not a language switch (the page comes back listing the required
    # answers still missing, in Arabic), and nothing is stored
    page.locator("form[data-survey] input[type=text]").first.press("Enter")
    page.wait_for_load_state()
    expect(page.locator(".error-summary")).to_be_visible()
    assert page.locator(".survey-content").get_attribute("lang") == "ar"
    assert db.session.scalar(select(func.count(Response.id))) == 0
    checked = make_page()
    checked.route("**/*.js", lambda route: route.abort())  # axe is injected, not fetched
    _fill_and_switch(checked, survey.slug)
    assert checked.locator(".survey-content").get_attribute("lang") == "ar"
    assert_no_axe_violations(checked)


def test_header_language_switch_keeps_typed_answers_too(make_page, survey):
    """The interface languages of the header are submits of the survey form on that page."""
    page = make_page(java_script_enabled=False)
    page.goto(f"/s/{survey.slug}")
    page.get_by_label(re.compile("^Que vous manque-t-il")).fill("une pharmacie")
    page.locator("nav.lang").get_by_role("button", name="Türkçe").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "tr"
    assert page.locator(".survey-content").get_attribute("lang") == "tr"
    assert page.locator(f"textarea[name=q{_manques(survey)}]").input_value() == "une pharmacie"
    assert page.locator(".error-summary").count() == 0
    assert db.session.scalar(select(func.count(Response.id))) == 0
    # remembered like ?lang= on a public page: the next page is in Turkish
    page.goto(f"/s/{survey.slug}/merci")
    assert page.locator("html").get_attribute("lang") == "tr"
    checked = make_page()
    checked.route("**/*.js", lambda route: route.abort())
    checked.goto(f"/s/{survey.slug}")
    checked.locator("nav.lang").get_by_role("button", name="English").click()
    checked.wait_for_load_state()
    assert checked.locator("html").get_attribute("lang") == "en"
    assert_no_axe_violations(checked)


def _manques(survey) -> int:
    return next(q.id for q in survey.questions if q.name == "manques")


def test_back_after_a_language_switch_shows_the_form_not_resubmit(make_page, survey):
    """Fault 5 (testers): after switching language on the form (twice, or once then another
    page), the browser's Back landed on the switch's POST and showed Chromium's "Confirm form
    resubmission" error. The switch now redirects (Post/Redirect/Get): Back shows the
    previous page of the form, with what was typed; nothing is stored on the way."""
    page = make_page()
    # an unload listener keeps pages out of the back/forward cache, as on many phones
    # (memory): Back then reloads the entry from the history, as the resident's did
    page.add_init_script("window.addEventListener('unload', () => {})")
    page.goto(f"/s/{survey.slug}")
    page.get_by_label(re.compile("^Que vous manque-t-il")).fill("un médecin")
    page.locator("nav.lang").get_by_role("button", name="العربية").click()
    page.wait_for_load_state()
    assert "brouillon=" in page.url and "m%C3%A9decin" not in page.url
    assert page.locator(".survey-content").get_attribute("lang") == "ar"
    page.locator("nav.lang").get_by_role("button", name="Türkçe").click()
    page.wait_for_load_state()
    assert page.locator(".survey-content").get_attribute("lang") == "tr"
    response = page.go_back()
    assert not page.url.startswith("chrome-error:")  # "Confirm form resubmission"
    assert response is not None and response.ok
    expect(page.locator("form[data-survey]")).to_be_visible()
    assert "brouillon=" in page.url
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.locator(".survey-content").get_attribute("lang") == "ar"
    assert page.locator(f"textarea[name=q{_manques(survey)}]").input_value() == "un médecin"
    assert page.locator(".error-summary").count() == 0
    page.go_back()
    expect(page.locator("form[data-survey]")).to_be_visible()
    assert "brouillon=" not in page.url
    assert db.session.scalar(select(func.count(Response.id))) == 0
