"""Survey -> event: the thank-you page offers the sign-up of the events the survey leads to."""
from __future__ import annotations

from datetime import timedelta

from participation.extensions import db
from tests.events.conftest import make_event
from tests.surveys.helpers import survey_with_condition


def test_thanks_page_lists_linked_upcoming_events(client, territory, quartier):
    survey = survey_with_condition(territory, quartier)
    linked = make_event(territory, days=12, survey_id=survey.id, quartier_ids=[quartier.id])
    past = make_event(territory, days=3, title="Réunion passée", survey_id=survey.id)
    past.starts_at -= timedelta(days=10)
    past.ends_at -= timedelta(days=10)
    other = make_event(territory, days=5, title="Atelier sans lien")
    db.session.commit()
    page = client.get(f"/s/{survey.slug}/merci").get_data(as_text=True)
    assert "Venez aux rencontres liées à ce questionnaire" in page
    section = page.split("Venez aux rencontres")[1].split("Prochains rendez-vous")[0]
    assert "Barbecue participatif" in section and "Je m’inscris" in section
    assert f'href="/events/{linked.id}"' in section
    assert linked.starts_at.strftime("%H:%M") in section
    assert str(linked.starts_at.year) in section
    assert "Réunion passée" not in page
    assert f'href="/events/{other.id}"' not in section
    # the linked event is not listed twice (it is also open in the quartier)
    assert page.count(f'href="/events/{linked.id}"') == 1
    signup = client.get(f"/events/{linked.id}")
    assert signup.status_code == 200


def test_thanks_page_without_linked_events(client, territory, quartier):
    survey = survey_with_condition(territory, quartier)
    page = client.get(f"/s/{survey.slug}/merci").get_data(as_text=True)
    assert "Venez aux rencontres" not in page and "Je m’inscris" not in page
