"""Year on year: an earlier consultation's needs counted as they were, the later one's
answers followed into them.

A figure printed for a past consultation must not change because someone answered today
(issue #13, item 5): last year's published table and this year's must agree. So:

1. the first consultation's answers are grouped on their own (``grouping.group_answers`` of
   its rows only: the same set of texts gives the same groups, in any order): its needs,
   labels and counts depend on nothing said since;
2. the next consultation's answers are followed into those needs through the grouping of
   both consultations' answers (``grouping.group_answers``: same similarity, same threshold;
   the challenge page's own grouping when the challenge has only these two years): a group
   of it that holds earlier answers stands for the earlier need most of them expressed, and
   its later answers count for that need; a group with no earlier answer is a new need, named
   as that grouping names it (``compare``);
3. the needs so counted for a consultation are the ones it is compared with the year after
   (``needs``): a year's figures read the same as the later year of one table and as the
   earlier year of the next.

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


def follow(earlier: pd.DataFrame, joint: pd.DataFrame) -> dict[str, str | None]:
    """Key of each group of ``joint`` -> the key of the earlier need it stands for (the one
    most of its earlier answers expressed, ``_target``), or None when it holds no earlier
    answer (a new need). ``earlier``, ``joint``: as ``compare``."""
    needs = _earlier_needs(earlier)
    return {str(g.group): _target(g.answers, needs) for g in joint.itertuples()}


def _later_groups(earlier: pd.DataFrame, joint: pd.DataFrame,
                  later: set[int]) -> list[tuple[str, str, set[int]]]:
    """(key, label, later answers) of every earlier group (its answers followed into it,
    maybe none), then of every new need said in the later consultation (``compare``)."""
    target = follow(earlier, joint)
    followed: dict[str, set[int]] = {str(g): set() for g in earlier["group"]}
    new: dict[str, tuple[str, set[int]]] = {}
    for group in joint.itertuples():
        members = {int(a) for a in group.answers if int(a) in later}
        key = target[str(group.group)]
        if key is not None:
            followed[key] |= members
        elif members:
            key = f"new:{group.group}"
            while key in followed or key in new:  # a need new a year before kept its key
                key += "+"
            new[key] = (group.label, members)
    return ([(str(g), label, followed[str(g)]) for g, label in zip(
        earlier["group"], earlier["label"], strict=True)]
        + [(key, label, members) for key, (label, members) in new.items()])


def compare(earlier: pd.DataFrame, joint: pd.DataFrame, later: set[int]) -> pd.DataFrame:
    """group, label, previous, last: per need, how many answers of each consultation
    expressed it (an answer counts once per need).

    ``earlier``: the earlier consultation's needs (``grouping.group_answers`` of its answers
    alone, or ``needs`` of it when it was itself compared with an earlier one); ``joint``:
    ``grouping.group_answers`` of both consultations' answers; ``answers`` of both are
    positions in one frame; ``later``: the positions of the later consultation's answers.
    Earlier needs keep their key, label and count; each group of ``joint`` gives its later
    answers to the earlier need it stands for (``follow``), or, with no earlier answer, is a
    new need (key "new:" + its key, its label, ``previous`` 0). Rows: the earlier needs (as
    ``earlier`` lists them), then the new ones said in the later consultation (as ``joint``)."""
    previous = dict(zip(earlier["group"].astype(str), earlier["count"].astype(int),
                        strict=True))
    rows = [(key, label, previous.get(key, 0), len(members))
            for key, label, members in _later_groups(earlier, joint, later)]
    return pd.DataFrame(rows, columns=COLUMNS).astype({"previous": int, "last": int})


def needs(earlier: pd.DataFrame, joint: pd.DataFrame, later: set[int]) -> pd.DataFrame:
    """The later consultation's needs as ``compare`` counted them, shaped as
    ``grouping.group_answers`` (group, label, count, answers: positions), biggest first, ties
    by key; needs no later answer expressed are left out (they are gone). What the next
    consultation is compared with: the figures this table printed for the later year are
    the ones the next table prints for it as the earlier year."""
    found = [(key, label, len(members), sorted(members))
             for key, label, members in _later_groups(earlier, joint, later) if members]
    table = pd.DataFrame(found, columns=["group", "label", "count", "answers"])
    return table.sort_values(["count", "group"], ascending=[False, True]) \
        .reset_index(drop=True)
