"""Analyses and exports in a real browser at 360 px: the demo coordinator reads what residents
said about a challenge (charts with their tables), reviews a tag in one tap, opens the
participation section and the exports page; axe finds no violation on any of them."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from participation.contributions.services import record_contribution
from participation.demo import data
from participation.extensions import db
from participation.territory.models import Challenge, Territory
from tests.e2e.helpers import assert_no_axe_violations, log_in

pytestmark = pytest.mark.e2e
COORDINATOR = next(u for u in data.USERS if u[2] == "coordinator")


@pytest.fixture
def demo(demo_db):
    territory = db.session.scalar(db.select(Territory).where(
        Territory.slug == data.TERRITORY["slug"]))
    record_contribution(territory.id, "pas assez de medecins, il faut un pédiatre")
    return territory


def _login(page) -> None:
    log_in(page, COORDINATOR[0], COORDINATOR[3])


def test_coordinator_reads_reviews_and_exports(page, demo):
    _login(page)
    page.goto("/analysis/")
    assert_no_axe_violations(page)
    health = db.session.scalar(db.select(Challenge).where(
        Challenge.territory_id == demo.id, Challenge.code == "TH02"))
    page.goto(f"/analysis/challenge/{health.id}")
    expect(page.get_by_role("heading", name="Ce que les habitants ont dit : Santé")).to_be_visible()
    charts = page.locator(".chart img")
    assert charts.count() >= 1
    assert page.locator(".chart table").count() == charts.count()  # each chart has its table
    charts.first.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0",
                           arg=charts.first.element_handle())
    assert_no_axe_violations(page)

    page.goto("/analysis/review")
    item = page.locator("ol.review > li", has_text="pas assez de medecins")
    expect(item.get_by_text("mots-clés").first).to_be_visible()
    item.get_by_role("button", name="Accepter").click()
    expect(page.get_by_text("Enjeux enregistrés")).to_be_visible()
    assert_no_axe_violations(page)

    page.goto("/analysis/words")
    assert_no_axe_violations(page)
    page.goto("/exports/section")
    expect(page.get_by_role("heading", name="Méthode et calendrier de la concertation")) \
        .to_be_visible()
    assert_no_axe_violations(page)
    page.goto("/exports/")
    assert_no_axe_violations(page)
