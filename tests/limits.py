"""A second app on the test database with the rate limits switched on (the test app runs with
them off, ``TestConfig``): the routes that must answer 429 are tried against it."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask

from participation import create_app
from participation.config import TestConfig
from participation.extensions import db, limiter


@contextmanager
def limited_app(app: Flask, **config) -> Iterator[Flask]:
    """An app from the factory on ``app``'s database with Flask-Limiter on, counting in
    memory, plus ``config`` (e.g. ``PUBLIC_SUBMIT_LIMIT="3/minute"``). On leaving, the
    limiter's counts are reset and it is switched off again (the extension is shared with
    ``app``), and the second app's sessions and connections are closed."""
    limited = create_app(TestConfig.as_dict() | {
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": "memory://", **config})
    try:
        yield limited
    finally:
        limiter.reset()
        limiter.enabled = False
        with limited.app_context():
            db.session.remove()
            db.engine.dispose()
