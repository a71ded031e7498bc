"""An earlier consultation's needs counted as they were, and the later one's answers
followed into them: the rows of a year-on-year table and their counts.

A figure printed for a past consultation must not change because someone answered today
(issue #13, item 5): last year's published table and this year's must agree. So:

1. the first consultation's answers are grouped on their own (``earlier_groups``:
   ``grouping.group_answers`` of its rows only: the same set of texts gives the same groups,
   in any order): its needs, labels and counts depend on nothing said since;
2. the next consultation's answers are followed into those needs through the grouping of
   both consultations' answers (``joint_groups``: same similarity, same threshold; the
   challenge page's own grouping when the challenge has only these two years): a group of it
   that holds earlier answers stands for the earlier need most of them expressed
   (``follow``); its later answers that do not say that need's word, and a group with no
   earlier answer, make the need their group's label names, a new one when no earlier need
   has its word (``compare``);
3. the needs so counted for a consultation are the ones it is compared with the year after
   (``needs``, ``chain_needs``): a year's figures read the same as the later year of one
   table and as the earlier year of the next.

A row counts every answer of each year that says its label's word, in any spelling the
product folds (``said_words.Said``), and none that does not; the grouping only says which
rows there are: an earlier need keeps its label, a later group that no earlier need stands
for adds the need its label's word names; two rows never share a label. What is published
of these rows (shares, hidden counts, new and gone) is ``years.evolution``'s.

Why not each later need joined to the earlier group nearest on average, within a threshold:
on the "dev:" answers of ``tests/analysis/data`` (each theme split into two consultations,
``bench/quality_years.two_consultations``), that gave an adjusted Rand index of the later
answers of 0.49 at its best threshold (0.9), against 0.67 for the grouping of all answers
followed as above, the same as that grouping's own (figures: ``bench/analysis_quality.py``).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import numpy as np
import pandas as pd

from participation.analysis import grouping
from participation.analysis.distinct import said_alike
from participation.analysis.drafts import answer_groups
from participation.analysis.said_words import Said, head, row_word, said_terms, saying

COLUMNS = ["group", "label", "previous", "last"]


def _earlier_rows(earlier: pd.DataFrame, said: dict) -> dict[str, dict]:
    """head -> {key, label, word, keys} of the earlier needs: each need named by its label's
    ``head`` word (a need none of whose answers says a word of its label is left out);
    needs with the same head word, or one its misspelling (``row_word``), are one (the
    first's key and label, as ``earlier`` lists them)."""
    rows: dict[str, dict] = {}
    for group in earlier.itertuples():
        word = row_word(head(group.label, [said[int(a)] for a in group.answers]), rows)
        if word is None:
            continue
        rows.setdefault(word, {"key": str(group.group), "label": group.label,
                               "word": word, "keys": set()})["keys"].add(str(group.group))
    return rows


def _new_row(rows: dict, group, members: set[int], said: dict) -> None:
    """Adds the need that ``group``'s label's head word names (``head``) when some of its
    later ``members`` say it and no row has that word yet: key "new:" + its key, its
    label."""
    word = row_word(head(group.label, [said[a] for a in members]), rows)
    if word in rows or not saying(members, word, said):
        return
    key, keys = f"new:{group.group}", {r["key"] for r in rows.values()}
    while key in keys:  # a need new a year before kept its key
        key += "+"
    rows[word] = {"key": key, "label": group.label, "word": word, "keys": set()}


def _rows(earlier: pd.DataFrame, joint: pd.DataFrame, later: set[int],
          said: dict) -> list[dict]:
    """{key, label, word, previous, last} per need (``previous``/``last``: sets of
    positions): the earlier needs (``_earlier_rows``), then the need each group of ``joint``
    names by its own label (``_new_row``) for its later answers that do not say the word of
    the earlier need it stands for (``follow``). Each row counts every answer of each year
    that says its word, in any spelling (``Said``), and none that does not (issue #13: a
    figure is the answers behind it); rows with the same label merged."""
    rows = _earlier_rows(earlier, said)
    word_of = {key: word for word, row in rows.items() for key in row["keys"]}
    target = follow(earlier, joint)
    for group in joint.itertuples():
        members = {int(a) for a in group.answers if int(a) in later}
        members -= saying(members, word_of.get(target[str(group.group)]), said)
        if members:
            _new_row(rows, group, members, said)
    before, words = set(said) - later, [row["word"] for row in rows.values()]
    for row in rows.values():
        row["previous"] = saying(before, row["word"], said, words)
        row["last"] = saying(later, row["word"], said, words)
    return _one_per_label(list(rows.values()))


def _one_per_label(rows: list[dict]) -> list[dict]:
    """``rows`` with the rows of labels read alike (``distinct.said_alike``: "Mobilité",
    "mobilité !") merged into the first: two lines of a table never share a name."""
    merged: dict[str, dict] = {}
    for row in rows:
        found = merged.setdefault(said_alike(row["label"]), row)
        if found is not row:
            found["previous"] |= row["previous"]
            found["last"] |= row["last"]
    return list(merged.values())


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


def compare(earlier: pd.DataFrame, joint: pd.DataFrame, later: set[int],
            said: dict[int, Said]) -> pd.DataFrame:
    """group, label, previous, last, previous_answers, last_answers, word: per need, how
    many answers of each consultation are counted in it, which (sorted positions), and the
    word of its label they say (``head``).

    ``earlier``: the earlier consultation's needs (``grouping.group_answers`` of its answers
    alone, or ``needs`` of it when it was itself compared with an earlier one); ``joint``:
    ``grouping.group_answers`` of both consultations' answers; ``answers`` of both are
    positions in one frame; ``later``: the positions of the later consultation's answers;
    ``said``: position -> what it says (``said_terms``: ``Said``, or a frozenset of terms).
    The needs: the earlier ones (their keys and labels), then, for the later answers of a
    group of ``joint`` that do not say the word of the earlier need it stands for
    (``follow``), the need its own label names (an earlier one of that word, else a new one:
    key "new:" + its key). A need counts every answer of each year that says its label's
    ``head`` word, in any spelling, and only those (``_rows``); two rows never share a
    label. Rows: the earlier needs (as ``earlier`` lists them), then the new ones (as
    ``joint``)."""
    found = [(row["key"], row["label"], len(row["previous"]), len(row["last"]),
              sorted(row["previous"]), sorted(row["last"]), row["word"])
             for row in _rows(earlier, joint, later, said)]
    return pd.DataFrame(found, columns=COLUMNS + ["previous_answers", "last_answers",
                                                  "word"]) \
        .astype({"previous": int, "last": int})


def needs(earlier: pd.DataFrame, joint: pd.DataFrame, later: set[int],
          said: dict[int, Said]) -> pd.DataFrame:
    """The later consultation's needs as ``compare`` counted them, shaped as
    ``grouping.group_answers`` (group, label, count, answers: positions), biggest first, ties
    by key; needs no later answer is counted in are left out (they are gone). What the next
    consultation is compared with: the figures this table printed for the later year are
    the ones the next table prints for it as the earlier year."""
    table = compare(earlier, joint, later, said)
    table = table[table["last"] > 0].rename(columns={"last": "count",
                                                     "last_answers": "answers"})
    return table[["group", "label", "count", "answers"]].sort_values(
        ["count", "group"], ascending=[False, True]).reset_index(drop=True)


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


def joint_groups(rows: pd.DataFrame, pair: tuple, grouped: Callable) -> pd.DataFrame:
    """``grouped`` of the two consultations' rows together, answers: positions in ``rows``."""
    part = rows[rows["year"].isin(pair)]
    return _in_rows(grouped(part.reset_index(drop=True)), part)


def said_by_position(rows: pd.DataFrame, pair: tuple) -> dict[int, Said]:
    """Position in ``rows`` -> what it says (``said_terms``, each text on its own) of the
    rows of the two years of ``pair``."""
    found: dict[int, Said] = {}
    places = grouping.place_terms(rows)
    for y in pair:
        part = rows[rows["year"] == y]
        found.update(zip(part.index.tolist(), said_terms(part["text"], places), strict=True))
    return found


def year_positions(rows: pd.DataFrame, y: int) -> set[int]:
    """The positions in ``rows`` of the consultation ``y``'s rows."""
    return set(np.flatnonzero((rows["year"] == y).to_numpy()).tolist())


def chain_needs(rows: pd.DataFrame, chain: list[int], grouped: Callable,
                reference: Callable) -> pd.DataFrame:
    """The needs of the consultation ``chain[-1]`` (answers: positions in ``rows``) as its
    year-on-year table (``years.evolution``) printed them: ``chain[0]`` grouped on its own
    (``reference``), each next consultation followed into the needs of the one before
    (``needs``)."""
    first = rows[rows["year"] == chain[0]]
    found = _in_rows(reference(first.reset_index(drop=True)), first)
    for pair in zip(chain, chain[1:], strict=False):
        found = needs(found, joint_groups(rows, pair, grouped),
                      year_positions(rows, pair[1]), said_by_position(rows, pair))
    return found
