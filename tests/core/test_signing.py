"""``core.signing.QuickSigning`` makes and reads the very tokens of itsdangerous.

The front layer (core/pagefront.py) signs CSRF tokens and session cookies with it; Flask-WTF
and Flask read them with their own itsdangerous serializers, so any difference would refuse a
resident's answer (CSRF) or drop their session.
"""
from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from itsdangerous import URLSafeTimedSerializer

from participation.core.sessions import CachedSerializerSessionInterface
from participation.core.signing import COMPACT_JSON, QuickSigning

RAW = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c"  # a Flask-WTF raw token: 40 hex digits


def _csrf(secret="key") -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt="wtf-csrf-token")  # as flask_wtf.csrf


def _session_serializer(fallbacks=()) -> URLSafeTimedSerializer:
    app = Flask(__name__)
    app.config.update(SECRET_KEY="key", SECRET_KEY_FALLBACKS=list(fallbacks))
    return CachedSerializerSessionInterface().get_signing_serializer(app)


@pytest.mark.parametrize("make, value", [
    (_csrf, RAW),
    (_session_serializer, {"csrf_token": RAW}),
    (_session_serializer, {"csrf_token": RAW, "lang": "fr-x-falc"}),
])
def test_the_same_token_as_itsdangerous_at_the_same_second(time_machine, make, value):
    time_machine.move_to("2026-11-29T18:00:00+00:00", tick=False)
    serializer = make()
    for quick in (QuickSigning(serializer), QuickSigning(serializer, dump=COMPACT_JSON)):
        assert quick.dumps(value) == serializer.dumps(value)
        assert serializer.loads(quick.dumps(value), max_age=60) == value


def test_it_reads_itsdangerous_tokens_and_refuses_what_itsdangerous_refuses(time_machine):
    time_machine.move_to("2026-11-29T18:00:00+00:00", tick=False)
    serializer = _session_serializer(fallbacks=["old"])
    quick = QuickSigning(serializer)
    big = {"csrf_token": "a" * 400}  # compressible: itsdangerous zips it (".eJ…")
    assert serializer.dumps(big).startswith(".")
    assert quick.loads(serializer.dumps(big), max_age=60) == big
    by_old_key = URLSafeTimedSerializer("old", salt=serializer.salt,
                                        serializer=serializer.serializer,
                                        signer_kwargs=serializer.signer_kwargs)
    assert quick.loads(by_old_key.dumps({"lang": "ar"}), max_age=60) == {"lang": "ar"}
    token = quick.dumps({"csrf_token": RAW})
    payload, stamp, signature = token.split(".")
    forged = f"{payload[:-2]}xx.{stamp}.{signature}"
    for bad in (forged, token[:-1], "", "é.a.b", "a.b", token.replace(".", "")):
        assert quick.loads(bad, max_age=60) is None
    other_key = QuickSigning(URLSafeTimedSerializer("other", salt="cookie-session"))
    assert other_key.loads(token, max_age=60) is None
    time_machine.shift(timedelta(seconds=61))
    assert quick.loads(token, max_age=60) is None  # expired
    assert quick.loads(token, max_age=61) == {"csrf_token": RAW}
    time_machine.shift(timedelta(seconds=-120))
    assert quick.loads(token, max_age=60) is None  # signed in the future


def test_the_session_interface_reads_its_cookie_and_refuses_a_forged_or_expired_one(
        time_machine):
    """``CachedSerializerSessionInterface.open_session`` reads the cookie with QuickSigning:
    the session Flask wrote comes back whole (tagged values too), a forged or expired
    cookie gives an empty session, as Flask's own reading does."""
    time_machine.move_to("2026-11-29T18:00:00+00:00", tick=False)
    app = Flask(__name__)
    app.config.update(SECRET_KEY="key", PERMANENT_SESSION_LIFETIME=timedelta(seconds=60))
    app.session_interface = CachedSerializerSessionInterface()

    @app.post("/write")
    def write():
        from flask import session

        session.update(csrf_token=RAW, lang="fr-x-falc", seen=(1, 2), n=3)
        return ""

    @app.get("/read")
    def read():
        from flask import session

        return {"session": dict(session)}

    client = app.test_client()
    client.post("/write")
    cookie = client.get_cookie("session").value
    expected = {"csrf_token": RAW, "lang": "fr-x-falc", "seen": [1, 2], "n": 3}
    assert client.get("/read").json == {"session": expected}
    client.set_cookie("session", cookie[:-2] + "xx")
    assert client.get("/read").json == {"session": {}}
    client.set_cookie("session", cookie)
    time_machine.shift(timedelta(seconds=61))
    assert client.get("/read").json == {"session": {}}
