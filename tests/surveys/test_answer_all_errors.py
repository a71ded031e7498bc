"""The public questionnaire shows every mistake at once (field test s27, checked on every
public form): a required question left blank, a number out of its range, a date that is
not one and a contact left without the consent box, all told on the page the resident is
sent back to (role="alert" summary linking to each question, each message next to it with
aria-describedby), the answers typed kept, nothing stored. No JavaScript: WebTest sends the
form as rendered."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from participation.extensions import db
from participation.surveys import services
from participation.surveys.models import Response
from tests.errorcheck import assert_every_error_shown
from tests.formfill import form_to
from tests.rows import count_rows
from tests.surveys.helpers import q


def _survey(territory, quartier):
    survey = services.create_survey(territory.id, "Le square", quartier_ids=[quartier.id])
    services.add_question(survey, "single", "Le square vous plaît ?", ["Oui", "Non"],
                          name="plait", required=True)
    services.add_question(survey, "number", "Combien de fois y allez-vous par semaine ?",
                          name="fois", min_value=0, max_value=14)
    services.add_question(survey, "date", "Quand y êtes-vous allé la dernière fois ?",
                          name="quand")
    services.add_question(survey, "short_text", "Votre téléphone pour être rappelé",
                          name="tel", personal=True)
    services.set_status(survey, "open")
    return survey


@pytest.mark.forms("surveys/answer.html")
def test_every_mistake_of_an_answer_is_shown_at_once(webapp, territory, quartier):
    survey = _survey(territory, quartier)
    url = f"/s/{survey.slug}"
    form = form_to(webapp.get(url), url)
    ids = {name: q(survey, name).id for name in ("plait", "fois", "quand", "tel")}
    form[f"q{ids['fois']}"], form[f"q{ids['quand']}"] = "20", "27/13/2024"
    form[f"q{ids['tel']}"] = "06 12 34 56 78"
    page = form.submit(status=303).follow()
    assert_every_error_shown(page, {
        f"q{ids['plait']}": "Répondez à cette question.",
        f"q{ids['fois']}": "Indiquez un nombre entre 0 et 14.",
        f"q{ids['quand']}": "Indiquez une date valide, par exemple 2024-06-27.",
        "consent": "Cochez la case pour que nous gardions vos coordonnées, ou effacez-les."})
    assert count_rows(Response) == 0
    form = form_to(page, url)
    assert (form[f"q{ids['fois']}"].value, form[f"q{ids['tel']}"].value) == ("20",
                                                                           "06 12 34 56 78")
    form[f"q{ids['plait']}"] = str(q(survey, "plait").options[0].id)
    form[f"q{ids['fois']}"], form[f"q{ids['quand']}"] = "3", "2024-06-27"
    form["consent"] = True
    form.submit(status=302)
    assert db.session.scalars(select(Response).order_by(Response.id)).one().survey_id \
        == survey.id
