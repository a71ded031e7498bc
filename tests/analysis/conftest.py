"""Fixtures shared by the analysis tests."""
import pytest


@pytest.fixture
def low_minimum(app):
    """Publish every count (minimum 1) so the hand-counted figures show on the pages."""
    before = app.config.get("ANALYSIS_MIN_COUNT")
    app.config["ANALYSIS_MIN_COUNT"] = 1
    yield 1
    app.config["ANALYSIS_MIN_COUNT"] = before
