"""What residents said about a challenge: counts, words, quotes, draft, year on year.

Input: the contributions frame of ``frames.contributions_frame`` (possibly filtered to a
challenge). No figure is published for a group smaller than ``min_count`` people: small
groups identify people. Counting is vectorised pandas only. The draft's sentences are
``drafts``, the quotes ``quoting``, the defaults (minimum count, French wording) ``wording``;
``challenge_summary`` puts them together with the breakdowns and the year on year.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from participation.analysis import text as tx
from participation.analysis import years
from participation.analysis.drafts import answer_groups, draft_takeaways, topic
from participation.analysis.quoting import draft_quotes, representative_quotes
from participation.analysis.wording import DEFAULT_MIN_COUNT, WORDING
from participation.core import smallcounts

DIMENSIONS = ("source_format", "quartier", "commune", "author_role", "kind")


def breakdown(frame: pd.DataFrame, dim: str, min_count: int = DEFAULT_MIN_COUNT,
              labels: dict | None = None, wording: dict = WORDING) -> pd.DataFrame:
    """value, label, count, state for one dimension, biggest first (ties by value), as
    published (``fold_small``): a count under ``min_count``, or hidden so that a small one
    cannot be worked out from the page's total, is None. ``analysis.counts`` gives the same
    tables from SQL."""
    counts = frame[dim].fillna(wording["unknown"]).value_counts()
    counts = counts.sort_index().sort_values(ascending=False, kind="stable")  # ties by value
    rows = fold_small(list(zip(counts.index, counts.tolist(), strict=True)), min_count)
    out = pd.DataFrame(rows, columns=["value", "count", "state"])
    out["count"] = pd.Series([r[1] for r in rows], index=out.index, dtype=object)
    out["label"] = [wording["others"] % {"n": min_count} if v == "" else
                    (labels or {}).get(v, v) for v in out["value"]]
    return out[["value", "label", "count", "state"]]


def fold_small(pairs: list[tuple[str, int]], min_count: int) -> list[tuple[str, object, str]]:
    """[(value, count or None, state)] of one breakdown from its [(value, count)] biggest
    first, the counts adding up to the page's total (every contribution has one value, "Non
    précisé" included). Values under ``min_count`` are folded into one "autres" row (value
    ""), last; then secondary suppression (``core.smallcounts.protect_line``, the margin being
    the published total): when "autres" is small, the next smallest shown row is hidden
    too ("non publié"), else total - the shown rows would give the small count away. A
    hidden count is None; ``state`` is ``smallcounts.SHOWN``, ``SMALL`` or ``SECONDARY``."""
    shown = [(v, int(c)) for v, c in pairs if c >= min_count]
    folded = sum(int(c) for _v, c in pairs if c < min_count)
    rows = shown + ([("", folded)] if folded else [])
    states, _hidden = smallcounts.protect_line([c for _v, c in rows], minimum=min_count)
    return [(v, c if s == smallcounts.SHOWN else None, s)
            for (v, c), s in zip(rows, states, strict=True)]


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
    consultation followed into the needs of the one before (``years.needs``)."""
    year = rows["year"]
    first = rows[year == chain[0]]
    found = _in_rows(reference(first.reset_index(drop=True)), first)
    for before, after in zip(chain, chain[1:], strict=False):
        found = years.needs(found, _joint(rows, (before, after), grouped),
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
    Needs (``years``): the first consultation grouped on its own contributions
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
    table = years.compare(_needs(rows, chain, grouped, reference),
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


def challenge_summary(frame: pd.DataFrame, labels: dict[str, dict[str, str]],
                      min_count: int = DEFAULT_MIN_COUNT, wording: dict = WORDING,
                      groups: pd.DataFrame | None = None, subject: str | None = None,
                      grouped: Callable | None = None, reference: Callable | None = None,
                      ) -> dict:
    """Everything the per-challenge page shows, from the challenge's contributions (the
    answers grouped once, ``grouping.group_answers``, for groups, draft and quotes;
    ``groups`` when the caller has it, e.g. kept by ``analysis.kept``; ``grouped`` and
    ``reference``: how ``evolution`` groups rows, ``earlier_groups`` by default)."""
    total = len(frame)
    published = total >= min_count
    rows = frame.reset_index(drop=True)
    groups = answer_groups(rows) if groups is None else groups
    return {
        "total": total,
        "published": published,
        "breakdowns": {dim: breakdown(frame, dim, min_count, labels.get(dim), wording)
                       for dim in DIMENSIONS} if published else {},
        "words": tx.key_terms(frame["text"], top=15) if published else tx.key_terms(
            frame["text"].head(0)),
        "groups": groups[groups["count"] >= min_count].reset_index(drop=True),
        "quotes": representative_quotes(rows, labels["author_role"], wording=wording,
                                        groups=groups),
        "draft": draft_takeaways(rows, min_count, wording=wording, groups=groups,
                                 subject=subject),
        "draft_quotes": draft_quotes(rows, labels["author_role"], wording=wording,
                                     groups=groups),
        "evolution": evolution(rows, min_count, grouped or earlier_groups,
                               reference or earlier_groups, groups),
    }


def three_columns(frame: pd.DataFrame) -> dict[str, list[str]]:
    """The contracts' table per theme: propositions | manquements | mobilisation partenaire.

    Partners' proposals go to the third column with their commitments: the first two columns
    are what residents (and their council) said.
    """
    texts = frame.drop_duplicates("text")
    partner = texts["author_role"].isin(["partenaire", "elu", "technicien"])
    pick = {"propositions": (texts["kind"] == "proposition") & ~partner,
            "manquements": texts["kind"].isin(["constat", "defi"]) & ~partner,
            "mobilisation": (texts["kind"] == "mobilisation")
            | (partner & (texts["kind"] == "proposition"))}
    return {key: texts.loc[mask, "text"].tolist() for key, mask in pick.items()}


# The contracts' "forces et faiblesses" come from the contributions' kinds: forces are the
# atouts, faiblesses the manquements (kind "constat", labelled "Constat / manquement", and
# "defi"), as the draft's points forts / faibles (``drafts.DRAFT_PARTS``).
FORCE_KINDS, WEAKNESS_KINDS = ("atout",), ("constat", "defi")
CELL_QUOTES, CELL_QUOTE_MAX = 3, 160  # quotes per cell of the table, characters per quote


def short_quote(text: str, limit: int = CELL_QUOTE_MAX) -> str:
    """The text, or its start cut at a word and ended with "…" past ``limit`` characters."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    return text[:limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def forces_faiblesses(frame: pd.DataFrame, themes: pd.DataFrame | None = None,
                      per_cell: int = CELL_QUOTES) -> pd.DataFrame:
    """One row per quartier (with its commune) and theme: forces (the atouts' texts) and
    faiblesses (the manquements'), each the ``per_cell`` most said distinct texts (ties in
    order of the frame), capped at ``CELL_QUOTE_MAX`` characters, and how many other
    distinct texts were left out (``more_forces``, ``more_faiblesses``). Rows with neither
    are absent.

    ``themes``: [id, theme, order]: each contribution's theme(s) (a contribution of two
    themes is in both rows), the rows sorted by ``order``; only the contributions it lists
    are used (the section passes the validated tags: a text reviewed as fitting no challenge,
    or a mere suggestion, is never a force or a faiblesse). None: every contribution, one
    theme "". Returns [quartier, commune, theme, forces, faiblesses, more_forces,
    more_faiblesses]."""
    columns = ["quartier", "commune", "theme", "forces", "faiblesses", "more_forces",
               "more_faiblesses"]
    sub = frame[frame["kind"].isin(FORCE_KINDS + WEAKNESS_KINDS) & frame["quartier"].notna()]
    sub = sub.assign(commune=sub["commune"].fillna(""))
    if themes is None:
        sub = sub.assign(theme="", order=0)
    else:
        sub = sub.merge(themes[["id", "theme", "order"]], on="id")
    if sub.empty:
        return pd.DataFrame(columns=columns)
    sub = sub.assign(column=sub["kind"].isin(FORCE_KINDS).map(
        {True: "forces", False: "faiblesses"}), said=sub["text"].map(lambda t: " ".join(
            str(t).split())))
    keys = ["quartier", "commune", "order", "theme"]
    table = {}
    for (*key, column), texts in sub.groupby(keys + ["column"], sort=True)["said"]:
        ranked = texts.value_counts(sort=False).sort_values(ascending=False, kind="stable")
        row = table.setdefault(tuple(key), {"forces": [], "faiblesses": [],
                                            "more_forces": 0, "more_faiblesses": 0})
        row[column] = [short_quote(t) for t in ranked.index[:per_cell]]
        row[f"more_{column}"] = max(len(ranked) - per_cell, 0)
    out = pd.DataFrame([{**dict(zip(keys, key, strict=True)), **row}
                        for key, row in table.items()])
    return out.sort_values(["quartier", "commune", "order"], kind="stable")[columns] \
        .reset_index(drop=True)
