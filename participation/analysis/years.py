"""Year on year: the table of a challenge's two latest consultations, as published.

What is compared is residents' needs (``residents_needs``: manquements and propositions
written by residents or their council; atouts and partners' commitments are no need) and, in
a second table, their atouts (``PARTS``: what they value in their quartier); only the
consultations with enough contributions (``consultations``, ``compared_years``).

The rows and their counts are the tables' (``year_needs``: each consultation's answers shared
out by ``need_rows``, each answer in one row under the need it names first, as the
challenge's page, its draft and the section's survey tables count them; tester t27coord
read an answer naming two needs counted in both rows when a row counted every answer
writing its word). Each year is read on its own, so a figure printed for a past
consultation never changes because someone answered today (issue #13, item 5). Answers in
another language (``languages``) stay in the base, are counted in no row, and the table
says how many.

``evolution`` publishes the table: each need's count over its year's base, the change in
points, what is new and what is gone, counts under the minimum hidden, and which answers each
count is made of; ``digest`` is the fingerprint of what it says, kept with a coordinator's
validation.
"""
from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

from participation.analysis import grouping, languages, year_needs
from participation.analysis.drafts import topic
from participation.analysis.needs_following import said_by_position, year_positions
from participation.analysis.wording import DEFAULT_MIN_COUNT
from participation.core.percent import whole_percent

# What a year-on-year table compares: residents' needs. A need is a manquement ("constat",
# labelled "Constat / manquement", and "defi") or a proposition, as the draft's "ce qu'il faut
# retenir" (``drafts.DRAFT_PARTS``); atouts are what residents like, not a need. Partners'
# words are their commitments (the contracts' third column, ``summary.three_columns``).
NEED_KINDS = ("constat", "defi", "proposition")
PARTNER_ROLES = ("partenaire", "elu", "technicien")
# The two tables of a challenge's year on year: residents' needs, and what residents value in
# their quartier (its atouts, the "points forts" of the contracts' forces/faiblesses table).
PARTS = {"besoins": NEED_KINDS, "atouts": ("atout",)}


def residents_words(frame: pd.DataFrame, part: str = "besoins") -> pd.Series:
    """Boolean mask of ``frame[kind, author_role]``: the rows a resident (or the conseil
    citoyen) wrote as ``part`` says (``PARTS``: "besoins", a need, ``NEED_KINDS``; "atouts",
    an atout), never a partner's (``PARTNER_ROLES``). KeyError on another ``part``."""
    return frame["kind"].isin(PARTS[part]) & ~frame["author_role"].isin(PARTNER_ROLES)


def residents_needs(frame: pd.DataFrame) -> pd.Series:
    """``residents_words`` of the needs: what a resident (or the conseil citoyen) wrote as a
    need (``NEED_KINDS``), never a partner's (``PARTNER_ROLES``)."""
    return residents_words(frame, "besoins")


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
    """``count`` over ``base`` in whole percent, half up (``core.percent``: 5 of 8 -> 63),
    None when hidden."""
    return None if count is None or pd.isna(count) else whole_percent(count, base)


def _part_only(frame: pd.DataFrame, part: str) -> tuple[pd.DataFrame, np.ndarray]:
    """(rows, positions): the rows of ``frame`` residents wrote as ``part``
    (``residents_words``, index reset) and the position in ``frame`` of each of them."""
    mask = residents_words(frame.reset_index(drop=True), part).to_numpy()
    return frame.reset_index(drop=True)[mask].reset_index(drop=True), np.flatnonzero(mask)


def evolution(frame: pd.DataFrame, min_count: int = DEFAULT_MIN_COUNT,
              common: frozenset[str] = frozenset(), part: str = "besoins",
              subject: frozenset[str] = frozenset()) -> dict | None:
    """The same challenge in two consultations (years): what residents wrote as ``part``
    then and now (``residents_words``: "besoins", manquements and propositions; "atouts",
    what they value; never a partner's words).

    Returns None without two years of at least ``min_count`` such contributions, else
    ``{"part", "previous", "last": year, "bases": {year: such contributions that year},
    "other_languages": {year: those of them in another language, ``languages``, counted in no
    row}, "rows": DataFrame[group, label, previous, previous_pct, last, last_pct, change,
    previous_answers, last_answers], "new": [label], "gone": [label]}``. A row is a need of
    the tables (``year_needs.year_table``: ``previous``/``last`` the answers of the year
    naming it first, each answer in one row; named as the first consultation naming it
    wrote it; the territory's places, ``common`` terms and
    the challenge's ``subject``, ``need_rows.subject_terms``, never a need), ``*_answers``
    their positions in ``frame``; ``*_pct`` that count over the year's base, in whole
    percent; ``change`` the difference in points; 1 to ``min_count`` - 1 hidden (None) with
    its share, a zero shown (``_published``); rows counted ``min_count`` times one year or
    the other, biggest last year first. "New"/"gone": ``min_count`` or more one year, none
    and never its word the other (``_new_and_gone``)."""
    rows, positions = _part_only(frame, part)
    pair = compared_years(rows, min_count)
    if pair is None:
        return None
    years_ = [year_positions(rows, y) for y in pair]
    chain = [year_positions(rows, y) for y in consultations(rows, min_count) if y <= pair[1]]
    table = year_needs.year_table(rows, chain, grouping.place_terms(rows), frozenset(common),
                                  min_count, frozenset(subject))
    for key in ("previous_answers", "last_answers"):
        table[key] = [[int(positions[a]) for a in answers] for answers in table[key]]
    bases = _bases(rows, pair)
    return {"part": part, "previous": pair[0], "last": pair[1], **bases,
            "rows": _published(table, pair, bases["bases"], min_count),
            **_new_and_gone(table, said_by_position(rows, pair), years_, min_count)}


