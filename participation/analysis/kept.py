"""The costly parts of the analyses, kept by what they are computed from (``core.memo``).

The pages and the section are kept whole per data version (``core.memo.memo``); a new answer
changes the version, so without this module every grouping of answers (0.1-0.5 s each on the
demo) was computed again. Here each part is kept under the ``digest`` of its own input rows:
after one new answer only the parts whose rows changed are computed (the whole territory's
grouping, the challenges it was tagged with); the others are found as they were. A part keyed
by its input can never be stale: other input, other key.
"""
from __future__ import annotations

import pandas as pd

from participation.analysis import grouping, summary
from participation.core.memo import content_memo, digest


def groups(rows: pd.DataFrame) -> pd.DataFrame:
    """``grouping.group_answers`` of the rows' texts (positions in ``rows``, every group
    whatever its size), their quartiers' and communes' names never naming a group; kept by
    the texts and the names. ``rows``: a contributions frame (``frames.contributions_frame``,
    possibly filtered); an empty one gives an empty frame with the same columns."""
    rows = rows.reset_index(drop=True)
    if rows.empty:
        return summary._groups(rows)
    texts = rows["text"].reset_index(drop=True)
    names = grouping.place_terms(rows)
    return content_memo("analysis.groups",
                        lambda: grouping.group_answers(texts, names=names),
                        digest(texts, names))


def challenge_summary(frame: pd.DataFrame, labels: dict, min_count: int,
                      wording: dict) -> dict:
    """``summary.challenge_summary`` of the rows, kept by the rows (every column: a kind or a
    quartier changed changes the figures), labels and wording; its grouping shared with the
    section's evolution of the same challenge (``groups``)."""
    return content_memo(
        "analysis.challenge_summary",
        lambda: summary.challenge_summary(frame, labels, min_count, wording,
                                          groups=groups(frame)),
        digest(frame, repr(labels), repr(wording)))
