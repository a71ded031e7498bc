"""Demo: the Hazebrouck Johari windows with every post-it of the contract's Annexe 3."""
from __future__ import annotations

from sqlalchemy import select

from participation.demo import data as demo_data
from participation.extensions import db
from participation.johari import services
from participation.johari.demo_data import CONCLUSIONS, EXERCISE, POSTITS
from participation.johari.models import JohariExercise
from participation.territory.models import Quartier


def load_johari(territory) -> None:
    """Create the exercise once; its challenges come from the keyword suggestion."""
    exists = db.session.scalar(select(JohariExercise.id).where(
        JohariExercise.territory_id == territory.id, JohariExercise.title == EXERCISE["title"]))
    if exists:
        return
    quartier = db.session.scalar(select(Quartier).where(
        Quartier.territory_id == territory.id, Quartier.code == demo_data.QUARTIER["code"]))
    exercise = services.create_exercise(territory.id, EXERCISE["title"], quartier.id,
                                        EXERCISE["held_on"])
    for slug, quadrants in POSTITS.items():
        group = exercise.group(slug)
        for quadrant, texts in quadrants.items():
            for number, text in enumerate(texts):
                services.add_postits(group, [(quadrant, text)],
                                     f"demo-{exercise.id}-{slug}-{quadrant}-{number}",
                                     said_on=EXERCISE["held_on"])
    services.save_conclusions(exercise, CONCLUSIONS)
