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
