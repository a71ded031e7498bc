"""The browser evaluates display conditions exactly as the server does: the table of
expressions x answers of tests/surveys/test_conditions.py run through
static/js/condition-eval.js in Chromium, then an imported XLSForm answered with JavaScript
(questions appear as the answers meet their conditions, group conditions included), and the
coordinator's condition builder with JavaScript (rows added and removed in place)."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from participation.extensions import db
from participation.surveys import conditions, services
from participation.surveys.imports import import_xlsform
from tests import factories
from tests.e2e.helpers import log_in
from tests.surveys.helpers import q, survey_with_condition
from tests.surveys.test_conditions import SURVEY, TABLE, xlsx

pytestmark = pytest.mark.e2e


def test_browser_and_server_agree_on_the_whole_table(page):
    page.goto("/accessibilite")
    page.add_script_tag(url="/static/js/condition-eval.js")
    cases = [{"ast": conditions.parse(c["expression"]), "values": c["values"]} for c in TABLE]
    got = page.evaluate(
        "cases => cases.map(c => window.PdqConditions.evaluate(c.ast, c.values))", cases)
    server = [conditions.evaluate(c["ast"], c["values"]) for c in cases]
    expected = [c["expected"] for c in TABLE]
    assert server == expected
    disagree = [c["expression"] for c, g, e in zip(TABLE, got, expected, strict=True) if g != e]
    assert disagree == []


def test_imported_conditions_appear_as_the_resident_answers(page, territory):
    survey = import_xlsform(territory.id, xlsx(SURVEY))
    services.set_status(survey, "open")
    page.goto(f"/s/{survey.slug}")
    bus_avis = page.get_by_label("Que pensez-vous du bus ?")
    travail = page.get_by_label("Où travaillez-vous ?")
    idee = page.get_by_role("group", name="Une idée à proposer ?")
    recent = page.get_by_role("group", name="Arrivé(e) après 2020 ?")
    for hidden in (bus_avis, travail, idee, recent):
        expect(hidden).to_be_hidden()
    page.get_by_label("En bus").check()
    expect(bus_avis).to_be_visible()
    page.get_by_label("Votre âge ?").fill("30")
    expect(travail).to_be_visible()            # the group's condition: ${age} >= 18
    page.get_by_label("Des bus").check()
    expect(idee).to_be_hidden()                # count-selected(${manque}) >= 2 not yet
    page.get_by_label("Un médecin").check()
    expect(idee).to_be_visible()
    page.get_by_label("Votre âge ?").fill("16")
    expect(idee).to_be_hidden()                # the group hides it again
    expect(travail).to_be_hidden()
    page.get_by_label("Date d'arrivée").fill("2021-05-01")
    expect(recent).to_be_visible()
    page.get_by_label("En voiture").check()
    expect(recent).to_be_hidden()              # not(${transport} = 'voiture')
    expect(bus_avis).to_be_hidden()
    page.get_by_label("Une banque").check()
    expect(recent).to_be_visible()             # or selected(${manque}, 'banque')


def test_builder_rows_added_and_removed_in_place_with_choices(page, territory):
    survey = survey_with_condition(territory, status="draft")
    user = factories.user(territory, "coordinator")
    log_in(page, user.email, keyboard=True)
    page.goto(f"/surveys/{survey.id}/questions/new")
    page.get_by_label("Type").select_option(label="Texte court")
    page.get_by_label("Question", exact=True).first.fill("Depuis quand ?")
    rows = page.locator("[data-row]")
    first = rows.nth(0)
    first.get_by_label("Question").select_option(label="Savez-vous ce qu'il se passe ?")
    expect(first.get_by_label("Valeur").locator("option")).to_have_text(["—", "Oui", "Non"])
    first.get_by_label("Comparaison").select_option(label="est")
    first.get_by_label("Valeur").select_option(label="Oui")
    url = page.url
    page.get_by_role("button", name="Ajouter une condition").click()
    expect(rows).to_have_count(2)
    assert page.url == url                      # in place: no page load
    second = rows.nth(1)
    expect(second.get_by_label("Question")).to_be_focused()
    second.get_by_label("Question").select_option(label="Note de sécurité")
    second.get_by_label("Comparaison").select_option(label="est au moins")
    second.get_by_label("Valeur").fill("7")     # a number: a text box, not a list
    page.get_by_role("button", name="Ajouter une condition").click()
    expect(rows).to_have_count(3)
    rows.nth(2).get_by_role("button", name="Retirer cette condition").click()
    expect(rows).to_have_count(2)
    page.get_by_label("au moins une (ou)").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.get_by_text("Question enregistrée.")).to_be_visible()
    db.session.expire_all()
    added = q(survey, "depuis_quand")
    assert added.relevant == "${info} = 'oui' or ${note} >= 7"
