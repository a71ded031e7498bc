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

``evolution`` publishes the table of the two latest consultations: each need's count over
its year's base, the change in points, what is new and what is gone, counts under the
minimum hidden.

Why not each later need joined to the earlier group nearest on average, within a threshold:
on the "dev:" answers of ``tests/analysis/data`` (each theme split into two consultations,
``bench/analysis_quality.two_consultations``), that gave an adjusted Rand index of the later
answers of 0.49 at its best threshold (0.9), against 0.67 for the grouping of all answers
followed as above, the same as that grouping's own (figures: ``bench/analysis_quality.py``).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import numpy as np
import pandas as pd

from participation.analysis.distinct import said_alike
from participation.analysis.drafts import answer_groups, topic
from participation.analysis.wording import DEFAULT_MIN_COUNT

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
    maybe none), then of every new need said in the later consultation (``compare``). A
    group of ``joint`` named as an earlier need (``distinct.said_alike``) is that need: two
    rows alike would read as one need counted twice."""
    target = follow(earlier, joint)
    followed: dict[str, set[int]] = {str(g): set() for g in earlier["group"]}
    named = {said_alike(label): str(g) for g, label in zip(
        earlier["group"], earlier["label"], strict=True)}
    new: dict[str, tuple[str, set[int]]] = {}
    for group in joint.itertuples():
        members = {int(a) for a in group.answers if int(a) in later}
        key = target[str(group.group)] or named.get(said_alike(group.label))
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


def consultations(frame: pd.DataFrame, min_count: int = DEFAULT_MIN_COUNT) -> list[int]:
    """The years (consultations) in which at least ``min_count`` contributions were given,
    oldest first: the only ones compared (a smaller year would publish small counts)."""
    sizes = frame["year"].dropna().astype(int).value_counts()
    return sorted(int(y) for y in sizes[sizes >= min_count].index)


def compared_years(frame: pd.DataFrame, min_count: int = DEFAULT_MIN_COUNT) -> tuple | None:
    """The two latest ``consultations``, (previous, last); None when there are not two."""
    years_ = consultations(frame, min_count)
    return (years_[-2], years_[-1]) if len(years_) >= 2 else None


def _pct(count, base: int):
    """``count`` over ``base`` in whole percent (rounded half to even), None when hidden."""
    return None if count is None or pd.isna(count) else int(round(100 * count / base))


def earlier_groups(rows: pd.DataFrame) -> pd.DataFrame:
    """``grouping.group_answers`` of one consultation's contributions alone (answers:
    positions in ``rows``), their quartiers' and communes' names never naming a need; the
    pages pass ``kept.year_reference``, the same kept by its texts."""
    return answer_groups(rows.reset_index(drop=True))


def _in_rows(found: pd.DataFrame, part: pd.DataFrame) -> pd.DataFrame:
    """``found`` (a grouping of ``part``'s rows, answers: positions in ``part``) with its
    answers as the rows' positions in the frame ``part`` was cut from (``part.index``)."""
    return found.assign(answers=[[int(part.index[a]) for a in answers]
                                 for answers in found["answers"]])


def _joint(rows: pd.DataFrame, pair: tuple, grouped: Callable) -> pd.DataFrame:
    """``grouped`` of the two consultations' rows together, answers: positions in ``rows``."""
    part = rows[rows["year"].isin(pair)]
    return _in_rows(grouped(part.reset_index(drop=True)), part)


def _needs(rows: pd.DataFrame, chain: list[int], grouped: Callable,
           reference: Callable) -> pd.DataFrame:
    """The needs of the consultation ``chain[-1]`` (answers: positions in ``rows``) as its
    evolution table printed them: ``chain[0]`` grouped on its own (``reference``), each next
    consultation followed into the needs of the one before (``needs``)."""
    year = rows["year"]
    first = rows[year == chain[0]]
    found = _in_rows(reference(first.reset_index(drop=True)), first)
    for before, after in zip(chain, chain[1:], strict=False):
        found = needs(found, _joint(rows, (before, after), grouped),
                            set(np.flatnonzero((year == after).to_numpy()).tolist()))
    return found


def evolution(frame: pd.DataFrame, min_count: int = DEFAULT_MIN_COUNT,
              grouped: Callable[[pd.DataFrame], pd.DataFrame] = earlier_groups,
              reference: Callable[[pd.DataFrame], pd.DataFrame] = earlier_groups,
              groups: pd.DataFrame | None = None) -> dict | None:
    """The same challenge in two consultations (years): what residents raised then and now.

    Returns None without two years of at least ``min_count`` contributions, else
    ``{"previous", "last": year, "bases": {year: contributions that year}, "rows":
    DataFrame[group, label, previous, previous_pct, last, last_pct, change], "new": [label],
    "gone": [label]}``. ``previous``/``last`` count the contributions of the year in the
    need (an answer counts once); ``*_pct`` is that count over the year's base, in whole
    percent; ``change`` is the difference in points. A count under ``min_count`` is hidden
    (None) with its share. Rows: needs raised by at least ``min_count`` people one year or
    the other, biggest last year first. "New": raised by ``min_count`` or more last year and
    by no one before; "gone": by ``min_count`` or more before and no one last year.
    Needs (``compare``, ``needs``): the first consultation grouped on its own contributions
    (``reference``), each next one's answers followed into the needs of the one before
    through ``grouped`` of both years' rows (both ``grouping.group_answers``; the pages pass
    ``kept.year_reference`` and ``kept.groups``): the previous year's figures never change
    with answers given since, and read as the table of the year before printed them. The
    last year is followed through ``groups`` (the grouping of every row of ``frame``, answers:
    positions) when given: the page's own, computed anyway, so an answer costs no second
    grouping; the same as ``grouped`` of the two years when ``frame`` holds no other year."""
    pair = compared_years(frame, min_count)
    if pair is None:
        return None
    rows = frame.reset_index(drop=True)
    year = rows["year"]
    bases = {y: int((year == y).sum()) for y in pair}
    chain = [y for y in consultations(rows, min_count) if y <= pair[0]]
    table = compare(_needs(rows, chain, grouped, reference),
                    _joint(rows, pair, grouped) if groups is None else groups,
                    set(np.flatnonzero((year == pair[1]).to_numpy()).tolist()))
    new = table[(table["previous"] == 0) & (table["last"] >= min_count)]
    gone = table[(table["previous"] >= min_count) & (table["last"] == 0)]
    return {"previous": pair[0], "last": pair[1], "bases": bases,
            "rows": _published(table, pair, bases, min_count),
            "new": [topic(label) for label in new["label"]],
            "gone": [topic(label) for label in gone["label"]]}


def _published(table: pd.DataFrame, pair: tuple, bases: dict, min_count: int) -> pd.DataFrame:
    """The rows of ``evolution``: [group, label, previous, previous_pct, last, last_pct,
    change] of the needs of ``table[group, label, previous, last]`` said by ``min_count`` or
    more one year or the other, counts under ``min_count`` hidden (None) with their share,
    biggest last year first (then the previous year, then the key)."""
    table = table[(table["previous"] >= min_count) | (table["last"] >= min_count)].copy()
    table = table.sort_values(["last", "previous", "group"], ascending=[False, False, True])
    for key, y in zip(("previous", "last"), pair, strict=True):
        table[key] = table[key].astype(object).where(table[key] >= min_count, None)
        table[f"{key}_pct"] = pd.Series([_pct(c, bases[y]) for c in table[key]],
                                        index=table.index, dtype=object)
    table["change"] = pd.Series([None if a is None or b is None else b - a for a, b in zip(
        table["previous_pct"], table["last_pct"], strict=True)], index=table.index, dtype=object)
    return table[["group", "label", "previous", "previous_pct", "last", "last_pct",
                  "change"]].reset_index(drop=True)
