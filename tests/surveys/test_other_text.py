"""Text typed in the "Autre :" box counts as choosing "Autre" (participation/surveys/answering.py
``_typed_other``), on the page as rendered without JavaScript, and on the paper-entry path
that shares the reader: single choice with the box unticked is stored as "Autre"; with another
option ticked too, a French error naming both, nothing stored, the text kept; multiple
choice adds "Autre" to the ticked options."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from participation.extensions import db
from participation.surveys import services
from participation.surveys.models import Answer, Response
from tests.formfill import form_to, text_of


@pytest.fixture
def channels(territory):
    survey = services.create_survey(territory.id, "Comment nous connaissez-vous")
    services.add_question(survey, "single", "Par quel biais ?", ["Bouche à oreille", "Facebook"],
                          has_other=True, required=True, name="canal")
    services.add_question(survey, "multiple", "Quels lieux fréquentez-vous ?",
                          ["Parc", "Marché", "Médiathèque"], has_other=True, max_choices=2,
                          name="lieux")
    services.set_status(survey, "open")
    return survey


def _qid(survey, name):
    return next(q.id for q in survey.questions if q.name == name)


def _option(survey, name, label):
    question = next(q for q in survey.questions if q.name == name)
    return str(next(o.id for o in question.options if o.label == label))


def _stored() -> list[tuple]:
    return db.session.execute(select(Answer.question_id, Answer.option_id, Answer.is_other,
                                     Answer.text).order_by(Answer.id)).all()


def test_single_choice_text_without_ticking_autre_is_stored_as_autre(webapp, channels):
    form = form_to(webapp.get(f"/s/{channels.slug}"), f"/s/{channels.slug}")
    canal = _qid(channels, "canal")
    form[f"q{canal}_autre"] = "Par une voisine"
    assert form.submit().status_int == 302
    assert _stored() == [(canal, None, True, "Par une voisine")]


def test_single_choice_ticked_and_autre_text_asks_which_one(webapp, channels):
    form = form_to(webapp.get(f"/s/{channels.slug}"), f"/s/{channels.slug}")
    canal = _qid(channels, "canal")
    form[f"q{canal}"] = _option(channels, "canal", "Facebook")
    form[f"q{canal}_autre"] = "Par une voisine"
    page = form.submit(status=303).follow()  # Post/Redirect/Get
    assert page.status_int == 200
    assert ("Une seule réponse possible : vous avez coché « Facebook » et écrit "
            "« Par une voisine » dans « Autre »") in text_of(page)
    again = form_to(page, f"/s/{channels.slug}")
    assert again[f"q{canal}_autre"].value == "Par une voisine"  # nothing lost
    assert db.session.scalar(select(func.count(Response.id))) == 0
    again[f"q{canal}"] = "autre"  # the resident answers: "Autre" it is
    assert again.submit().status_int == 302
    assert _stored() == [(canal, None, True, "Par une voisine")]


def test_multiple_choice_text_adds_autre(webapp, channels):
    form = form_to(webapp.get(f"/s/{channels.slug}"), f"/s/{channels.slug}")
    canal, lieux = _qid(channels, "canal"), _qid(channels, "lieux")
    form[f"q{canal}"] = _option(channels, "canal", "Facebook")
    parc = _option(channels, "lieux", "Parc")
    next(f for f in form.fields[f"q{lieux}"] if f._value == parc).checked = True
    form[f"q{lieux}_autre"] = "La piscine"
    assert form.submit().status_int == 302
    assert _stored()[1:] == [(lieux, int(parc), False, None), (lieux, None, True, "La piscine")]


def test_autre_text_counts_for_the_maximum(webapp, channels):
    """Two places ticked and one typed is three: "Choisissez au plus 2 réponses"."""
    form = form_to(webapp.get(f"/s/{channels.slug}"), f"/s/{channels.slug}")
    canal, lieux = _qid(channels, "canal"), _qid(channels, "lieux")
    form[f"q{canal}"] = _option(channels, "canal", "Facebook")
    for box in form.fields[f"q{lieux}"][:2]:
        box.checked = True
    form[f"q{lieux}_autre"] = "La piscine"
    page = form.submit(status=303).follow()  # Post/Redirect/Get
    assert "Choisissez au plus 2 réponses." in text_of(page)
    assert db.session.scalar(select(func.count(Response.id))) == 0
