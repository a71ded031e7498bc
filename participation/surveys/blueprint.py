"""The "surveys" blueprint: staff pages under /surveys, residents' short links under /s/."""
from __future__ import annotations

from flask import Blueprint

from participation.surveys.collection_tools import register as register_tools
from participation.surveys.conditions import browser_fields

bp = Blueprint("surveys", __name__)
register_tools(bp)


@bp.app_template_global()
def condition_fields(survey) -> dict:
    """``conditions.browser_fields`` of a survey's questions, for ``condition_refs``."""
    return browser_fields(survey.questions)
