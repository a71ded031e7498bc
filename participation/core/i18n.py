"""Language selection and small helpers around Flask-Babel."""
from __future__ import annotations

from flask import current_app, has_request_context, request, session
from flask_babel import get_locale


def select_locale() -> str:
    """The language chosen with the switch (kept in the session), else Accept-Language."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(list(languages)) or "fr"


def text_direction() -> str:
    return "rtl" if str(get_locale()) in current_app.config["RTL_LANGUAGES"] else "ltr"


def choices(mapping: dict) -> list[tuple[str, str]]:
    """(value, translated label) pairs from a dict of lazy strings, for WTForms."""
    return [(key, str(label)) for key, label in mapping.items()]
