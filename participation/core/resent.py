"""A form sent again from the same browser with the same content: stored once.

After « Merci ! », Back shows the form again; the browser refills the typed texts but the
page carries a new one-time token (``core.tokens``), so a second « Envoyer » would store a
second copy (field test t26field, defect 2: Johari post-its counted twice). The browser's
session (signed cookie) keeps a short digest of each content it sent (BLAKE2b of the form's
``kind``, its target and the values, 8 bytes, never the texts); the same content again is
recognised, stored nothing, and the resident is told so. Another browser, or other texts,
are stored as usual. At most ``KEPT`` digests per browser.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable

from flask import session

SESSION_KEY = "sent_digests"
KEPT = 40


def _digest(kind: str, target: int, values: Iterable[str]) -> str:
    text = "\x1f".join([kind, str(target), *(" ".join((v or "").split()).lower()
                                              for v in values)])
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def already_sent(kind: str, target: int, values: Iterable[str]) -> bool:
    """Whether this browser already sent ``values`` (in order) to the form ``kind`` of
    record ``target`` (spaces and case ignored)."""
    return _digest(kind, target, values) in session.get(SESSION_KEY, [])


def remember_sent(kind: str, target: int, values: Iterable[str]) -> None:
    """Note in the browser's session that it sent ``values`` (see ``already_sent``)."""
    kept = [d for d in session.get(SESSION_KEY, []) if d != _digest(kind, target, values)]
    session[SESSION_KEY] = (kept + [_digest(kind, target, values)])[-KEPT:]
