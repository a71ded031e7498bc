"""Demo: the Hazebrouck Johari windows with every post-it of the contract's Annexe 3."""
from __future__ import annotations

from sqlalchemy import select

from participation.demo import data as demo_data
from participation.extensions import db
from participation.johari import services, translations
from participation.johari.demo_data import (
    CONCLUSIONS,
    CONFIRMED,
    EXERCISE,
    FACILITATOR,
    POSTITS,
    TITLE_TRANSLATIONS,
)
from participation.johari.models import JohariExercise, PostIt
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
    for language, title in TITLE_TRANSLATIONS.items():
        translations.set_text(exercise, "title", language, title)
    for slug, quadrants in POSTITS.items():
        group = exercise.group(slug)
        for quadrant, texts in quadrants.items():
            for number, text in enumerate(texts):
                services.add_postits(group, [(quadrant, text)],
                                     f"demo-{exercise.id}-{slug}-{quadrant}-{number}",
                                     said_on=EXERCISE["held_on"])
    _confirm(exercise)
    services.save_conclusions(exercise, CONCLUSIONS)


def _confirm(exercise: JohariExercise) -> None:
    """The facilitator confirms the suggested challenge of the post-its of ``CONFIRMED``
    (``analysis.services.accept_suggestion``, as the review queue does); a suggestion the
    tagger did not make is not invented."""
    from participation.accounts.models import User
    from participation.analysis.services import accept_suggestion

    user_id = db.session.scalar(select(User.id).where(User.email == FACILITATOR))
    postits = {p.text: p for g in exercise.groups for p in db.session.scalars(
        select(PostIt).where(PostIt.group_id == g.id))}
    for code, texts in CONFIRMED.items():
        for text in texts:
            contribution = postits[text].contribution
            ids = [t.challenge_id for t in contribution.tags if t.challenge.code == code]
            if ids:
                accept_suggestion(contribution, ids, user_id, commit=False)
    db.session.commit()
