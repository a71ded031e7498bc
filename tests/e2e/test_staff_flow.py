"""The staff journey in a real browser: the demo coordinator logs in, creates a quartier with
the names residents use, adds a challenge under an existing one, creates a facilitator; then
the permission checks seen from a facilitator and from an anonymous visitor."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from participation.accounts.models import User
from participation.demo import data
from participation.extensions import db
from participation.territory.models import Challenge, Quartier
from tests.e2e.helpers import assert_no_axe_violations, log_in

pytestmark = pytest.mark.e2e
COORDINATOR = next(u for u in data.USERS if u[2] == "coordinator")
SCREENSHOTS = Path(os.environ.get("E2E_SCREENSHOTS", "/tmp/pdq-screenshots"))


@pytest.fixture
def demo(demo_first_load):
    assert COORDINATOR[0] in demo_first_load  # make run prints the coordinator's login


def _login(page, email: str, password: str) -> None:
    log_in(page, email, password)


def _create_quartier(page) -> None:
    page.goto("/territory/")
    page.get_by_role("link", name="Ajouter un quartier").click()
    page.get_by_label("Code officiel").fill("QN05999X")
    page.get_by_label("Nom officiel").fill("Les Prés")
    page.get_by_label("Type").select_option("veille")
    page.get_by_label("Population").fill("850")
    page.get_by_label("Bailleul").check()
    page.get_by_label("Noms utilisés par les habitants").fill("Cité des Pâtures\nRésidence Danvers")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Quartier créé.")).to_be_visible()


def _add_challenge(page) -> None:
    page.goto("/territory/")
    page.get_by_role("link", name=data.CONTRACT["name"]).click()
    page.get_by_label("Code", exact=True).fill("TH04.1")
    page.get_by_label("Intitulé").fill("Propreté des halls")
    page.get_by_label("Enjeu parent").select_option(label="TH04 · Cadre de vie")
    page.get_by_role("button", name="Ajouter", exact=True).click()
    expect(page.get_by_text("Enjeu ajouté.")).to_be_visible()
    expect(page.locator("ul.tree li.depth-1", has_text="Propreté des halls")).to_be_visible()
    assert_no_axe_violations(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "tree-360.png"), full_page=True)


def _create_facilitator(page) -> None:
    page.goto("/accounts/users")
    page.get_by_label("Nom", exact=True).fill("Nadia Animation")
    page.get_by_label("Adresse e-mail").fill("nadia@coeurdeflandre.example")
    page.get_by_label("Rôle").select_option(label="Animateur")
    page.get_by_label("Mot de passe provisoire").fill("animation-2024-ok")
    page.get_by_role("button", name="Créer le compte").click()
    expect(page.get_by_text("Compte créé.")).to_be_visible()
    expect(page.get_by_role("cell", name="nadia@coeurdeflandre.example")).to_be_visible()


def test_coordinator_sets_up_quartier_challenge_and_facilitator(page, make_page, demo):
    _login(page, COORDINATOR[0], COORDINATOR[3])
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page.url.endswith("/staff")
    _create_quartier(page)
    _add_challenge(page)
    _create_facilitator(page)

    quartier = db.session.scalar(select(Quartier).where(Quartier.code == "QN05999X"))
    assert sorted(n.name for n in quartier.resident_names) == [
        "Cité des Pâtures", "Résidence Danvers"]
    node = db.session.scalar(select(Challenge).where(Challenge.code == "TH04.1"))
    assert node.parent.code == "TH04" and node.is_current
    nadia = db.session.scalar(select(User).where(User.email == "nadia@coeurdeflandre.example"))
    assert nadia.role == "facilitator"

    resident = make_page()
    resident.goto("/")
    resident.get_by_label("Où habitez-vous ?").select_option(label="Cité des Pâtures (Les Prés)")
    resident.screenshot(path=str(SCREENSHOTS / "home-360.png"), full_page=True)
    resident.get_by_role("button", name="Voir mon quartier").click()
    assert resident.get_by_role("heading", level=1).inner_text() == "Les Prés"


def test_facilitator_gets_403_on_a_coordinator_page(page, territory):
    from tests import factories

    facilitator = factories.user(territory, role="facilitator")
    _login(page, facilitator.email, factories.PASSWORD)
    assert page.url.endswith("/staff")
    response = page.goto("/territory/quartiers/new")
    assert response.status == 403
    response = page.goto("/accounts/users")
    assert response.status == 403
    assert_no_axe_violations(page)


def test_anonymous_visitor_is_sent_to_login(page):
    page.goto("/accounts/users")
    assert "/accounts/login" in page.url
    assert "next=" in page.url
    assert page.get_by_role("heading", level=1).inner_text() == "Espace équipe"
    expect(page.get_by_text("Connectez-vous pour accéder à cette page.")).to_be_visible()