def _bases(rows: pd.DataFrame, pair: tuple) -> dict[str, dict[int, int]]:
    """{"bases": {year: rows of the year}, "other_languages": {year: those of them in
    another language (``languages.other_language``)}} for the two years of ``pair``."""
    found: dict[str, dict[int, int]] = {"bases": {}, "other_languages": {}}
    for y in pair:
        texts = rows.loc[rows["year"] == y, "text"].fillna("").astype(str)
        found["bases"][y] = len(texts)
        found["other_languages"][y] = sum(languages.other_language(t) for t in texts)
    return found


def _new_and_gone(table: pd.DataFrame, said: dict, years_: list[set[int]],
                  min_count: int) -> dict[str, list[str]]:
    """{"new", "gone": [label said inside a sentence, ``topic``]} of ``compare``'s
    ``table``: new, counted ``min_count`` times or more the later year, none the earlier one,
    and no answer of the earlier year (positions ``years_[0]``, terms ``said``) says its
    word at all; gone, the other way round. A word still written, under another need, is
    neither new nor gone."""
    def unsaid(word: str, positions: set[int]) -> bool:
        return not any(word in said[p] for p in positions)

    new = [topic(r.label) for r in table.itertuples() if r.previous == 0
           and r.last >= min_count and unsaid(r.word, years_[0])]
    gone = [topic(r.label) for r in table.itertuples() if r.last == 0
            and r.previous >= min_count and unsaid(r.word, years_[1])]
    return {"new": new, "gone": gone}


def _published(table: pd.DataFrame, pair: tuple, bases: dict, min_count: int) -> pd.DataFrame:
    """The rows of ``evolution``: [group, label, previous, previous_pct, last, last_pct,
    change, previous_answers, last_answers] of the needs of ``table`` (``compare``) counted
    ``min_count`` times or more one year or the other, counts of 1 to ``min_count`` - 1
    hidden (None) with their share (``core.smallcounts``: a zero is published, "0 sur 46
    (0 %)" — nobody said it, nobody to single out — and agrees with the block's "Nouveau en
    2026"; tester t27coord read "moins de 5" beside it), biggest last year first (then the
    previous year, then the key)."""
    table = table[(table["previous"] >= min_count) | (table["last"] >= min_count)].copy()
    table = table.sort_values(["last", "previous", "group"], ascending=[False, False, True])
    for key, y in zip(("previous", "last"), pair, strict=True):
        table[key] = table[key].astype(object).where(
            (table[key] == 0) | (table[key] >= min_count), None)
        table[f"{key}_pct"] = pd.Series([_pct(c, bases[y]) for c in table[key]],
                                        index=table.index, dtype=object)
    table["change"] = pd.Series([None if a is None or b is None else b - a for a, b in zip(
        table["previous_pct"], table["last_pct"], strict=True)], index=table.index, dtype=object)
    return table[["group", "label", "previous", "previous_pct", "last", "last_pct",
                  "change", "previous_answers", "last_answers"]].reset_index(drop=True)


def digest(evo: dict) -> str:
    """A short fingerprint (16 hex digits of SHA-256) of what an ``evolution`` table says:
    its years, bases, rows (label, counts, shares, change), new and gone needs, the answers
    in other languages (when there are), the table (when not the needs'), never their
    wording's language. A coordinator's validation keeps it (``exports.services.
    save_evolution_choice``): once the figures change, the table is to be read again."""
    def plain(value):
        return None if value is None or pd.isna(value) else int(value)

    rows = [(str(r.label), *(plain(getattr(r, c)) for c in (
        "previous", "previous_pct", "last", "last_pct", "change")))
        for r in evo["rows"].itertuples()]
    extra = [evo.get("part", "besoins")] if evo.get("part", "besoins") != "besoins" else []
    foreign = sorted((int(y), int(n)) for y, n in evo.get("other_languages", {}).items() if n)
    said = repr((int(evo["previous"]), int(evo["last"]),
                 sorted((int(y), int(n)) for y, n in evo["bases"].items()), rows,
                 list(evo["new"]), list(evo["gone"]), *extra, *([foreign] if foreign else [])))
    return hashlib.sha256(said.encode()).hexdigest()[:16]
