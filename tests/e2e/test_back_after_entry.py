"""Back after a facilitator saved what a person said (fresh tester): on the micro-trottoir
page, Chromium's Back brought the previous person's answers back into the form (the page is
fetched again, with a new one-time token, and the browser restored the typed values), and
saving again stored a duplicate. The facilitators' entry forms (micro-trottoir, tablet
interview, table remarks, Johari post-its) are ``autocomplete="off"``: Back shows an empty
form, and one person's words are stored once."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from participation.contributions.models import Contribution
from participation.demo import data
from participation.extensions import db
from tests.e2e.helpers import log_in

pytestmark = pytest.mark.e2e
FACILITATOR = next(u for u in data.USERS if u[2] == "facilitator")
SAID = "le square est sale le soir, faudrait des poubelles"


def _login(page) -> None:
    log_in(page, FACILITATOR[0], FACILITATOR[3])


def _saying(text: str) -> int:
    return db.session.scalar(select(func.count(Contribution.id)).where(
        Contribution.text == text))


def test_back_after_a_street_interview_shows_an_empty_form(page, survey):
    _login(page)
    page.goto(f"/surveys/{survey.id}/street")
    page.get_by_label("Où ? (lieu de recueil)").fill("Marché du samedi")
    answer = page.locator("form textarea, form input[type=text][name^=q]").first
    answer.fill(SAID)
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Réponses enregistrées. Personne suivante")).to_be_visible()
    page.go_back()
    page.wait_for_load_state()
    assert page.locator("form textarea, form input[type=text][name^=q]").first \
        .input_value() == ""
    assert _saying(SAID) == 1
