"""The one check of every ``next`` a page or a form asks to go back to (no open redirect).

``safe_next(target, fallback)`` returns ``target`` only when a browser would resolve it to a
path of this very site: it starts with a single ``/``, has no scheme and no host, and holds
no backslash, control or whitespace character. Browsers read ``\\`` as ``/`` and drop tabs and
line breaks in a URL, so ``/\\evil.example/x`` or ``/\\t/evil.example`` would leave the site
(WHATWG URL standard, "special" schemes). Anything else gives ``fallback``.
"""
from __future__ import annotations

from urllib.parse import urlsplit


def safe_next(target, fallback: str = "/") -> str:
    """``str | None`` -> a local path (``target`` itself) or ``fallback``."""
    if not isinstance(target, str) or not target.startswith("/") or target.startswith("//"):
        return fallback
    if "\\" in target or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in target):
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return fallback
    return target
