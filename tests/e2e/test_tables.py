"""A facilitator, on a phone in a real Chromium, adds a table and records what it says, for a
table citoyenne, a table ronde and a réunion publique; the three columns show it (issue #11:
the save used to fail with "Question : N'est pas un choix valide. Commune : …")."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from participation.contributions.models import Contribution
from participation.events.models import TableNote
from participation.extensions import db
from tests import factories
from tests.e2e.helpers import assert_no_axe_violations
from tests.e2e.test_events import _login
from tests.events.conftest import make_event

pytestmark = pytest.mark.e2e


def _say(page, text: str, kind: str, answers: str | None = None) -> None:
    page.get_by_label("Ce qui a été dit").fill(text)
    page.get_by_label("Nature").select_option(label=kind)
    if answers:
        page.get_by_label("Répond à").select_option(label=answers)
    page.get_by_role("button", name="Enregistrer").click()
    assert page.locator(".error-summary").count() == 0, page.inner_text("main")


@pytest.mark.forms("events/tables.html", "events/table.html")
@pytest.mark.parametrize("kind", ["table_citoyenne", "table_ronde", "reunion_publique"])
def test_facilitator_fills_the_three_columns(page, live_server, territory, quartier, kind):
    code = next(c.code for c in territory.current_contract.challenges if c.parent_id is None)
    theme = factories.challenge(territory, code)
    event = make_event(territory, days=0, kind=kind, title="Soirée du quartier",
                       quartier_ids=[quartier.id])
    _login(page, territory, "facilitator")
    page.goto(f"/events/{event.id}/tables")
    page.get_by_label("Nom de la table").fill("Table santé")
    page.get_by_label(theme.name).check()
    page.get_by_role("button", name="Ajouter la table").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Table santé"
    if kind == "table_ronde":
        page.get_by_label("Question").select_option(index=1)  # the défis
    if kind == "reunion_publique":
        page.get_by_label("Commune").select_option(label=territory.communes[0].name)
    _say(page, "Pénurie de médecin traitant", "Constat / manquement")
    note = db.session.scalar(select(TableNote))
    assert (note.question, note.commune_id) == {
        "table_citoyenne": ("", None), "table_ronde": ("defis", None),
        "reunion_publique": ("", territory.communes[0].id)}[kind]
    _say(page, "Implanter une maison médicale", "Proposition",
         answers="Constat / manquement · Pénurie de médecin traitant")
    _say(page, "Poste de téléconsultation à la mairie", "Mobilisation partenaire",
         answers="Proposition · Implanter une maison médicale")
    cells = page.locator("#dit tbody tr").first.locator("td").all_inner_texts()
    assert cells == ["Implanter une maison médicale", "Pénurie de médecin traitant",
                     "Poste de téléconsultation à la mairie"]
    assert_no_axe_violations(page)
    assert db.session.scalar(select(func.count(Contribution.id))) == 3
