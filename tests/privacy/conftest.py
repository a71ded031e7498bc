"""Fixtures of the privacy tests."""
import pytest
from sqlalchemy import select

from participation import create_app
from participation.config import TestConfig
from participation.contributions.models import Contribution, ContributionLink
from participation.extensions import db, limiter
from participation.territory.models import Territory


@pytest.fixture
def limited_client(app):
    """A client of a second app on the same database with the rate limits switched on."""
    limited = create_app(TestConfig.as_dict() | {
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": "memory://",
        "PUBLIC_SUBMIT_LIMIT": "3/minute"})
    try:
        yield limited.test_client()
    finally:
        limiter.reset()
        limiter.enabled = False
        with limited.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def demo(runner):
    """The demo territory (every feature's demo loader), plus a link between contributions."""
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    territory = db.session.scalar(select(Territory).where(Territory.slug == "coeur-de-flandre"))
    first, second = db.session.scalars(select(Contribution).where(
        Contribution.territory_id == territory.id).order_by(Contribution.id).limit(2)).all()
    db.session.add(ContributionLink(from_id=second.id, to_id=first.id, kind="repond"))
    db.session.commit()
    return territory
