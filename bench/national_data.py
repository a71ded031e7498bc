"""A national year of participation, generated territory by territory (numpy, seeded).

Pure generation, no database: ``territory_rows(plan, k, ids)`` returns ``{table name: DataFrame}``
holding every row of territory ``k`` with explicit primary keys taken from ``ids`` (a
``IdCounter``), so the loader can COPY them as they are. Territory ``k``'s rows depend only on
``(seed, k)`` and its number of QPV: the same territory is identical in a one-territory
rehearsal and in the national one (the bench compares its pages in both).

The proportions and ids: ``bench/national_plan.py``; the places, contract and staff:
``national_places.py``; surveys and answers: ``national_surveys.py``; contributions, events
and Johari windows: ``national_contributions.py``.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from bench.national_contributions import contributions
from bench.national_places import contract, places, users
from bench.national_plan import (  # noqa: F401 (the loader's and the tests' names)
    CONTRIBUTIONS_PER_QPV,
    FORMAT_SHARES,
    RESPONSES_PER_QPV,
    STAMP,
    IdCounter,
    Territory,
    plan,
)
from bench.national_surveys import surveys


def territory_rows(counts: np.ndarray, k: int, seed: int, ids: IdCounter,
                   password_hash: str, volume: float = 1.0) -> dict[str, list[pd.DataFrame]]:
    """Every row of territory ``k`` as ``{table: [DataFrame]}`` (columns = table columns).

    ``volume`` multiplies the responses and contributions per QPV (tests use a few
    hundredths: the same shapes, fewer rows)."""
    t = Territory(k, int(counts[k]), np.random.default_rng([seed, k]))
    places(t, ids)
    contract(t, ids)
    users(t, ids, password_hash)
    n_contrib = round(t.qpv * CONTRIBUTIONS_PER_QPV * volume)
    shares = {f: round(n_contrib * s) for f, s in FORMAT_SHARES.items()}
    answers_text = surveys(t, ids, round(t.qpv * RESPONSES_PER_QPV * volume),
                          shares["enquete"])
    contributions(t, ids, shares, answers_text)
    return t.tables
