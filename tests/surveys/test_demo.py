"""``flask demo load`` brings the Hazebrouck flash survey with its 112 answers, once."""
from __future__ import annotations

from sqlalchemy import func, select

from participation.extensions import db
from participation.surveys.frames import read_frames
from participation.surveys.models import Response, Survey
from participation.surveys.results import survey_results


def test_demo_load_is_idempotent_and_complete(demo_first_load, runner):
    result = runner.invoke(args=["demo", "load"])  # a second time, over the first load
    assert result.exit_code == 0, result.output
    surveys = db.session.scalars(select(Survey)).all()
    assert len(surveys) == 1 and surveys[0].status == "closed"
    assert db.session.scalar(select(func.count(Response.id))) == 112
    assert {r.quartier_id for r in db.session.scalars(select(Response))} == {
        surveys[0].quartiers[0].id}
    data = survey_results(read_frames(surveys[0]))
    needs = next(q for q in data["questions"] if q["name"] == "manques")
    assert needs["codes"][0]["label"] == "Plus d'activité sur le quartier"


def test_demo_intro_never_promises_anonymity_while_asking_contacts(demo_first_load):
    """The demo survey asks a name and a phone (optional): its intro says they are optional
    and kept apart, in every language, never « Vos réponses sont anonymes » (field test
    t26field, defect 6)."""
    from participation.surveys.demo_translations import TEXTS

    survey = db.session.scalars(select(Survey).order_by(Survey.id)).first()
    assert any(q.personal for q in survey.questions)
    assert survey.intro.endswith("Vos coordonnées sont facultatives et gardées à part de "
                                 "vos réponses.")
    intros = TEXTS["survey"]["intro"]
    assert "anonym" not in intros["en"] + intros["tr"] and "Personne ne saura" not in \
        intros["fr-x-falc"]
