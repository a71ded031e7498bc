"""The demo survey answered in Arabic in Chromium at 360 px with JavaScript off: the page is
right to left, axe finds nothing, nothing overflows, the answers land on the options a French
answer would."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from participation.extensions import db
from participation.surveys.models import Response
from tests.e2e.helpers import assert_no_axe_violations

pytestmark = pytest.mark.e2e


def _pick(page, question: str, option: str) -> None:
    """Click the option's label inside the question's fieldset (as a thumb would)."""
    group = page.get_by_role("group", name=re.compile("^" + re.escape(question)))
    group.get_by_text(option, exact=True).click()


def _no_overflow(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{page.url}: {width} px wide at 360 px"


def _axe_page(make_page):
    """axe-core needs JavaScript (it is injected, not fetched): it checks the same pages in a
    browser whose own scripts are blocked, as ``core``'s language tests do."""
    checked = make_page()
    checked.route("**/*.js", lambda route: route.abort())
    return checked


def test_demo_survey_answered_in_arabic_without_javascript(make_page, survey, tmp_path):
    page, checked = make_page(java_script_enabled=False), _axe_page(make_page)
    page.goto(f"/s/{survey.slug}?lang=ar")
    assert page.locator("html").get_attribute("dir") == "rtl"
    content = page.locator(".survey-content")
    assert (content.get_attribute("lang"), content.get_attribute("dir")) == ("ar", "rtl")
    assert page.locator("h1").inner_text() == "استطلاع سريع – حي باستور-فوش (أزبروك)"
    _no_overflow(page)
    page.screenshot(path=str(tmp_path / "survey-ar-360.png"), full_page=True)
    checked.goto(f"/s/{survey.slug}?lang=ar")
    assert checked.locator(".survey-content").get_attribute("dir") == "rtl"
    assert_no_axe_violations(checked)

    _pick(page, "هل تعرفون المجلس المواطني؟", "نعم")
    _pick(page, "هل تودّون الانضمام إليه؟", "لا")
    page.get_by_label(re.compile("^ما الذي ينقصكم في الحي؟")).fill("طبيب")
    _pick(page, "ما الذي يُشعركم بعدم الأمان؟", "العنف")
    _pick(page, "هل تعرفون ما يجري في حيّكم؟", "نعم")
    _pick(page, "كيف تقيّمون", "7")
    page.locator("button[type=submit]").click()
    # without JavaScript the server adds the question "نعم" opened, answers kept
    expect(page.locator("#nouvelles")).to_be_visible()
    _no_overflow(page)
    _pick(page, "كيف وصلتكم المعلومة؟", "فيسبوك")
    page.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/merci"))
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert "شكرًا! ستساعد إجاباتكم" in page.locator("main").inner_text()
    _no_overflow(page)
    page.screenshot(path=str(tmp_path / "thanks-ar-360.png"), full_page=True)
    checked.goto(f"/s/{survey.slug}/merci")
    assert checked.locator("html").get_attribute("dir") == "rtl"
    assert_no_axe_violations(checked)

    response = db.session.scalar(select(Response).where(Response.survey_id == survey.id))
    assert response.language == "ar"
    names = {o.id: (q.name, o.name) for q in survey.questions for o in q.options}
    assert sorted(names[a.option_id] for a in response.answers if a.option_id) == [
        ("cc_connu", "oui"), ("cc_participer", "non"), ("info_canal", "facebook"),
        ("info_quartier", "oui"), ("insecurite", "violence")]
