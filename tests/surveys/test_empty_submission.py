"""A submission with no answer at all is refused on every path that reads a questionnaire
(fresh tester: "Envoyer mes réponses" with nothing filled was thanked and stored, so the
results said "11 avis récoltés" for 9 people and a share's base counted the empty one)."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from participation.extensions import db
from participation.surveys import services
from participation.surveys.models import Response
from tests.formfill import form_to

EMPTY = "Votre réponse est vide : répondez à au moins une question avant d'envoyer."


def _survey(territory, quartier):
    """Only optional questions: nothing stops an empty form but the new rule."""
    survey = services.create_survey(territory.id, "Le square", quartier_ids=[quartier.id])
    services.add_question(survey, "single", "Le square vous plaît ?", ["Oui", "Non"],
                          name="plait")
    services.add_question(survey, "long_text", "Que manque-t-il ?", name="manque")
    services.set_status(survey, "open")
    return survey


def _responses() -> int:
    return db.session.scalar(select(func.count(Response.id)))


@pytest.mark.forms("surveys/answer.html")
def test_an_empty_public_form_is_refused_and_nothing_stored(webapp, territory, quartier):
    survey = _survey(territory, quartier)
    url = f"/s/{survey.slug}"
    page = form_to(webapp.get(url), url).submit(expect_errors=True)
    shown = page.maybe_follow()
    assert EMPTY in " ".join(shown.html.get_text(" ").split())
    assert _responses() == 0
    form = form_to(shown, url)
    form[f"q{survey.questions[1].id}"] = "des bancs"
    assert form.submit().status_int == 302
    assert _responses() == 1


def test_an_empty_tablet_interview_is_refused(webapp, web_login, territory, quartier):
    survey = _survey(territory, quartier)
    web_login("facilitator")
    url = f"/surveys/{survey.id}/interview"
    form = form_to(webapp.get(url), url)
    form["place"] = "Marché du samedi"
    shown = form.submit(expect_errors=True)
    shown = shown.maybe_follow()
    assert EMPTY in " ".join(shown.html.get_text(" ").split())
    assert _responses() == 0
