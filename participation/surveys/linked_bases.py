"""A one-answer question's rows protected together with the bases its survey prints (issue
#13, item 3: small counts recoverable from another table of the same document).

A conditional question prints its base ("base : 30 personnes concernées"): the responses
its display condition held for. When that base is exactly some rows of another question
(those who answered "Oui" to "Connaissez-vous le conseil citoyen ?"), it publishes their
count: hiding "Oui" beside a small "Sans réponse" would protect nothing (Sans réponse =
45 - 12 - 30). Those rows' sum is then a printed figure of the question's line
(``core.linkedcounts``): a row it gives away is known and another row is hidden instead.
"""
from __future__ import annotations

from participation.core import linkedcounts, smallcounts
from participation.core.linkedcounts import Figure, Page
from participation.core.smallcounts import protect_line
from participation.surveys.results import base_ids


def row_sets(result: dict, frames: dict) -> list[frozenset]:
    """Per row of a one-answer question's table (``section_figures._figures``: the options in
    ``result``'s order, "Autre", "Sans réponse"), the response ids it counts."""
    qid = int(result["question_id"])
    base = frozenset(base_ids(qid, frames))
    answers = frames["answers"]
    rows = answers[(answers["question_id"] == qid) & answers["response_id"].isin(base)]
    options = frames["options"][frames["options"]["question_id"] == qid]
    ids = dict(zip(options["name"], options["option_id"], strict=True))
    sets = [frozenset(rows.loc[rows["option_id"] == ids.get(o["name"]), "response_id"])
            for o in result["options"]]
    if result.get("other"):
        sets.append(frozenset(rows.loc[rows["is_other"].astype(bool), "response_id"]))
    if result["base"] - result.get("answered", result["base"]) > 0:
        sets.append(base - frozenset(rows["response_id"]))
    return sets


def printed_bases(data: dict, frames: dict, every: bool = False) -> list[tuple[int, frozenset]]:
    """(question id, response ids) of every conditional question's base, which its table
    prints (``results.base_ids``); ``every``: of every question (each prints its base: the
    survey block's channel and language lines, ``section_collection``)."""
    return [(int(r["question_id"]), frozenset(base_ids(int(r["question_id"]), frames)))
            for r in data["questions"] if every or r.get("conditional")]


def linked_sums(sets: list[frozenset], bases: list[tuple[int, frozenset]],
                own: int) -> list[tuple[frozenset, int]]:
    """The printed bases (other questions' than ``own``) made of whole rows of a question:
    (the rows' positions, the base's count). A base that cuts across a row says nothing
    exact about the rows and is left out."""
    found = []
    for qid, base in bases:
        inside = frozenset(i for i, rows in enumerate(sets) if rows and rows <= base)
        whole = frozenset().union(*(sets[i] for i in inside)) if inside else frozenset()
        if qid != own and inside and whole == base:
            found.append((inside, len(base)))
    return found


def protect_rows(counts: list[int], base: int, sums: list[tuple[frozenset, int]],
                 minimum: int | None = None, given: frozenset = frozenset()) -> list[str]:
    """The states of a one-answer question's rows (``counts``, adding up to ``base``, which
    every row prints) given the ``sums`` the survey prints elsewhere (``linked_sums``):
    ``smallcounts.protect_line`` without them, ``linkedcounts.protect`` with them.
    ``given``: positions of rows those sums give exactly (``given_rows``), printed as they
    are (SHOWN): hiding them would protect nothing, and they protect no other row."""
    if not sums:
        return protect_line(counts, base, minimum)[0]
    states = linkedcounts.protect(_rows_page(counts, base, sums, given), minimum)
    return [states[i] for i in range(len(counts))]


def _rows_page(counts: list[int], base: int, sums: list[tuple[frozenset, int]],
               given: frozenset = frozenset()) -> Page:
    """The rows as a ``linkedcounts.Page``: one cell per row on the line "rows" (a row in
    ``given`` printed as is, off the line), each printed sum, the printed base."""
    everything = frozenset(range(len(counts)))
    figures = [Figure(i, frozenset({i}), int(c), None if i in given else "rows")
               for i, c in enumerate(counts)]
    figures += [Figure(("base", n), positions, count)
                for n, (positions, count) in enumerate(sums)]
    figures.append(Figure(("base", "printed"), everything, int(base)))
    return Page([everything], figures, int(base))


