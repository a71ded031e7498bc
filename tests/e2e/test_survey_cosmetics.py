"""What a resident sees in Chromium (static/style.css): after "Choisissez au plus 2 réponses"
the empty "Autre" box is not outlined in red (the error is the ticks'), but it is when
"Autre" is ticked with nothing written; on "Ce navigateur a déjà envoyé une réponse", the
"Je suis une autre personne" button has no bullet at its bottom-left."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from participation.surveys import services
from tests.surveys.helpers import q, survey_with_condition

pytestmark = pytest.mark.e2e

@pytest.fixture
def places(territory):
    survey = services.create_survey(territory.id, "Vos lieux")
    services.add_question(survey, "multiple", "Quels lieux fréquentez-vous ?",
                          ["Parc", "Marché", "Médiathèque"], has_other=True, max_choices=2,
                          name="lieux")
    services.set_status(survey, "open")
    return survey

def _border(page, selector: str) -> str:
    return page.eval_on_selector(selector, "e => getComputedStyle(e).borderTopColor")

def _error_red(page, message: str) -> str:
    """The colour of the error message shown (the page's error red)."""
    return page.get_by_text(message, exact=True).evaluate("e => getComputedStyle(e).color")

def test_autre_box_is_outlined_only_when_it_is_the_error(page, live_server, places):
    lieux = q(places, "lieux")
    page.goto(f"{live_server}/s/{places.slug}")
    for label in ("Parc", "Marché", "Médiathèque"):
        page.get_by_label(label).check()
    page.get_by_role("button", name="Envoyer").click()
    # expect() waits for the page the click loads (is_visible() does not: flaky under load)
    expect(page.get_by_text("Choisissez au plus 2 réponses.", exact=True)).to_be_visible()
    red = _error_red(page, "Choisissez au plus 2 réponses.")
    assert red != "rgb(0, 0, 0)"
    assert _border(page, f"#q{lieux.id}_autre") != red
    page.get_by_label("Médiathèque").uncheck()
    page.get_by_label("Marché").uncheck()
    page.locator(f"#q{lieux.id}-autre").check()
    page.get_by_role("button", name="Envoyer").click()
    # the first page's error is a ".question .error" too: wait until the second page has
    # replaced it, else the border is read on the first page (fresh-clone PostgreSQL run)
    expect(page.get_by_text("Choisissez au plus 2 réponses.", exact=True)).to_have_count(0)
    expect(page.locator(".question .error")).to_be_visible()
    assert _border(page, f"#q{lieux.id}_autre") == red

def test_another_person_button_has_no_bullet(page, live_server, territory):
    survey = survey_with_condition(territory)
    page.goto(f"{live_server}/s/{survey.slug}")
    page.get_by_label("Non").first.check()
    page.locator(f"input[name=q{q(survey, 'note').id}][value='5']").check()
    page.get_by_role("button", name="Envoyer").click()
    page.wait_for_url("**/merci**")
    page.goto(f"{live_server}/s/{survey.slug}")
    button = page.get_by_role("link", name="Je suis une autre personne")
    expect(button).to_be_visible()
    assert button.evaluate("e => getComputedStyle(e.parentElement).listStyleType") == "none"


def test_typing_in_autre_ticks_autre_with_javascript(page, live_server, territory):
    """With JavaScript, typing in the box ticks "Autre" as the server reads it: a checkbox
    always, a radio when nothing else is ticked (else the server asks which one)."""
    survey = services.create_survey(territory.id, "Biais")
    single = services.add_question(survey, "single", "Par quel biais ?",
                                   ["Bouche à oreille", "Facebook"], has_other=True)
    several = services.add_question(survey, "multiple", "Quels lieux ?", ["Parc", "Marché"],
                                    has_other=True)
    services.set_status(survey, "open")
    page.goto(f"{live_server}/s/{survey.slug}")
    page.locator(f"#q{single.id}_autre").fill("Par une voisine")
    expect(page.locator(f"#q{single.id}-autre")).to_be_checked()
    page.get_by_label("Parc").check()
    page.locator(f"#q{several.id}_autre").fill("La piscine")
    expect(page.locator(f"#q{several.id}-autre")).to_be_checked()
    expect(page.get_by_label("Parc")).to_be_checked()
    page.get_by_label("Facebook").check()
    page.locator(f"#q{single.id}_autre").fill("Par ma voisine")
    expect(page.get_by_label("Facebook")).to_be_checked()  # not switched behind the person's back
    page.get_by_role("button", name="Envoyer").click()
    expect(page.get_by_text("Une seule réponse possible", exact=False).first).to_be_visible()
