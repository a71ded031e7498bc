"""Back after the thank-you page when the survey form needed a second round (testers): a
wrong answer (a decimal in a whole-number question) or, without JavaScript, an answer
opening conditional questions. The page of that second round was the POST's response, so
Chromium's Back landed on "Confirmer le nouvel envoi du formulaire" (net::ERR_CACHE_MISS).
It now comes by Post/Redirect/Get (``form_pages.sent_form``): Back shows a page of the
form, and the answer is stored once."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from participation.extensions import db
from participation.surveys import services
from participation.surveys.models import Response

pytestmark = pytest.mark.e2e

THANKS = "Merci, vos réponses sont bien enregistrées"
CHILDREN = "Combien d'enfants vivent chez vous ?"


def _responses() -> int:
    return db.session.scalar(select(func.count(Response.id)))


def _pick(page, legend: str, label: str) -> None:
    page.get_by_role("group", name=re.compile("^" + re.escape(legend))) \
        .get_by_label(label, exact=True).check()


def _answer(page, slug: str, knows: str) -> None:
    """Every required question of the demo survey (``knows``: "Savez-vous ce qu'il se
    passe…", "Oui" opens "Par quel biais…")."""
    page.goto(f"/s/{slug}")
    _pick(page, "Connaissez-vous le conseil citoyen", "Non")
    _pick(page, "Aimeriez-vous en faire partie", "Non")
    page.get_by_label(re.compile("^Que vous manque-t-il")).fill("un médecin")
    _pick(page, "Sentiment d'insécurité", "Violence")
    _pick(page, "Savez-vous ce qu'il se passe", knows)
    _pick(page, "Comment évaluez-vous votre niveau de sécurité", "7")


def _send(page) -> None:
    page.get_by_role("button", name="Envoyer mes réponses").click()
    page.wait_for_load_state()


def _back_shows_a_page(page) -> None:
    """Back from the thank-you page: the second round's address (a GET), answered with a
    page: this browser has answered, so the app's "already answered" page (a choice, no
    form to send twice), never the browser's resubmit page."""
    response = page.go_back()
    assert not page.url.startswith("chrome-error:")  # "Confirm form resubmission"
    assert response is not None and response.ok and "brouillon=" in page.url
    assert page.locator("p.lead").inner_text() == \
        "Ce navigateur a déjà envoyé une réponse à ce questionnaire. Merci\u202f!"
    assert page.locator("form[data-survey]").count() == 0


def _no_bfcache(make_page, **options):
    """A page kept out of the back/forward cache, as on many phones (an unload listener):
    Back reloads the entry from the history, as the testers' did."""
    page = make_page(**options)
    page.add_init_script("window.addEventListener('unload', () => {})")
    return page


def test_back_after_a_corrected_wrong_answer_shows_a_page(make_page, survey):
    services.add_question(survey, "number", CHILDREN, name="enfants", whole_number=True,
                          min_value=0, max_value=20)
    page = _no_bfcache(make_page)
    _answer(page, survey.slug, "Non")
    page.get_by_label(CHILDREN).fill("2,5")
    _send(page)
    assert "brouillon=" in page.url and "2%2C5" not in page.url
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    assert summary.get_by_role("link").all_inner_texts() == [
        "Combien d'enfants vivent chez vous\u202f? Indiquez un nombre entier, sans "
        "virgule, par exemple 12."]  # French spacing: narrow no-break, no-break
    assert page.get_by_label(re.compile("^Que vous manque-t-il")).input_value() == "un médecin"
    assert _responses() == 0
    page.get_by_label(CHILDREN).fill("2")
    _send(page)
    assert THANKS in page.locator("main").inner_text()
    assert _responses() == 1
    _back_shows_a_page(page)
    assert _responses() == 1


def test_back_after_conditional_questions_without_javascript_shows_a_page(make_page, survey):
    page = _no_bfcache(make_page, java_script_enabled=False)
    _answer(page, survey.slug, "Oui")
    _send(page)
    assert "brouillon=" in page.url
    notice = page.locator("#nouvelles")
    assert "Votre réponse ouvre une nouvelle question" in notice.inner_text()
    assert page.locator(".error-summary").count() == 0 and _responses() == 0
    _pick(page, "Par quel biais avez-vous eu l'information", "Facebook")
    _send(page)
    assert THANKS in page.locator("main").inner_text()
    assert _responses() == 1
    _back_shows_a_page(page)
    assert _responses() == 1
