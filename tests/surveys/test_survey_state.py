"""A survey set "open" with dates: its effective state (scheduled, open, ended) is what the
coordinator reads on the survey's page and the /surveys/ list, and what a resident reads at
the public link (participation/surveys/state.py). The clock is pinned: 24 Nov 2026, 10:00
Paris (tests/conftest.py)."""
from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import func, select

from participation.core.clock import PARIS
from participation.extensions import db
from participation.surveys.models import Response
from tests.formfill import form_to, text_of
from tests.surveys.helpers import survey_with_condition


def _set_dates(webapp, survey, opens: str, closes: str):
    """The coordinator types the dates in the settings form as rendered."""
    form = form_to(webapp.get(f"/surveys/{survey.id}"), f"/surveys/{survey.id}")
    form["opens_at"], form["closes_at"] = opens, closes
    return form.submit().follow()


@pytest.mark.forms("surveys/edit.html#7")
def test_future_opening_is_shown_as_scheduled_and_refuses_answers(webapp, web_login, territory):
    survey = survey_with_condition(territory)
    web_login("coordinator")
    page = _set_dates(webapp, survey, "2026-12-01T09:00", "2026-12-15T18:00")
    expected = "Programmé : ouvre le 1 décembre 2026 à 09h00"
    assert f"Statut : {expected}" in text_of(page) and "Statut : Ouvert" not in text_of(page)
    listing = text_of(webapp.get("/surveys/"))
    assert f"Enquête flash {expected}" in listing
    resident = text_of(webapp.get(f"/s/{survey.slug}"))
    assert "Ce questionnaire ouvrira le 1 décembre 2026 à 09h00" in resident
    assert "clos" not in resident
    csrf = form_to(webapp.get("/surveys/"), "/surveys/new")["csrf_token"].value
    refused = webapp.post(f"/s/{survey.slug}", {"token": "z" * 20, "csrf_token": csrf})
    assert "Ce questionnaire ouvrira le 1 décembre 2026 à 09h00" in text_of(refused)
    assert db.session.scalar(select(func.count(Response.id))) == 0


@pytest.mark.forms("surveys/edit.html#7")
def test_passed_closing_date_is_shown_as_closed_since(webapp, web_login, territory):
    survey = survey_with_condition(territory)
    web_login("coordinator")
    page = _set_dates(webapp, survey, "2026-11-01T09:00", "2026-11-20T18:30")
    expected = "Clos depuis le 20 novembre 2026 à 18h30 (date de fermeture passée)"
    assert f"Statut : {expected}" in text_of(page)
    assert f"Enquête flash {expected}" in text_of(webapp.get("/surveys/"))
    assert "Ce questionnaire est clos" in text_of(webapp.get(f"/s/{survey.slug}"))


def test_state_follows_the_paris_clock(webapp, web_login, territory, pinned_clock):
    """Summer time: the opening typed 9:00 is 7:00 UTC; the list changes at 9:00 Paris."""
    survey = survey_with_condition(territory)
    survey.opens_at, survey.closes_at = datetime(2027, 6, 1, 9, 0), datetime(2027, 6, 15, 18)
    db.session.commit()
    web_login("coordinator")
    for moment, label in [(datetime(2027, 6, 1, 8, 59), "Programmé : ouvre le 1 juin 2027"),
                          (datetime(2027, 6, 1, 9, 0), "Enquête flash Ouvert"),
                          (datetime(2027, 6, 15, 18, 0), "Clos depuis le 15 juin 2027 à 18h00")]:
        pinned_clock.move_to(moment.replace(tzinfo=PARIS), tick=False)
        assert label in text_of(webapp.get("/surveys/")), moment
