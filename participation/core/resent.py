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


def already_sent(kind: str, target: int, values: Iterable[str]) -> str | None:
    """The reference remembered when this browser sent ``values`` (in order) to the form
    ``kind`` of record ``target`` (spaces and case ignored), else None."""
    kept = session.get(SESSION_KEY)
    return kept.get(_digest(kind, target, values)) if isinstance(kept, dict) else None


def remember_sent(kind: str, target: int, values: Iterable[str], ref: str = "1") -> None:
    """Note in the browser's session that it sent ``values`` (see ``already_sent``), with
    ``ref`` (short: a record's id) to show what it stored."""
    kept = session.get(SESSION_KEY)
    kept = dict(kept) if isinstance(kept, dict) else {}
    digest = _digest(kind, target, values)
    kept.pop(digest, None)
    kept[digest] = ref
    session[SESSION_KEY] = dict(list(kept.items())[-KEPT:])
