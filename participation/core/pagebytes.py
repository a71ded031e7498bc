"""The byte layout of a page stored by the page cache (``core.pagecache``).

An entry is ``(parts, etag, kinds)``:

- ``parts``: the body as UTF-8 bytes already split at the markers of its per-request values
  (``(bytes, kind, bytes, kind, ..., bytes)``), so a hit joins bytes instead of unpickling a
  string, replacing each marker in it and encoding it again (three passes over the page,
  about half the cost of a cached form in front of Flask);
- ``etag``: a strong ETag of the body (hex, 24 characters), or None when the page holds
  per-request values (a form's tokens must not be replayed from a cache);
- ``kinds``: the volatile kinds the page holds, each once, in order of first use.

``ENTRY_FORMAT`` names this layout in every cache key (``pagecache.page_key``), so an entry
of another layout (a server of an older version sharing Redis) is never read.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

MARKER = "@@pdq-volatile-{}@@"
ENTRY_FORMAT = "parts-1"


def page_entry(body: str, volatiles: Iterable[tuple[str, str]]) -> tuple:
    """The stored entry ``(parts, etag, kinds)`` of a rendered ``body``.

    ``volatiles``: ``(kind, value)`` pairs of the per-request values the page holds; every
    occurrence of a value is replaced by the marker of its kind (``MARKER``)."""
    kinds = []
    for kind, value in volatiles:
        body = body.replace(value, MARKER.format(kind))
        kinds.append(kind)
    kinds = tuple(dict.fromkeys(kinds))
    etag = None if kinds else hashlib.blake2b(body.encode(), digest_size=12).hexdigest()
    return page_parts(body, kinds), etag, kinds


def page_parts(body: str, kinds: Iterable[str]) -> tuple:
    """``body`` as UTF-8 bytes split at the markers of ``kinds``:
    ``(bytes, kind, bytes, kind, ..., bytes)``; ``(bytes,)`` without any kind. A marker of
    another kind (say, typed by someone into a text the page shows) stays as written."""
    kinds = tuple(kinds)
    if not kinds:
        return (body.encode(),)
    before, after = (re.escape(part) for part in MARKER.split("{}"))
    names = "|".join(re.escape(kind) for kind in kinds)
    pieces = re.split(f"{before}({names}){after}", body)
    return tuple(piece.encode() if i % 2 == 0 else piece for i, piece in enumerate(pieces))


def page_body(parts: tuple, values: dict[str, bytes]) -> bytes:
    """The page of ``page_parts``, each marker replaced by ``values[kind]`` (a missing kind
    raises ``KeyError``)."""
    if len(parts) == 1:
        return parts[0]
    pieces = list(parts)
    pieces[1::2] = [values[kind] for kind in parts[1::2]]
    return b"".join(pieces)
