"""The "surveys" blueprint: staff pages under /surveys, residents' short links under /s/."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("surveys", __name__)
