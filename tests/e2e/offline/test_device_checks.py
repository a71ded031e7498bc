"""Issue 14 in Chromium, what the tablet checks before it saves: a paper sheet without its
batch date, a decimal in a whole-number box, stopped on the device with the server's French
message, nothing stored until corrected.
"""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from participation.surveys import services
from tests.e2e.offline.device import (
    _items,
    _login_and_open,
    _open_paper,
    _sheet_header,
    _waiting,
)
from tests.surveys.helpers import opt, q

pytestmark = pytest.mark.e2e


def test_paper_sheet_without_batch_date_is_stopped_on_the_device(tablet, territory, survey):
    page = tablet.open().new_page()
    _login_and_open(page, territory, survey)
    _open_paper(page, survey)
    note = q(survey, "note")
    _sheet_header(page, date=None)
    page.locator(f"#q{note.id}").fill("7")
    page.get_by_role("button", name="Enregistrer sur l’appareil").click()
    expect(page.locator("[data-message]")).to_have_text(
        "Indiquez le nom du lot et la date de recueil des feuilles.")
    expect(page.get_by_label("Date du recueil")).to_be_focused()
    assert _items(page) == []
    page.get_by_label("Date du recueil").fill("2026-06-10")
    page.get_by_role("button", name="Enregistrer sur l’appareil").click()
    _waiting(page, 1)


def test_a_decimal_in_a_whole_number_box_is_stopped_on_the_device(tablet, territory, survey):
    """Question.whole_number on the tablet: 2,5 people in the household is refused before it
    is saved (the server would refuse it at sync, after the resident has gone), in the
    interview and on the paper screen, with the server's French message naming the question;
    3 is saved."""
    household = services.add_question(survey, "number", "Combien de personnes vivent chez "
                                      "vous ?", name="foyer", whole_number=True)
    refusal = "« Combien de personnes vivent chez vous ? » : Indiquez un nombre entier, sans " \
        "virgule, par exemple 12."
    page = tablet.open().new_page()
    _login_and_open(page, territory, survey)
    info, note = q(survey, "info"), q(survey, "note")
    page.get_by_label("Lieu de recueil").fill("Marché")
    page.locator(f"#q{info.id}-{opt(info, 'non')}").check()
    page.locator(f"#q{note.id}-5").check()
    page.locator(f"#q{household.id}").fill("2,5")
    page.get_by_role("button", name="Enregistrer sur l’appareil").click()
    expect(page.locator("[data-message]")).to_have_text(refusal)
    expect(page.locator(f"#q{household.id}")).to_be_focused()
    assert _items(page) == []
    page.locator(f"#q{household.id}").fill("3")
    page.get_by_role("button", name="Enregistrer sur l’appareil").click()
    _waiting(page, 1)
    _open_paper(page, survey)
    _sheet_header(page)
    page.locator(f"#q{household.id}").fill("2.5")
    page.get_by_role("button", name="Enregistrer sur l’appareil").click()
    expect(page.locator("[data-message]")).to_have_text(refusal)
    assert [i["mode"] for i in _items(page)] == ["entretien"]
