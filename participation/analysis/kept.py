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

from participation.analysis import (
    distinct,
    grouping,
    need_rows,
    said_rows,
    summary,
    years,
)
from participation.core.memo import content_memo, digest


def said(rows: pd.DataFrame, names: frozenset[str] = frozenset(),
         common: frozenset[str] = frozenset(), smallest: int | None = None,
         subject: frozenset[str] = frozenset()) -> dict:
    """``said_rows.said_rows`` of the rows (what their residents said, each answer once under
    the need it names first; ``names``: the territory's places, ``common``: see ``groups``;
    ``smallest``: the publication minimum, the app's when None; ``subject``: the terms of
    the challenge's name, never a row), kept by the rows' texts and authors and these."""
    rows = rows.reset_index(drop=True)
    return content_memo("analysis.said_rows",
                        lambda: said_rows.said_rows(rows, frozenset(names), frozenset(common),
                                                    smallest, frozenset(subject)),
                        digest(rows[["text", "author_role"]], frozenset(names),
                               frozenset(common), repr(smallest), frozenset(subject)))


def challenge_summary(frame: pd.DataFrame, labels: dict, min_count: int,
                      wording: dict, subject: str | None = None,
                      common: frozenset[str] = frozenset(), linked: dict | None = None,
                      names: frozenset[str] | None = None) -> dict:
    """``summary.challenge_summary`` of the rows, kept by the rows (every column: a kind or a
    quartier changed changes the figures), labels, wording and subject (the challenge's
    name, never a row of its table nor a need of its draft); what its residents said
    (``said``: ``names``, the territory's places, the rows' own when None; its year on year
    counts the same needs, ``years.evolution``); ``common``: the territory's terms that name
    no need (``common_terms``); ``linked``: what the analyses' index prints about the rows
    (``published.linked_cells``)."""
    names = grouping.place_terms(frame) if names is None else frozenset(names)
    return content_memo(
        "analysis.challenge_summary",
        lambda: summary.challenge_summary(
            frame, labels, min_count, wording, subject=subject, common=frozenset(common),
            linked=linked, said=said(frame, names, common, min_count,
                                     need_rows.subject_terms(subject or ""))),
        digest(frame, repr(labels), repr(wording), str(subject), frozenset(common),
               repr(linked), names))


def evolution(frame: pd.DataFrame, min_count: int, common: frozenset[str], part: str,
              subject: str | None = None) -> dict | None:
    """``years.evolution`` of the rows (a challenge's contributions) for ``part``, the
    challenge's name ``subject`` never a row; kept by the rows' texts, kinds, authors and
    years, ``common``, ``part`` and ``subject``."""
    rows = frame.reset_index(drop=True)
    terms = need_rows.subject_terms(subject or "")
    return content_memo(
        "analysis.evolution",
        lambda: years.evolution(rows, min_count, frozenset(common), part, terms),
        digest(rows[["text", "kind", "author_role", "year", "quartier", "commune"]],
               frozenset(common), part, repr(min_count), terms))


def _theme_parts(rows: pd.DataFrame, tags: pd.DataFrame,
                 challenges: pd.DataFrame) -> list[pd.DataFrame]:
    """Per top-level challenge of the current tree with rows, its rows and its
    sub-challenges' (``frames.challenge_contributions``: the very rows its challenge page
    groups). A row tagged with two themes is in both."""
    from participation.analysis import frames

    roots = challenges[challenges["current"] & challenges["parent_id"].isna()]
    members = frames.challenge_members(tags, challenges)
    parts = (rows[rows["id"].isin(members.get(int(node_id), ()))] for node_id in roots["id"])
    return [part for part in parts if not part.empty]


def common_terms(frame: pd.DataFrame, tags: pd.DataFrame,
                 challenges: pd.DataFrame) -> frozenset[str]:
    """``distinct.common_terms`` of a territory: the terms said about at least three in four
    of its challenges ("habitant", "résidence" on the demo), learned from ``frame`` (its
    contributions, ``frames.contributions_frame``) split by theme with the validated
    ``tags`` (``_theme_parts``); kept by the texts of each theme."""
    parts = [part["text"].reset_index(drop=True)
             for part in _theme_parts(frame.reset_index(drop=True), tags, challenges)]
    return content_memo("analysis.common_terms", lambda: distinct.common_terms(parts),
                        digest(*parts) if parts else "none")
