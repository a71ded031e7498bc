"""Privacy pages in a real Chromium: the CSP blocks nothing the pages need (no console
violation, the stylesheet applies), the withdrawal page is accessible and works without JS,
and the coordinator's access page is accessible."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from participation.extensions import db
from participation.privacy.consent import withdrawal_token
from participation.privacy.models import ConsentRecord
from participation.territory.models import Territory
from tests import factories
from tests.e2e.helpers import assert_no_axe_violations, log_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def demo(demo_db):
    return db.session.scalar(select(Territory).where(Territory.slug == "coeur-de-flandre"))


def _csp_watch(page) -> list[str]:
    messages: list[str] = []
    page.on("console", lambda m: messages.append(m.text)
            if "Content Security Policy" in m.text else None)
    return messages


def _login(page, territory, role="coordinator"):
    log_in(page, factories.user(territory, role=role).email)


def test_withdrawal_page_is_accessible_and_works_without_javascript(make_page, app, demo):
    consent = db.session.scalar(select(ConsentRecord).where(
        ConsentRecord.territory_id == demo.id, ConsentRecord.purpose == "quote"))
    with app.test_request_context():
        token = withdrawal_token(consent)
    page = make_page(java_script_enabled=False)
    violations = _csp_watch(page)
    page.goto(f"/privacy/retrait/{token}")
    button = page.get_by_role("button", name="Retirer mon accord")
    assert "Citation attribuée" in page.content()
    button.click()
    expect(page.locator("main")).to_contain_text("votre accord est retiré")
    assert violations == []


def test_withdrawal_page_has_no_axe_violation(page, app, demo):
    consent = db.session.scalar(select(ConsentRecord).where(
        ConsentRecord.territory_id == demo.id, ConsentRecord.purpose == "quote"))
    with app.test_request_context():
        token = withdrawal_token(consent)
    page.goto(f"/privacy/retrait/{token}")
    assert_no_axe_violations(page)


def test_staff_privacy_pages_render_under_the_csp(page, demo):
    violations = _csp_watch(page)
    _login(page, demo, role="admin")
    for path in ("/privacy/personne", "/privacy/registre", "/privacy/journal",
                 "/privacy/conservation", "/staff"):
        response = page.goto(path)
        assert response.status == 200, path
        assert_no_axe_violations(page)
    page.goto("/privacy/personne")
    page.get_by_label("Numéro de téléphone").fill("06 00 00 00 99")
    page.get_by_role("button", name="Rechercher", exact=True).click()
    # content() read while the answer is still loading is empty: wait for the text
    expect(page.locator("main")).to_contain_text("Cité Pasteur")
    assert_no_axe_violations(page)  # the person sets, their exports, the erase choices
    background = page.locator(".site-header").evaluate(
        "e => getComputedStyle(e).backgroundColor")
    assert background != "rgba(0, 0, 0, 0)"  # the stylesheet applied under the CSP
    assert violations == []


def test_the_public_notice_works_at_360_px_without_javascript(make_page, demo):
    """The footer leads to « Vos données personnelles »; its withdrawal form is sent
    without JavaScript and answers; both pages pass axe and fit 360 px."""
    page = make_page(java_script_enabled=False)
    violations = _csp_watch(page)
    page.goto("/")
    page.get_by_role("contentinfo").get_by_role("link", name="Vos données personnelles").click()
    expect(page).to_have_url(re.compile(rf"/donnees-personnelles/{demo.slug}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Vos données personnelles")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_label("Votre numéro de téléphone").fill("06 00 00 00 99")
    page.get_by_role("button", name="Recevoir le lien pour retirer mon accord").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Demande reçue")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert violations == []


def test_the_public_notice_and_its_answer_have_no_axe_violation(page, demo):
    page.goto(f"/donnees-personnelles/{demo.slug}")
    page.locator("details").first.locator("summary").click()  # an opened entry too
    assert_no_axe_violations(page)
    page.get_by_label("Votre numéro de téléphone").fill("0612")
    page.get_by_role("button", name="Recevoir le lien pour retirer mon accord").click()
    expect(page.get_by_role("alert")).to_contain_text("Ce numéro de téléphone n'est pas valide.")
    assert_no_axe_violations(page)  # the error summary and the field's error
    page.get_by_label("Votre numéro de téléphone").fill("06 00 00 00 99")
    page.get_by_role("button", name="Recevoir le lien pour retirer mon accord").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Demande reçue")
    assert_no_axe_violations(page)
