"""Event sign-up in a real Chromium at 360 px: confirmed, waitlisted, promoted, .ics, axe,
page weight, no JavaScript needed."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from participation.events.models import Registration
from participation.extensions import db
from tests.e2e.helpers import assert_no_axe_violations, log_in, page_weight
from tests.events.conftest import make_event

pytestmark = pytest.mark.e2e
BUDGET = 40 * 1024


@pytest.fixture
def barbecue(territory, quartier):
    return make_event(territory, capacity=4, quartier_ids=[quartier.id])


def _sign_up(page, event, name: str, adults: str, children: str = "0") -> None:
    page.goto(f"/events/{event.id}")
    page.get_by_label("Prénom ou pseudonyme").fill(name)
    page.get_by_label("Adultes", exact=True).fill(adults)
    page.get_by_label("Enfants", exact=True).fill(children)
    page.get_by_role("button", name="M’inscrire").click()


def test_confirm_waitlist_cancel_promote_and_ics(page, barbecue, live_server):
    _sign_up(page, barbecue, "Karim", "2", "1")
    assert "3 personnes inscrites au nom de Karim" in page.inner_text("main")
    assert_no_axe_violations(page)
    karim_url = page.url
    ics = page.request.get(page.get_by_role("link", name="Ajouter à mon agenda (.ics)")
                           .get_attribute("href"))
    assert ics.ok and ics.headers["content-type"].startswith("text/calendar")
    assert "BEGIN:VEVENT" in ics.text()
    _sign_up(page, barbecue, "Léa", "2")
    assert "liste d’attente" in page.inner_text("main")
    page.goto(f"/events/{barbecue.id}")
    assert "Il reste 1 place." in page.inner_text("main")
    page.goto(karim_url)
    page.get_by_role("link", name="Annuler mon inscription").click()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Oui, annuler mon inscription").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Inscription annulée"
    assert_no_axe_violations(page)
    lea = db.session.scalar(select(Registration).where(Registration.name == "Léa"))
    db.session.refresh(lea)
    assert lea.status == "confirmed" and lea.promoted_at is not None


def test_errors_are_summarised_and_answers_kept(page, barbecue):
    _sign_up(page, barbecue, "Nadia", "0")
    summary = page.locator(".error-summary")
    assert "Indiquez au moins une personne." in summary.inner_text()
    assert page.get_by_label("Prénom ou pseudonyme").input_value() == "Nadia"
    assert_no_axe_violations(page)
    assert db.session.scalar(select(Registration)) is None


def test_public_event_pages_pass_axe_and_weigh_under_40_kb(page, barbecue, quartier,
                                                          live_server):
    for path in (f"/events/{barbecue.id}", f"/events/{barbecue.id}/affiche",
                 f"/events/{barbecue.id}/affiche?size=a5", f"/quartiers/{quartier.id}"):
        assert page.goto(path).status == 200, path
        assert_no_axe_violations(page)
        weight = page_weight(page, live_server + path)
        assert weight <= BUDGET, f"{path} transfers {weight} bytes"


def test_sign_up_works_without_javascript(make_page, barbecue):
    page = make_page(java_script_enabled=False)
    _sign_up(page, barbecue, "Sami", "1")
    assert "1 personne inscrite au nom de Sami" in page.inner_text("main")


def _login(page, territory, role: str):
    from tests import factories

    user = factories.user(territory, role=role)
    log_in(page, user.email)
    return user


def test_facilitator_checks_in_on_a_phone(page, territory):
    from participation.events.signup import sign_up

    event = make_event(territory, capacity=50)
    for i in range(30):
        sign_up(event.id, f"t{i}", {"name": f"Habitant {i:02d}", "adults": 1})
    _login(page, territory, "facilitator")
    page.goto(f"/events/{event.id}/checkin")
    assert_no_axe_violations(page)
    for i in range(30):
        page.get_by_role("button", name=f"Pointer Habitant {i:02d}").click()
    for i in range(5):
        page.get_by_label("Prénom ou pseudonyme").fill(f"Passant {i}")
        page.get_by_role("button", name="Ajouter et pointer").click()
    assert page.locator(".headcount").inner_text() == "35 personnes présentes"
    page.get_by_label("Chercher un nom").fill("habitant 07")
    page.get_by_role("button", name="Chercher").click()
    assert page.locator(".checkins li").first.inner_text().startswith("Habitant 07")
    assert_no_axe_violations(page)


def test_staff_event_pages_pass_axe(page, demo_db):
    from participation.accounts.models import User
    from participation.events.models import Event

    tables_event = db.session.scalar(select(Event).where(Event.kind == "table_citoyenne"))
    user = db.session.scalar(select(User).where(User.role == "coordinator"))
    log_in(page, user.email, "demo-coordination-2024")
    table = tables_event.tables[0]
    for path in ("/events/", f"/events/{tables_event.id}/manage",
                 f"/events/{tables_event.id}/edit", f"/events/{tables_event.id}/tables",
                 f"/events/{tables_event.id}/tables/{table.id}",
                 f"/events/{tables_event.id}/results", f"/events/{tables_event.id}/stats",
                 f"/events/{tables_event.id}/sheet", f"/events/{tables_event.id}/paper"):
        assert page.goto(path).status == 200, path
        assert_no_axe_violations(page)
