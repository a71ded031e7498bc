"""The Hazebrouck flash survey answered in Chromium at 360 px, keyboard only, no JavaScript
needed: "Par quel biais" appears only after "Oui"; a double submit stores one response."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from participation.extensions import db
from participation.surveys.models import Response, Survey
from participation.territory.models import Territory
from tests import factories
from tests.e2e.helpers import assert_no_axe_violations, log_in, page_weight

pytestmark = pytest.mark.e2e
BUDGET = 40 * 1024


def survey_territory(survey) -> Territory:
    return db.session.get(Territory, survey.territory_id)


def _ids(survey) -> dict:
    return {q.name: q.id for q in survey.questions}


def _tab_to(page, selector: str, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.locator(f"{selector}:focus").count():
            return
    raise AssertionError(f"Tab never reached {selector}")


def _fill_by_keyboard(page, ids) -> None:
    _tab_to(page, f"input[name=q{ids['cc_connu']}]")
    page.keyboard.press("Space")                      # Oui
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")                  # Aimeriez-vous... : Non
    page.keyboard.press("Tab")
    page.keyboard.type("des bancs")
    _tab_to(page, f"input[name=q{ids['insecurite']}]")
    page.keyboard.press("Space")
    _tab_to(page, f"input[name=q{ids['info_quartier']}]")
    page.keyboard.press("Space")                      # Oui: opens "Par quel biais"


def _score_and_submit(page, ids) -> None:
    _tab_to(page, f"input[name=q{ids['securite_note']}]")
    for _ in range(4):
        page.keyboard.press("ArrowRight")             # 5
    _tab_to(page, "button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.mark.forms("surveys/answer.html")
def test_keyboard_only_conditional_question_revealed_by_js(page, survey):
    ids = _ids(survey)
    page.goto(f"/s/{survey.slug}")
    assert page.get_by_role("group", name="Par quel biais").count() == 0
    _fill_by_keyboard(page, ids)
    assert page.get_by_role("group", name="Par quel biais").count() == 1
    _tab_to(page, f"input[name=q{ids['info_canal']}]")
    page.keyboard.press("Space")
    _score_and_submit(page, ids)
    assert page.url.endswith("/merci")
    assert db.session.scalar(select(func.count(Response.id))) == 1


def test_double_submit_stores_one_response(make_page, survey):
    page = make_page(java_script_enabled=False)
    ids = _ids(survey)
    page.goto(f"/s/{survey.slug}")
    for name in ("cc_connu", "cc_participer", "info_quartier"):
        page.locator(f"input[name=q{ids[name]}]").nth(1).check()   # Non
    page.locator(f"textarea[name=q{ids['manques']}]").fill("un médecin")
    page.locator(f"input[name=q{ids['insecurite']}]").first.check()
    page.locator(f"input[name=q{ids['securite_note']}][value='6']").check()
    page.locator("button[type=submit]").dblclick()
    # the browser follows whichever of the two requests answers last: the stored answer's
    # thank-you page, or the same page for a replayed token (?deja=1)
    page.wait_for_url(re.compile(r"/merci(\?deja=1)?$"))
    assert db.session.scalar(select(func.count(Response.id))) == 1


def test_survey_page_is_light_and_accessible(page, survey):
    assert page_weight(page, f"/s/{survey.slug}") <= BUDGET
    assert_no_axe_violations(page)


@pytest.mark.forms("surveys/sheet.html")
def test_twenty_paper_sheets_by_keyboard_only(page, survey):
    from datetime import date

    from participation.surveys.paper import create_batch

    user = factories.user(survey_territory(survey), "facilitator")
    batch = create_batch(survey, "Lot école", date(2023, 6, 5), "Sortie d'école", user.id)
    log_in(page, user.email, keyboard=True)
    page.goto(f"/surveys/batches/{batch.id}")
    for sheet in range(1, 21):
        # focus starts on question 1; Enter moves on; Enter on the last box submits
        keys = ["1", "2", "des bancs", "1 3", "", "2", "", "", "1", str(sheet % 10 + 1), ""]
        with page.expect_navigation():
            for text in keys:
                if text:
                    page.keyboard.type(text)
                page.keyboard.press("Enter")
        assert page.get_by_text(f"Feuille n° {sheet} enregistrée.").count() == 1
    assert page.get_by_role("status").filter(has_text="20 feuilles saisies").count() == 1
    assert db.session.scalar(select(func.count(Response.id)).where(
        Response.batch_id == batch.id)) == 20


def test_staff_survey_pages_have_no_axe_violation(page, demo_db):
    survey = db.session.scalar(select(Survey))
    user = factories.user(survey_territory(survey), "coordinator")
    log_in(page, user.email, keyboard=True)
    for path in ("/surveys/", f"/surveys/{survey.id}", f"/surveys/{survey.id}/results",
                 f"/surveys/questions/{survey.questions[6].id}", f"/surveys/{survey.id}/print",
                 f"/surveys/{survey.id}/entry", f"/surveys/{survey.id}/interview",
                 f"/surveys/{survey.id}/street", f"/surveys/{survey.id}/preview"):
        assert page.goto(path).status == 200, path
        assert_no_axe_violations(page)


def test_thanks_page_leads_to_the_linked_event_signup(live_server, page, survey):
    from tests.events.conftest import make_event

    event = make_event(survey_territory(survey), days=20, title="Tables citoyennes de juin",
                       survey_id=survey.id)
    page.goto(f"{live_server}/s/{survey.slug}/merci")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Je m’inscris : Tables citoyennes de juin", exact=False).click()
    page.wait_for_url(f"{live_server}/events/{event.id}")
    assert "Tables citoyennes de juin" in page.locator("h1").inner_text()
