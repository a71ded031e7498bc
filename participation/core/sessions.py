"""Flask's signed-cookie session, with its signing serializer built once per key set.

Flask builds a new ``URLSafeTimedSerializer`` (and its signers) for every request, twice (to
read the cookie, then to write it): about a tenth of a cached public page's time. The
serializer only depends on ``SECRET_KEY`` and ``SECRET_KEY_FALLBACKS``, so it is kept per
pair; changing either (tests, key rotation) builds a new one.
"""
from __future__ import annotations

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer


class CachedSerializerSessionInterface(SecureCookieSessionInterface):
    """``SecureCookieSessionInterface`` reusing its serializer while the keys stay the same."""

    def __init__(self) -> None:
        self._serializers: dict[tuple, URLSafeTimedSerializer | None] = {}

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        keys = (app.secret_key, tuple(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        serializer = self._serializers.get(keys)
        if serializer is None:
            serializer = super().get_signing_serializer(app)
            self._serializers = {keys: serializer}  # one key set at a time
        return serializer


def init_sessions(app: Flask) -> None:
    app.session_interface = CachedSerializerSessionInterface()
