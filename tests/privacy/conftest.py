"""Fixtures of the privacy tests."""
import pytest
from sqlalchemy import select

from participation.contributions.models import Contribution, ContributionLink
from participation.core import clock
from participation.extensions import db
from participation.territory.models import Territory
from tests.limits import limited_app


@pytest.fixture
def limited_client(app):
    """A client of a second app on the same database with the rate limits switched on, the
    public forms limited to 3 a minute (``limits.limited_app``)."""
    with limited_app(app, PUBLIC_SUBMIT_LIMIT="3/minute") as limited:
        yield limited.test_client()


@pytest.fixture
def demo(demo_db):
    """The demo territory (every feature's demo loader), plus a link between contributions."""
    territory = db.session.scalar(select(Territory).where(Territory.slug == "coeur-de-flandre"))
    first, second = db.session.scalars(select(Contribution).where(
        Contribution.territory_id == territory.id).order_by(Contribution.id).limit(2)).all()
    db.session.add(ContributionLink(from_id=second.id, to_id=first.id, kind="repond"))
    _complete_demo(territory)
    db.session.commit()
    return territory


def _complete_demo(territory) -> None:
    """Records the features' demo loaders do not create yet, so every URL has an id."""

    from participation.events.models import CheckIn, Event, Registration
    from participation.surveys.models import Batch, Survey

    survey = db.session.scalar(select(Survey).where(Survey.territory_id == territory.id)
                               .order_by(Survey.id))
    if survey and not db.session.scalar(select(Batch.id).where(Batch.survey_id == survey.id)):
        db.session.add(Batch(survey_id=survey.id, label="Pile démo",
                             collected_on=clock.local_today()))
    # the demo holds two events (the barbecue and its tables citoyennes): the first one
    event = db.session.scalar(select(Event).where(Event.territory_id == territory.id)
                              .order_by(Event.id))
    if event and not db.session.scalar(select(CheckIn.id).where(CheckIn.event_id == event.id)):
        registration = Registration(event_id=event.id, form_token="demo-privacy", name="Démo")
        db.session.add(registration)
        db.session.flush()
        db.session.add(CheckIn(event_id=event.id, registration_id=registration.id,
                               name="Démo", name_key="demo"))
