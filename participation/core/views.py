"""Pages every visitor shares: language switch, accessibility statement, staff dashboard."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request, session

from participation.core.auth import (
    FACILITATOR,
    PARTNER,
    ROLE_LABELS,
    has_role,
    public,
    role_required,
)
from participation.core.redirects import safe_next
from participation.core.registry import STAFF_MENU

bp = Blueprint("core", __name__)


def _safe_next(target: str | None) -> str:
    """Only follow local paths (no open redirect): ``core.redirects.safe_next``."""
    return safe_next(target, "/")


@bp.get("/langue/<code>")
@public
def set_language(code: str):
    """Remember the chosen language in the session, then go back where the visitor was."""
    if code not in current_app.config["LANGUAGES"]:
        abort(404)
    session["lang"] = code
    return redirect(_safe_next(request.args.get("next")))


@bp.get("/accessibilite")
@public
def accessibility():
    """The accessibility statement required of public bodies (RGAA)."""
    return render_template("core/accessibility.html")


@bp.get("/healthz")
@public
def healthz():
    return {"status": "ok"}


@bp.get("/staff")
@role_required(PARTNER)
def dashboard():
    """Staff home: the entries of the menu this role may open."""
    from flask_login import current_user

    entries = [(ep, label) for ep, label, role in STAFF_MENU if has_role(current_user, role)]
    return render_template("core/dashboard.html", entries=entries,
                           role_label=ROLE_LABELS[current_user.role],
                           is_facilitator=has_role(current_user, FACILITATOR))
