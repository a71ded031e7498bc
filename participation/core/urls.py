"""URL converters shared by every blueprint, and the absolute address of a public page.

``<int:...>`` is a database id: a number of at most 10 digits below 2^31 (PostgreSQL's
``integer``, the id type of every table). A larger number matches no route, so the visitor
gets a 404, never a database overflow (HTTP 500) — finding 14 of issue #17.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, has_request_context, url_for
from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1


class DatabaseIdConverter(IntegerConverter):
    """``<int:x>``: 0 .. 2^31 - 1, else no match (404)."""

    def __init__(self, map, fixed_digits: int = 0, min: int | None = None,  # noqa: A002
                 max: int | None = MAX_ID, signed: bool = False) -> None:  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def register_converters(app) -> None:
    """Before any blueprint: rules bind their converter when they are added."""
    app.url_map.converters["int"] = DatabaseIdConverter


def db_id(value) -> int:
    """A database id or number from a request: ``"12"`` -> 12, within ±(2^31 - 1).

    Raises ``ValueError`` on anything else (letters, ``1e9``, non-ASCII digits, a number
    PostgreSQL's ``integer`` cannot hold), which is what ``request.args.get(name,
    type=db_id)`` (-> default) and WTForms' ``coerce=db_id`` (-> a field error) expect.
    """
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        number = value
    else:
        text = str(value).strip()
        if not (text.isascii() and text.removeprefix("-").isdigit()):
            raise ValueError(value)
        number = int(text)
    if not -MAX_ID <= number <= MAX_ID:
        raise ValueError(value)
    return number


def public_url(endpoint: str, **values) -> str:
    """The absolute address of ``endpoint`` for a message or a print: ``PUBLIC_BASE_URL`` +
    the path when set (behind a proxy; ``https://parole.example.fr/privacy/retrait/…``),
    else this request's host. Outside a request (``flask events remind`` from cron) it needs
    ``PUBLIC_BASE_URL``: RuntimeError without it, rather than a link to no host."""
    base = (current_app.config.get("PUBLIC_BASE_URL") or "").rstrip("/")
    if has_request_context():
        return base + url_for(endpoint, **values) if base else url_for(
            endpoint, _external=True, **values)
    if not base:
        raise RuntimeError("PUBLIC_BASE_URL is needed to write a link outside a request")
    parts = urlsplit(base)
    adapter = current_app.url_map.bind(parts.netloc, script_name=parts.path or "/",
                                       url_scheme=parts.scheme)
    return adapter.build(endpoint, values, force_external=True)
