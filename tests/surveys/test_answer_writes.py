"""A resident's answer is committed before anything slow: the challenge suggested for a free
text of an untagged question is computed once the response is sent (its own transaction),
and the answer's write touches its own territory's data version only."""
from __future__ import annotations

from sqlalchemy import select

from participation.analysis.autotag import suggestions
from participation.contributions.models import Contribution
from participation.extensions import db
from participation.territory.models import Territory
from tests import factories
from tests.formfill import form_to
from tests.surveys.helpers import needs_survey

TEXT = "il manque un médecin et une pharmacie dans le quartier"


_survey = needs_survey


def test_a_free_text_answer_gets_its_suggestion_after_the_response(webapp, territory):
    survey = _survey(territory)
    url = f"/s/{survey.slug}"
    form = form_to(webapp.get(url), url)
    form[f"q{survey.questions[0].id}"] = TEXT
    assert form.submit().status_int == 302  # WebTest, like gunicorn, closes the response
    db.session.expire_all()
    contribution = db.session.scalar(select(Contribution).where(Contribution.text == TEXT))
    expected = suggestions(territory.id, [TEXT])["challenge_id"].tolist()
    assert expected  # the national tree's keywords know a doctor
    assert [(t.challenge_id, t.origin) for t in contribution.tags] == [
        (expected[0], "suggested")]


def test_an_answer_changes_only_its_territorys_data_version(webapp, territory):
    other = factories.territory("Flandre intérieure")
    before = db.session.get(Territory, other.id).data_version
    survey = _survey(territory)
    url = f"/s/{survey.slug}"
    form = form_to(webapp.get(url), url)
    form[f"q{survey.questions[0].id}"] = TEXT
    assert form.submit().status_int == 302
    db.session.expire_all()
    assert db.session.get(Territory, other.id).data_version == before
