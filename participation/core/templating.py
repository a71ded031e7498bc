"""Globals and filters shared by every template; French typography on every French page."""
from __future__ import annotations

import re

from flask import Flask, Response, current_app, request
from flask_babel import format_date, get_locale

from participation.core import typography
from participation.core.auth import has_role
from participation.core.i18n import text_direction

FRENCH_PAGE = re.compile(r"<html[^>]*\slang=\"fr", re.I)


def french_typography(response: Response) -> Response:
    """No-break spaces of French typography (``core.typography``) in the text of every HTML
    page whose ``<html lang>`` is French; attributes, scripts and form fields untouched."""
    if response.direct_passthrough or response.is_streamed or response.mimetype != "text/html" \
            or getattr(response, "typeset", False):  # already done (core.pagecache)
        return response
    html = response.get_data(as_text=True)
    if FRENCH_PAGE.search(html[:500]):
        response.set_data(typography.french_html(html))
    return response


def init_templating(app: Flask) -> None:
    @app.context_processor
    def inject():
        return {
            "current_locale": str(get_locale()),
            "text_dir": text_direction(),
            "languages": current_app.config["LANGUAGES"],
            "has_role": has_role,
            "current_path": request.full_path.rstrip("?") if request else "/",
        }

    app.after_request(french_typography)
    app.jinja_env.filters["fr_typo"] = typography.french
    app.jinja_env.filters["date"] = lambda d, fmt="medium": format_date(d, fmt) if d else ""
    app.jinja_env.filters["reject_page"] = lambda d: {k: v for k, v in d.items() if k != "page"}
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
