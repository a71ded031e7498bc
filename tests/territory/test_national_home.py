"""The residents' home page of a national deployment: searched and listed by department,
a few kilobytes whatever the number of territories (issue #16, national rehearsal).

The places of the generated national year (``bench/national_home.place_frames``: 450
territories, 1,514 QPV, their communes with INSEE codes and the names residents use) are
inserted; a resident walks the page as rendered (WebTest): the search form, a department's
list page by page, a postcode. The expected sets are read back from the database with plain SQL (the
INSEE codes' first two digits), not from the code under test.
"""
from __future__ import annotations

import re

import pytest
from sqlalchemy import text

from bench.national_home import insert_places, place_frames
from participation.extensions import db
from tests.formfill import text_of

BUDGET = 40 * 1024  # bytes of HTML, as the e2e weight budget of the demo's home page


@pytest.fixture
def nation(app):
    """The national year's places: 450 territories, 1,514 QPV."""
    insert_places(db, place_frames())
    assert db.session.scalar(text("SELECT count(*) FROM quartier")) == 1514


def _territories_of(code: str) -> set[str]:
    """Names of the territories holding a commune whose INSEE code starts with ``code``."""
    return set(db.session.scalars(text(
        "SELECT DISTINCT t.name FROM territory t JOIN commune c ON c.territory_id = t.id "
        "WHERE c.insee_code LIKE :code"), {"code": f"{code}%"}))


def _headings(page, level: int) -> list[str]:
    return [h.get_text(" ", strip=True) for h in page.html.find_all(f"h{level}")]


def _search_form(page):
    return next(f for f in page.forms.values() if "q" in f.fields)


def test_the_national_home_page_stays_small_and_lists_departments(webapp, nation):
    home = webapp.get("/")
    assert len(home.body) < BUDGET, len(home.body)
    assert "agglo n° 450" not in home.text  # no territory listed on the home page itself
    departements = home.html.select("ul.departements li")
    codes = set(db.session.scalars(text("SELECT DISTINCT substr(insee_code, 1, 2) "
                                        "FROM commune")))
    assert len(departements) == len(codes)
    nord = home.html.find("a", string="Nord (59)")
    count = db.session.scalar(text(
        "SELECT count(DISTINCT q.id) FROM quartier q JOIN territory t ON t.id = "
        "q.territory_id JOIN commune c ON c.territory_id = t.id "
        "WHERE c.insee_code LIKE '59%'"))
    assert nord.parent.get_text(" ", strip=True) == f"Nord (59) — {count} quartiers"


def test_a_department_lists_its_territories_ten_per_page(webapp, nation):
    page = webapp.get("/").click(description=re.escape("Nord (59)"), href="departement=59")
    listed = []
    while True:
        assert len(page.body) < BUDGET
        assert "Nord (59)" in _headings(page, 2)
        territories = _headings(page, 3)
        assert 0 < len(territories) <= 10
        listed += territories
        if "Suivant" not in page.text:
            break
        page = page.click(description="Suivant")
    assert sorted(listed) == sorted(_territories_of("59"))
    assert len(listed) > 10  # the pages were walked


def test_a_resident_finds_their_quartier_by_a_name_typed_without_accents(webapp, nation):
    """Territory 1 (Aubervilliers agglo n° 001) has "La Source 2" in Aubervilliers-2, which
    residents also call "Résidence La Source" (as in other generated territories: each
    result shows its commune and territory)."""
    wanted = db.session.scalar(text(
        "SELECT q.id FROM quartier q JOIN territory t ON t.id = q.territory_id "
        "WHERE t.slug = 'nat-001' AND q.name = 'La Source 2'"))
    form = _search_form(webapp.get("/"))
    form["q"] = "residence la source aubervilliers-2"
    results = form.submit()
    assert len(results.body) < BUDGET
    items = results.html.select("section[aria-labelledby=resultats] li")
    assert 0 < len(items) <= 30
    assert items[0].a["href"] == f"/quartiers/{wanted}"  # every word found whole: first
    assert items[0].get_text(" ", strip=True) == (
        "La Source 2 (Cité Les Hauts, Maisons de Le Mail, Résidence La Source) — "
        "Aubervilliers-2, Aubervilliers agglo n° 001")
    for item in items:  # the others hold every word too, some only as a word's start
        words = item.get_text(" ", strip=True)
        assert "La Source" in words and "Aubervilliers" in words, words
    quartier = results.click(href=f"/quartiers/{wanted}$")
    assert quartier.html.find("h1").get_text(strip=True) == "La Source 2"


def test_a_wide_search_asks_for_one_more_word(webapp, nation):
    form = _search_form(webapp.get("/"))
    form["q"] = "Pâtures"
    results = form.submit()
    shown = results.html.select("section[aria-labelledby=resultats] li")
    total = db.session.scalar(text(
        "SELECT count(DISTINCT q.id) FROM quartier q LEFT JOIN quartier_name n "
        "ON n.quartier_id = q.id WHERE q.name LIKE '%Pâtures%' OR n.name LIKE '%Pâtures%'"))
    assert len(shown) == 30 < total
    assert f"{total} quartiers correspondent : ajoutez un mot" in text_of(results)


def test_a_postcode_leads_to_its_department(webapp, nation):
    form = _search_form(webapp.get("/"))
    form["q"] = "59100"
    page = form.submit()
    assert "Code postal 59100 : les quartiers de son département." in text_of(page)
    assert "Nord (59)" in _headings(page, 2)
    assert set(_headings(page, 3)) <= _territories_of("59")


def test_nothing_found_is_said_and_the_query_is_not_markup(webapp, nation):
    form = _search_form(webapp.get("/"))
    form["q"] = "<b>zzz</b>"
    page = form.submit()
    assert "Aucun quartier ne correspond à « <b>zzz</b> »" in text_of(page)  # as text
    assert not page.html.find("b", string="zzz")
    assert _search_form(page)["q"].value == "<b>zzz</b>"  # kept to be corrected


def test_the_page_is_in_the_residents_language(webapp, nation):
    page = webapp.get("/", headers={"Accept-Language": "en"})
    assert page.html.find("label", attrs={"for": "q"}).get_text() == (
        "Search for your neighbourhood")
    assert "By département" in _headings(page, 2)
