"""Conseil citoyen pages in Chromium at 360 px: a candidacy from a phone without JavaScript,
axe-core on every public page, each under 40 KB."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from participation.council.models import Candidacy, Council, Draw, Meeting
from participation.extensions import db
from tests.e2e.helpers import assert_no_axe_violations, page_weight
from tests.reading import plain

pytestmark = pytest.mark.e2e
BUDGET = 40 * 1024


@pytest.fixture
def demo_council(demo_db):
    return db.session.scalar(select(Council))


def _paths(council: Council) -> list[str]:
    draw = db.session.scalar(select(Draw).order_by(Draw.id))
    meeting = db.session.scalar(select(Meeting))
    return [f"/conseil/{council.id}", f"/conseil/{council.id}/candidater",
            f"/conseil/{council.id}/merci?numero=13", f"/tirage/{draw.id}",
            f"/conseil/seance/{meeting.id}", f"/quartiers/{council.quartiers[0].id}"]


def test_a_candidacy_from_a_phone(page, demo_council):
    page.goto(f"/quartiers/{demo_council.quartiers[0].id}")
    page.get_by_role("link", name="Candidater au Conseil citoyen Pasteur-Foch").click()
    page.get_by_label("En tant qu'habitant(e) du quartier").check()
    page.get_by_label("Nom et prénom").fill("Samira Essai")
    page.get_by_role("button", name="Envoyer ma candidature").click()
    summary = page.get_by_role("alert")
    assert "Sans votre accord" in summary.inner_text() or "téléphone" in summary.inner_text()
    assert page.get_by_label("Nom et prénom").input_value() == "Samira Essai"
    assert_no_axe_violations(page)
    page.get_by_label("Téléphone").fill("06 11 22 33 44")
    page.get_by_label("J'habite").select_option(label="Cité Pasteur")
    page.get_by_label("Femme").check()
    page.get_by_label("J'accepte que mes coordonnées").check()
    page.get_by_role("button", name="Envoyer ma candidature").click()
    assert "Votre numéro : 13" in plain(page.get_by_text("Votre numéro").inner_text())
    assert db.session.scalar(select(func.count()).select_from(Candidacy)) == 13


def test_public_council_pages_pass_axe_and_budget(page, demo_council):
    for path in _paths(demo_council):
        response = page.goto(path)
        assert response.status == 200, path
        assert_no_axe_violations(page)
        weight = page_weight(page, path)
        assert weight <= BUDGET, (path, weight)


def test_the_form_works_without_javascript(browser, live_server, demo_council):
    context = browser.new_context(java_script_enabled=False, base_url=live_server, locale="fr-FR",
                                  viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"/conseil/{demo_council.id}/candidater")
    page.get_by_label("Pour une association, un commerce ou une structure").check()
    page.get_by_label("Nom et prénom").fill("Luc Essai")
    page.get_by_label("Téléphone").fill("0600000000")
    page.get_by_label("Structure représentée (acteurs locaux)").fill("Club de foot")
    page.get_by_label("J'accepte que mes coordonnées").check()
    page.get_by_role("button", name="Envoyer ma candidature").click()
    expect(page.locator("main")).to_contain_text("Votre numéro")
    context.close()
