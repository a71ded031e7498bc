"""Pressing Back after the thank-you page and sending again stores nothing twice; the resident
is told this browser already answered, and may still answer as another person (a shared
tablet). Driven with WebTest as a browser would: the cookie jar is the browser's."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from participation.extensions import db
from participation.surveys.models import Response
from tests.formfill import form_to, text_of, tick
from tests.surveys.helpers import survey_with_condition


def _responses() -> int:
    return db.session.scalar(select(func.count(Response.id)))


def _fill(page, url: str, note: str):
    form = form_to(page, url)
    tick(form, "Non")
    tick(form, note)
    return form


@pytest.mark.forms("surveys/answer.html")
def test_back_after_thanks_then_send_again_stores_one_response(webapp, territory):
    survey = survey_with_condition(territory)
    url = f"/s/{survey.slug}"
    page = webapp.get(url)
    form = _fill(page, url, "7")
    thanks = form.submit().follow()
    assert "Merci, vos réponses sont bien enregistrées" in text_of(thanks)
    assert _responses() == 1
    # Back shows the same rendered page again (browser cache); the resident sends it again
    again = form.submit().follow()
    assert _responses() == 1
    assert "elles ne sont enregistrées qu’une fois" in text_of(again)


@pytest.mark.forms("surveys/answer.html")
def test_a_reloaded_form_is_not_stored_without_saying_it_is_another_person(webapp, territory):
    survey = survey_with_condition(territory)
    url = f"/s/{survey.slug}"
    stale = webapp.get(url)  # a second tab, or Back with a reload: a fresh token
    _fill(webapp.get(url), url, "7").submit().follow()
    page = _fill(stale, url, "2").submit(status=303).follow()  # Post/Redirect/Get
    assert _responses() == 1
    assert "Ce navigateur a déjà envoyé une réponse" in text_of(page)
    form = form_to(page, url)  # the answers are kept, the choice is the resident's
    assert form["autre"].value == "1"
    form.submit().follow()
    assert _responses() == 2


@pytest.mark.forms("surveys/answer.html")
def test_shared_tablet_answers_for_the_next_person(webapp, territory):
    survey = survey_with_condition(territory)
    url = f"/s/{survey.slug}"
    thanks = _fill(webapp.get(url), url, "7").submit().follow()
    notice = webapp.get(url)
    assert "Ce navigateur a déjà envoyé une réponse" in text_of(notice)
    assert notice.html.find("form", attrs={"action": url}) is None  # no form sent by mistake
    page = thanks.click("Répondre pour une autre personne")
    _fill(page, url, "4").submit().follow()
    page = notice.click("Je suis une autre personne")
    _fill(page, url, "9").submit().follow()
    assert _responses() == 3
