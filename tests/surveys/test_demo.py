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
