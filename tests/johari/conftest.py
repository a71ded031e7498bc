from datetime import date

import pytest

from participation.johari import services


@pytest.fixture
def exercise(territory, quartier):
    return services.create_exercise(territory.id, "Johari du barbecue", quartier.id,
                                    date(2023, 6, 27))


@pytest.fixture
def req(app):
    """A request context, for services whose messages are translated."""
    with app.test_request_context("/"):
        yield


@pytest.fixture
def demo(app, _kept_rows):
    """The demo territory's base and the Hazebrouck Johari exercise (without the other
    features' demos: ``test_demo`` runs the real ``flask demo load``); loaded once per
    session, then restored from its rows (``tests.demo_rows.load_once``)."""
    from participation.demo.cli import _load_base
    from participation.extensions import db
    from participation.johari.demo import load_johari
    from participation.johari.models import JohariExercise
    from tests.demo_rows import load_once

    load_once("johari", _kept_rows, lambda: load_johari(_load_base()))
    return db.session.scalars(db.select(JohariExercise)).one()
