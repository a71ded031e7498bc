"""Fixtures of the offline browser tests: a tablet (``device.Tablet``) whose every request
must reach the live server alone, and a survey with a condition."""
from __future__ import annotations

import pytest

from tests.e2e.helpers import foreign_requests
from tests.e2e.offline.device import Tablet
from tests.surveys.helpers import survey_with_condition


@pytest.fixture
def tablet(browser, live_server, tmp_path):
    device = Tablet(browser, live_server, tmp_path / "profil")
    yield device
    device.close()
    assert foreign_requests(device.requested, live_server) == []


@pytest.fixture
def survey(territory, quartier):
    return survey_with_condition(territory, quartier)
