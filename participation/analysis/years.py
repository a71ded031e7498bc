"""Year on year: an earlier consultation's needs counted as they were, the later one's
answers followed into them.

A figure printed for a past consultation must not change because someone answered today
(issue #13, item 5): last year's published table and this year's must agree. So:

1. the earlier consultation's answers are grouped on their own (``grouping.group_answers``
   of its rows only: the same set of texts gives the same groups, in any order): its needs,
   labels and counts depend on nothing said since;
2. the later answers are followed into those groups through the grouping of every answer of
   the challenge (the one its page shows, ``grouping.group_answers``: same similarity, same
   threshold): a group of it that holds earlier answers stands for the earlier need most of
   them expressed, and its later answers count for that need; a group with no earlier answer
   is a new need, named as that grouping names it.

Why not each later need joined to the earlier group nearest on average, within a threshold:
on the "dev:" answers of ``tests/analysis/data`` (each theme split into two consultations,
``bench/analysis_quality.two_consultations``), that gave an adjusted Rand index of the later
answers of 0.49 at its best threshold (0.9), against 0.67 for the grouping of all answers
followed as above, the same as that grouping's own (figures: ``bench/analysis_quality.py``).
"""
from __future__ import annotations

from collections import Counter

import pandas as pd

COLUMNS = ["group", "label", "previous", "last"]


def _earlier_needs(earlier: pd.DataFrame) -> dict[int, list[str]]:
    """Position -> the keys of the earlier groups its answer expressed."""
    found: dict[int, list[str]] = {}
    for group in earlier.itertuples():
        for answer in group.answers:
            found.setdefault(int(answer), []).append(str(group.group))
    return found


def _target(answers: list, needs: dict[int, list[str]]) -> str | None:
    """The earlier need most of a group's earlier ``answers`` expressed (ties: the first key
    in sorted order); None when none of them is an earlier answer."""
    votes = Counter(key for answer in answers for key in needs.get(int(answer), ()))
    return min(votes, key=lambda key: (-votes[key], key)) if votes else None


def follow(earlier: pd.DataFrame, joint: pd.DataFrame) -> dict[str, str]:
    """Key of each group of ``joint`` -> the key of the earlier need it stands for (the one
    most of its earlier answers expressed, ``_target``), or "new:" + its own key when it holds
    no earlier answer. ``earlier``, ``joint``: as ``compare``."""
    needs = _earlier_needs(earlier)
    return {str(g.group): _target(g.answers, needs) or f"new:{g.group}"
            for g in joint.itertuples()}


def compare(earlier: pd.DataFrame, joint: pd.DataFrame, later: set[int]) -> pd.DataFrame:
    """group, label, previous, last: per need, how many answers of each consultation
    expressed it (an answer counts once per need).

    ``earlier``: ``grouping.group_answers`` of the earlier consultation's answers alone;
    ``joint``: of every answer (the challenge's page grouping); ``answers`` of both are
    positions in one frame; ``later``: the positions of the later consultation's answers.
    Earlier groups keep their key, label and count; each group of ``joint`` gives its later
    answers to the earlier need it stands for (``follow``), or, with no earlier answer, is a
    new need (key "new:" + its key, its label, ``previous`` 0). Rows: the earlier groups (as
    ``earlier`` lists them), then the new ones said in the later consultation (as ``joint``)."""
    target = follow(earlier, joint)
    followed: dict[str, set[int]] = {str(g): set() for g in earlier["group"]}
    new = []
    for group in joint.itertuples():
        members = {int(a) for a in group.answers if int(a) in later}
        key = target[str(group.group)]
        if key in followed:
            followed[key] |= members
        elif members:
            new.append((key, group.label, 0, len(members)))
    table = pd.DataFrame({"group": earlier["group"].astype(str).tolist(),
                          "label": earlier["label"].tolist(),
                          "previous": earlier["count"].astype(int).tolist()})
    table["last"] = [len(followed[g]) for g in table["group"]]
    return pd.concat([table, pd.DataFrame(new, columns=COLUMNS)], ignore_index=True) \
        .astype({"previous": int, "last": int})
