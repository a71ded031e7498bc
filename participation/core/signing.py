"""itsdangerous' timed signatures with the key derived once: the front layer's CSRF tokens
and session cookies.

``URLSafeTimedSerializer.dumps`` derives its key again (one more hash or HMAC) and builds a
new signer on each call, and tries to ``zlib``-compress every payload (a new compressor
each time): about 60 µs of CPU per signature, three times the whole cost of a cached page
served in front of Flask. ``QuickSigning`` makes the very same tokens from a given
serializer — same key derivation, digest, separator, payload serializer and timestamp — with
the key derived once. Its ``dumps`` never compresses: its tokens are what itsdangerous
writes for a payload that does not shrink (a random token, a small session: always the case
for the values this layer signs), and ``loads`` of any itsdangerous serializer of the same
keys and salt reads them (tests/core/test_signing.py checks both).
"""
from __future__ import annotations

import hmac
import json
import time
from collections.abc import Callable
from typing import Any

from itsdangerous import URLSafeTimedSerializer
from itsdangerous.encoding import base64_decode, base64_encode, bytes_to_int, int_to_bytes
from itsdangerous.exc import BadData
from itsdangerous.serializer import Serializer
from itsdangerous.signer import HMACAlgorithm

# The JSON Flask's session serializer (keys sorted, as its JSON provider writes them) and
# itsdangerous' compact one write for strings and dicts of strings without tags (the keys
# Flask's tagged JSON uses start with a space).
COMPACT_JSON = json.JSONEncoder(separators=(",", ":"), sort_keys=True).encode


class QuickSigning:
    """Sign (``dumps``) and verify (``loads``) like ``serializer``, keys derived once.

    Raises ``ValueError`` for a serializer whose signer is not HMAC-based (the only kind
    Flask and Flask-WTF use)."""

    def __init__(self, serializer: URLSafeTimedSerializer,
                 dump: Callable[[Any], str] | None = None) -> None:
        """``dump(obj) -> JSON text``: a faster payload writer, for callers whose objects it
        writes exactly as ``serializer`` does (``COMPACT_JSON`` for strings and dicts of
        strings, under Flask's session serializer and itsdangerous' default one alike)."""
        signer = serializer.make_signer()
        self.dump = dump
        if not isinstance(signer.algorithm, HMACAlgorithm):
            raise ValueError("QuickSigning needs an HMAC signer")
        self.serializer = serializer
        self.digest = signer.algorithm.digest_method
        self.sep = signer.sep
        # the current key signs; every key (current first) verifies, as itsdangerous does
        self.keys = [signer.derive_key(key) for key in reversed(signer.secret_keys)]
        self._stamped: tuple[int, bytes] = (-1, b"")  # (second, its encoded timestamp)

    def _signature(self, key: bytes, value: bytes) -> bytes:
        return base64_encode(hmac.digest(key, value, self.digest))

    def dumps(self, obj) -> str:
        """The signed, timestamped token of ``obj`` (``str``), uncompressed."""
        text = self.dump(obj).encode() if self.dump else Serializer.dump_payload(
            self.serializer, obj)
        value = base64_encode(text) + self.sep + self._stamp()
        return (value + self.sep + self._signature(self.keys[0], value)).decode("ascii")

    def _stamp(self) -> bytes:
        """itsdangerous' timestamp of the current second (base64 of its big-endian bytes),
        encoded once per second."""
        second = int(time.time())
        stamped = self._stamped
        if stamped[0] != second:
            stamped = self._stamped = (second, base64_encode(int_to_bytes(second)))
        return stamped[1]

    def loads(self, token: str, max_age: int):
        """The object signed in ``token`` at most ``max_age`` seconds ago, or ``None`` when
        the token is malformed, forged, expired or from the future (every case itsdangerous
        refuses; the caller then lets the standard path decide)."""
        try:
            value, signature = token.encode("ascii").rsplit(self.sep, 1)
            payload, stamp = value.rsplit(self.sep, 1)
            age = time.time() - bytes_to_int(base64_decode(stamp))
        except (ValueError, BadData):  # not ASCII, missing parts, stamp not base64
            return None
        if not 0 <= age <= max_age or not any(
                hmac.compare_digest(self._signature(key, value), signature) for key in self.keys):
            return None
        try:
            return self.serializer.load_payload(payload)
        except BadData:  # signed by us, so only a payload of another format
            return None
