"""Flask's signed-cookie session, with its signing serializer built once per key set.

Flask builds a new ``URLSafeTimedSerializer`` (and its signers) for every request, twice (to
read the cookie, then to write it): about a tenth of a cached public page's time. The
serializer only depends on ``SECRET_KEY`` and ``SECRET_KEY_FALLBACKS``, so it is kept per
pair; changing either (tests, key rotation) builds a new one. The cookie is read with
``core.signing.QuickSigning`` (the same check, keys derived once: about 50 µs less per
request that carries a session, e.g. every resident's answer); a cookie it refuses is left
to itsdangerous, which decides as always.
"""
from __future__ import annotations

from flask import Flask, Request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer

from participation.core.signing import QuickSigning


class CachedSerializerSessionInterface(SecureCookieSessionInterface):
    """``SecureCookieSessionInterface`` reusing its serializer while the keys stay the same."""

    def __init__(self) -> None:
        self._serializers: dict[tuple, URLSafeTimedSerializer | None] = {}
        self._quick: tuple = (None, None)  # (serializer, its QuickSigning)

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        keys = (app.secret_key, tuple(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        serializer = self._serializers.get(keys)
        if serializer is None:
            serializer = super().get_signing_serializer(app)
            self._serializers = {keys: serializer}  # one key set at a time
        return serializer

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        """The session read from its cookie by ``QuickSigning``; Flask's own reading when
        there is no key or cookie, or the quick check refuses it (forged, expired,
        malformed: Flask then gives an empty session, as always)."""
        serializer = self.get_signing_serializer(app)
        value = request.cookies.get(self.get_cookie_name(app))
        if serializer is None or not value:
            return super().open_session(app, request)
        if self._quick[0] is not serializer:
            self._quick = (serializer, QuickSigning(serializer))
        data = self._quick[1].loads(value, int(app.permanent_session_lifetime.total_seconds()))
        if data is None:
            return super().open_session(app, request)
        return self.session_class(data)


def init_sessions(app: Flask) -> None:
    app.session_interface = CachedSerializerSessionInterface()
