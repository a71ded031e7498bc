"""What residents said about a set of contributions, as one partition: the table a challenge's
(quartier's, format's) page prints, its draft's sentences and its quotes all read it.

Issue #13 (deliverables 3 and 4): the challenge page counted groups by meaning by the word of
their label ("Pharmacie de garde — 7 contributions") while its draft counted the answers
writing a phrase ("6 habitants sur 33 évoquent « pharmacie de garde »"), over another base,
and the section's survey tables counted each answer once under the need it names first
(``need_rows``). One source now: ``said_rows`` is ``said_groups.question_table`` (the very call
of the section's survey tables and of the words page) of the residents' contributions, so a
coordinator reads the same "14 sur 60", under the same label, on the page, in the draft and
in the section's text validated from it.

What residents said: every contribution of the set whose author is no partner
(``years.PARTNER_ROLES``: partners, elected officials and technicians write the contracts'
third column, their commitments), whatever its kind (an atout is said in the points forts).
Pure (no database).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from participation.analysis import said_groups
from participation.analysis.years import PARTNER_ROLES


def residents(rows: pd.DataFrame) -> pd.Series:
    """Boolean mask of ``rows[author_role, text]``: a resident's (or the conseil citoyen's)
    contribution with a text, never a partner's (``PARTNER_ROLES``)."""
    said = rows["text"].fillna("").astype(str).str.strip() != ""
    return said & ~rows["author_role"].isin(PARTNER_ROLES)


def said_rows(rows: pd.DataFrame, names: frozenset[str] = frozenset(),
              common: frozenset[str] = frozenset(), smallest: int | None = None,
              subject: frozenset[str] = frozenset()) -> dict:
    """The residents' contributions of ``rows`` (a contributions frame, ``frames.
    contributions_frame`` shape: text, author_role, kind...) as one partition:
    ``said_groups.question_table`` of their texts (each answer in one row, under the need it
    names first, ``need_rows``; ``names``: folded terms of the territory's places, ``common``:
    its terms said about every subject, never a need; ``smallest``: the publication minimum,
    the app's when None; ``subject``: the terms of the challenge's name, ``need_rows.
    subject_terms``, an answer naming only them counted apart), with ``groups["answers"]`` as
    positions in ``rows`` (index reset), and "residents": how many contributions were read
    (the answers with a need, ``base``, plus those without, ``without_need``)."""
    rows = rows.reset_index(drop=True)
    mask = residents(rows).to_numpy() if len(rows) else np.zeros(0, dtype=bool)
    positions = np.flatnonzero(mask)
    found = said_groups.question_table(rows["text"][mask].reset_index(drop=True), names, common,
                                       smallest=smallest, subject=subject)
    groups = found["groups"].copy()
    groups["answers"] = [[int(positions[a]) for a in answers] for answers in groups["answers"]]
    return {**found, "groups": groups, "residents": int(mask.sum())}


def quoted_groups(said: dict) -> pd.DataFrame:
    """The rows of ``said`` (``said_rows``) shaped as ``grouping.group_answers`` (group,
    label, count, share, verbatims, answers: positions in the rows ``said_rows`` read), for
    the quotes (``quoting.representative_quotes``): one quote per row, the biggest first."""
    return said["groups"][["group", "label", "count", "share", "verbatims", "answers"]]
