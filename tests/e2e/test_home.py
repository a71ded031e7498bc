"""Residents' pages in a real Chromium at 360 px: French by default, the language switch,
accessibility (axe-core), page weight, no third-party request, no JavaScript needed."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from participation.extensions import db
from participation.territory.models import Quartier
from tests.e2e.helpers import assert_no_axe_violations, page_weight

pytestmark = pytest.mark.e2e
HOME_BUDGET = 40 * 1024


@pytest.fixture
def demo(demo_db):
    """The demo territory (Hazebrouck, QPV Pasteur-Foch, contributions with replies)."""
    return db.session.scalar(select(Quartier).where(Quartier.code == "QN05938M"))


def _public_paths(quartier: Quartier) -> list[str]:
    return ["/", f"/quartiers/{quartier.id}", "/accounts/login", "/accessibilite",
            f"/contributions/quartier/{quartier.id}/vous-avez-dit"]


def test_home_is_french_then_english_after_the_switch(page, demo):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Donnez votre avis sur votre quartier")
    page.locator("nav.lang").get_by_role("link", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Have your say about your neighbourhood")
    page.get_by_label("Where do you live?").select_option(label="Cité Pasteur (Pasteur-Foch)")
    page.get_by_role("button", name="See my neighbourhood").click()
    assert page.url.endswith(f"/quartiers/{demo.id}")
    assert page.locator("html").get_attribute("lang") == "en"  # remembered on the next page
    page.locator("nav.lang").get_by_role("link", name="Français", exact=True).click()
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.url.endswith(f"/quartiers/{demo.id}")  # back where the visitor was


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_public_pages_have_no_axe_violation(page, demo, lang):
    page.goto(f"/langue/{lang}?next=/")
    for path in _public_paths(demo):
        response = page.goto(path)
        assert response.status == 200, path
        assert page.locator("html").get_attribute("lang") == lang
        assert_no_axe_violations(page)


def test_vous_avez_dit_page_shows_the_public_replies(page, demo):
    page.goto(f"/quartiers/{demo.id}")
    page.get_by_role("link", name="Vous avez dit, nous avons fait").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Vous avez dit, nous avons fait"
    assert page.locator(".replies li").count() >= 1


def test_home_transfers_at_most_40_kb(page, demo, live_server):
    weight = page_weight(page, f"{live_server}/")
    assert 0 < weight <= HOME_BUDGET, f"home page transfers {weight} bytes"


def test_no_request_leaves_the_app_host(page, demo, request, live_server):
    for path in _public_paths(demo):
        page.goto(path)
        page.wait_for_load_state("networkidle")
    factory = request.node.page_factory
    assert any(url.endswith("/static/style.css") for url in factory.requested)
    assert factory.foreign() == []


def test_works_without_javascript(make_page, demo):
    page = make_page(java_script_enabled=False)
    page.goto("/")
    page.get_by_label("Où habitez-vous ?").select_option(label="Cité Pasteur (Pasteur-Foch)")
    page.get_by_role("button", name="Voir mon quartier").click()
    assert page.url.endswith(f"/quartiers/{demo.id}")
    assert page.get_by_role("heading", level=1).inner_text() == "Pasteur-Foch"
    page.get_by_role("link", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.url.endswith(f"/quartiers/{demo.id}")
