"""The one small-count rule of every page and export (issue #13).

A count of people or of what they said (contributions, answers, post-its, respondents of a
group) under the minimum is never published: it could single someone out. It is written
"moins de 5" everywhere, in the same words (the pages' ``figure`` macro,
templates/analysis/_macros.html, says it the same way). The minimum is ``ANALYSIS_MIN_COUNT``
(environment, default ``DEFAULT`` = 5), for the analyses, the contract's section and the
surveys' breakdowns alike (docs/analysis.md, "Minimum count"). Zero is published (nobody
said it: nobody to single out). Facts about an institution (a council's seats, the votes of
its public meetings) are not counts of what people said and are not hidden.
"""
from __future__ import annotations

import math

from flask import current_app, has_app_context
from flask_babel import gettext as _

DEFAULT = 5


def min_count() -> int:
    """The minimum published count: ``ANALYSIS_MIN_COUNT`` of the app (``DEFAULT`` outside
    an app)."""
    if not has_app_context():
        return DEFAULT
    return int(current_app.config.get("ANALYSIS_MIN_COUNT", DEFAULT))


def hidden(count, minimum: int | None = None) -> bool:
    """True when ``count`` may not be published: unknown (None, NaN: already hidden) or
    between 1 and ``minimum`` - 1."""
    minimum = min_count() if minimum is None else minimum
    if count is None or (isinstance(count, float) and math.isnan(count)):
        return True
    return 0 < count < minimum


def figure(count, minimum: int | None = None) -> str:
    """The count as published: "12", "0", or "moins de 5" (``hidden``)."""
    minimum = min_count() if minimum is None else minimum
    if hidden(count, minimum):
        return fewer(minimum)
    return str(int(count))


def fewer(minimum: int | None = None) -> str:
    """ "moins de 5": the words of a hidden count."""
    return _("moins de %(n)s", n=min_count() if minimum is None else minimum)