def given_rows(counts: list[int], base: int, sums: list[tuple[frozenset, int]]) -> frozenset:
    """Positions of the rows that the printed ``sums`` and ``base`` give exactly, whatever
    the table shows (a channel asked only some questions: the survey's 112 responses minus
    a question's base 108 is the street's 4; docs/surveys.md "Bases")."""
    if not sums:
        return frozenset()
    page = _rows_page(counts, base, sums)
    bare = {i: smallcounts.SECONDARY for i in range(len(counts))}
    return frozenset(i for i in range(len(counts))
                     if linkedcounts.given(page, bare, page.figures[i]))


def with_links(data: dict, frames: dict) -> list[dict]:
    """``data["questions"]`` with, on each one-answer question, ``linked`` (its
    ``linked_sums``); new dicts: the survey's results stay as cached."""
    bases = printed_bases(data, frames)
    if not bases:
        return data["questions"]
    return [{**r, "linked": linked_sums(row_sets(r, frames), bases, int(r["question_id"]))}
            if r["type"] in ("single", "yes_no") and r.get("options") else r
            for r in data["questions"]]


def _scale_page(result: dict, with_median: bool) -> Page:
    """A scale's notes as a ``linkedcounts.Page``: one cell per note (``result
    ["distribution"]``: [{value, count}]) on the line "notes", adding up to n (printed), the
    printed mean (rounded to two decimals: the notes' weighted sum, each note times how many
    gave it, within 0.005 × n of mean × n) and, ``with_median``, the printed median (at
    least half the people gave it or less, at least half it or more: two lower bounds)."""
    notes = result["distribution"]
    everything, n = frozenset(range(len(notes))), sum(int(d["count"]) for d in notes)
    figures = [Figure(i, frozenset({i}), int(d["count"]), "notes") for i, d in enumerate(notes)]
    figures += [Figure(("mean",), everything, float(result["mean"]) * n,
                       weights=tuple((i, float(d["value"])) for i, d in enumerate(notes)),
                       slack=0.005 * n),
                Figure(("n",), everything, n)]
    if with_median and result.get("median") is not None:
        median = float(result["median"])
        figures += [Figure(("median", sign), frozenset(
            i for i, d in enumerate(notes) if (float(d["value"]) - median) * sign <= 0),
            n / 2, at_least=True) for sign in (1, -1)]
    return Page([everything], figures, n)


def protect_scale(result: dict, minimum: int | None = None) -> list[str]:
    """The states of a scale's notes (``result["distribution"]``: [{value, count}], adding
    up to ``n``, which is printed) given its printed mean: rounded to two decimals, it says
    that the notes' weighted sum (each note times how many gave it) lies within 0.005 × n of
    mean × n — with two hidden notes, enough to narrow a small one. Without a mean: the
    one-line rule (``smallcounts.protect_line``). The median is not printed when it would
    narrow a small note (``median_gives_away``)."""
    counts = [int(d["count"]) for d in result["distribution"]]
    if result.get("mean") is None:
        return protect_line(counts, minimum=minimum)[0]
    states = linkedcounts.protect(_scale_page(result, False), minimum)
    return [states[i] for i in range(len(counts))]


def median_gives_away(result: dict, states: list[str], minimum: int | None = None) -> bool:
    """True when the printed median, beside the notes as published (``states``), the mean
    and n, narrows a small note that they alone leave anywhere from 1 to minimum - 1 (notes
    3: 1, 4: 6, 5: 5, mean 4.33, median 4: at least 6 people gave 4 or less, so note 3 is
    at most 2 once notes 4 and 5 are hidden): the median is then not printed."""
    if result.get("mean") is None or result.get("median") is None:
        return False
    minimum = smallcounts.min_count() if minimum is None else minimum
    keyed = dict(enumerate(states))
    plain, told = _scale_page(result, False), _scale_page(result, True)
    for i, state in keyed.items():
        if state == smallcounts.SMALL and not linkedcounts.narrowed(
                plain, keyed, plain.figures[i], minimum):
            if linkedcounts.narrowed(told, keyed, told.figures[i], minimum):
                return True
    return False
