"""The one rounding of a printed percentage (issue #13): whole percent, half up.

French statistical practice (INSEE's publications, the contract's tables) rounds a share
half up: 5 of 8 = 62.5 % is printed "63 %". Python's ``round`` (and Jinja's ``round``
filter, which calls it) rounds half to even ("62"), and ``floor(100 * part / whole + 0.5)``
on floats can fall on the wrong side of .5; the share is therefore computed exactly with
``decimal`` from the two counts. Each share is rounded on its own: the shares of a table are
never adjusted to add up to 100 (three thirds print "33 %" each).
"""
from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

_HUNDRED = Decimal(100)


def whole_percent(part, whole) -> int | None:
    """``part`` over ``whole`` in whole percent, half up: (5, 8) -> 63, (1, 8) -> 13,
    (1, 3) -> 33, (0, 46) -> 0. ``part``, ``whole``: counts (ints or integral floats,
    ``whole`` >= 0). None when ``whole`` is 0 (no base: no share) or ``part`` is unknown
    (None or NaN: a hidden count has no printed share)."""
    if not whole or part is None or (isinstance(part, float) and math.isnan(part)):
        return None
    exact = Decimal(int(part)) * _HUNDRED / Decimal(int(whole))
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def percent_text(part, whole) -> str:
    """ "63 %": ``whole_percent`` as the pages and documents print it (a space before the
    sign, French typography turns it into a no-break one); "" without a share."""
    value = whole_percent(part, whole)
    return "" if value is None else f"{value} %"
