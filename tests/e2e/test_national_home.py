"""The national home page in a real Chromium at 360 px: search and a department's list
without JavaScript, no axe violation, no horizontal scrolling, under the home page's weight
budget (issue #16, national rehearsal)."""
from __future__ import annotations

import re

import pytest

from bench.national_home import insert_places, place_frames
from participation.extensions import db
from tests.e2e.helpers import assert_no_axe_violations, page_weight
from tests.e2e.test_home import HOME_BUDGET

pytestmark = pytest.mark.e2e


@pytest.fixture
def nation(app):
    insert_places(db, place_frames())


def _fits_the_phone(page) -> None:
    page.wait_for_load_state()  # after a click, the next document may still be loading
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{page.url} scrolls sideways: {width} px"


def _search_then_browse(page, check) -> None:
    page.goto("/")
    check(page)
    page.get_by_label("Cherchez votre quartier").fill("residence la source aubervilliers-2")
    page.get_by_role("button", name="Rechercher").click()
    assert re.search(r"[?&]q=residence", page.url)
    check(page)
    page.get_by_role("link", name="Nord (59)").click()
    assert page.get_by_role("heading", level=2, name="Nord (59)").count() == 1
    page.get_by_role("link", name="Suivant").click()
    assert "page=2" in page.url
    check(page)


def test_a_resident_searches_then_browses_a_department_without_javascript(
        make_page, nation):
    _search_then_browse(make_page(java_script_enabled=False), _fits_the_phone)


def test_the_national_home_pages_have_no_axe_violation(page, nation):
    def check(current) -> None:
        _fits_the_phone(current)
        assert_no_axe_violations(current)

    _search_then_browse(page, check)


def test_the_national_home_transfers_at_most_40_kb(page, nation, live_server):
    weight = page_weight(page, f"{live_server}/")
    assert 0 < weight <= HOME_BUDGET, f"national home page transfers {weight} bytes"
