"""Fixtures of the privacy tests."""
import pytest

from participation import create_app
from participation.config import TestConfig
from participation.extensions import db, limiter


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
