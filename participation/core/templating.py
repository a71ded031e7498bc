"""Globals and filters shared by every template."""
from __future__ import annotations

from flask import Flask, current_app, request
from flask_babel import format_date, get_locale

from participation.core.auth import has_role
from participation.core.i18n import text_direction


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

    app.jinja_env.filters["date"] = lambda d, fmt="medium": format_date(d, fmt) if d else ""
    app.jinja_env.filters["reject_page"] = lambda d: {k: v for k, v in d.items() if k != "page"}
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
