"""Finding 4 of issue #17: an event leads only from a survey of its own territory.

A coordinator of territory A, editing A's event in the rendered form, cannot choose (nor
forge) B's survey; B's public thank-you page never shows A's event and its sign-up form.
"""
from __future__ import annotations

import pytest

from participation.core.errors import DomainError
from participation.events.models import Event
from participation.extensions import db
from tests import factories
from tests.events.conftest import make_event
from tests.surveys.helpers import survey_with_condition


@pytest.fixture
def two_territories(territory, quartier):
    other = factories.territory(name="Autre agglomération", communes=("Ailleurs",))
    other_quartier = factories.quartier(other, name="Les Hauts")
    return (territory, survey_with_condition(territory, quartier),
            other, survey_with_condition(other, other_quartier))


def _event_form(webapp, event_id: int):
    page = webapp.get(f"/events/{event_id}/edit")
    return next(f for f in page.forms.values() if "survey_id" in f.fields)


def test_the_form_offers_only_the_territorys_surveys(webapp, web_login, two_territories):
    mine, my_survey, _other, their_survey = two_territories
    web_login("coordinator", mine)
    event = make_event(mine)
    form = _event_form(webapp, event.id)
    offered = {value for value, _selected, _label in form["survey_id"].options}
    assert str(my_survey.id) in offered and str(their_survey.id) not in offered
    form["survey_id"] = str(my_survey.id)
    assert form.submit().status_int == 302
    assert db.session.get(Event, event.id).survey_id == my_survey.id


def test_a_forged_survey_of_another_territory_is_refused(webapp, web_login, two_territories):
    mine, _my_survey, _other, their_survey = two_territories
    web_login("coordinator", mine)
    event = make_event(mine)
    form = _event_form(webapp, event.id)
    form["survey_id"].force_value(str(their_survey.id))
    response = form.submit(status=422)
    assert "existe pas dans votre territoire" in response.text
    db.session.expire_all()
    assert db.session.get(Event, event.id).survey_id is None
    other_page = webapp.get(f"/s/{their_survey.slug}/merci").text
    assert f'href="/events/{event.id}"' not in other_page


def test_the_service_refuses_another_territorys_survey(two_territories):
    mine, _my_survey, _other, their_survey = two_territories
    with pytest.raises(DomainError) as refused:
        make_event(mine, survey_id=their_survey.id)
    assert refused.value.field == "survey_id"
    assert db.session.query(Event).count() == 0


def test_an_event_linked_before_the_check_is_not_shown_elsewhere(client, two_territories):
    mine, _my_survey, _other, their_survey = two_territories
    event = make_event(mine)
    event.survey_id = their_survey.id  # a row written before this rule existed
    db.session.commit()
    page = client.get(f"/s/{their_survey.slug}/merci").get_data(as_text=True)
    assert f'href="/events/{event.id}"' not in page
