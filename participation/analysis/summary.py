"""What residents said about a challenge: counts, words, quotes, draft, year on year.

Input: the contributions frame of ``frames.contributions_frame`` (possibly filtered to a
challenge). What residents said is one table (``said_rows``), which the page, the draft and
the quotes read. No figure is published for a group smaller than ``min_count`` people: small
groups identify people. Counting is vectorised pandas only. The draft's sentences are
``drafts``, the quotes ``quoting``, the year on year ``years``, the defaults (minimum count,
French wording) ``wording``; ``challenge_summary`` puts them together with the breakdowns.
"""
from __future__ import annotations

import pandas as pd

from participation.analysis import column_texts, grouping
from participation.analysis import linked as linked_tables
from participation.analysis import text as tx
from participation.analysis.drafts import draft_takeaways
from participation.analysis.need_rows import subject_terms
from participation.analysis.quoting import draft_quotes, representative_quotes
from participation.analysis.said_rows import quoted_groups, said_rows
from participation.analysis.wording import DEFAULT_MIN_COUNT, WORDING
from participation.analysis.years import evolution
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


def challenge_summary(frame: pd.DataFrame, labels: dict[str, dict[str, str]],
                      min_count: int = DEFAULT_MIN_COUNT, wording: dict = WORDING,
                      subject: str | None = None, common: frozenset[str] = frozenset(),
                      linked: dict | None = None, said: dict | None = None) -> dict:
    """Everything the per-challenge page shows. What residents said is one table, ``said``
    (``said_rows.said_rows``, computed when None): the page prints it, the draft and the
    quotes read its rows, the year on year counts the same needs per consultation
    (``years.evolution``; docs/analysis.md, "One table per challenge"). ``subject``: the
    challenge's name, never a row; ``common``: the territory's terms that name no need. The
    breakdowns are hidden together against what else the page and the analyses' index print
    (``linked``: ``published.linked_cells``; ``linked.protect_breakdowns``: ``total_hidden``,
    ``said_base_hidden``)."""
    published, rows = len(frame) >= min_count, frame.reset_index(drop=True)
    said = said_rows(rows, grouping.place_terms(rows), smallest=min_count,
                     subject=subject_terms(subject or "")) if said is None else said
    quoted = quoted_groups(said)
    result = {
        "total": len(frame),
        "published": published,
        "breakdowns": {dim: breakdown(frame, dim, min_count, labels.get(dim), wording)
                       for dim in DIMENSIONS} if published else {},
        "words": tx.key_terms(frame["text"], top=15) if published else tx.key_terms(
            frame["text"].head(0)),
        "said": said,
        "said_shown": said["groups"][said["groups"]["count"] >= min_count].reset_index(
            drop=True),
        "quotes": representative_quotes(rows, labels["author_role"], wording=wording,
                                        groups=quoted),
        "draft": draft_takeaways(rows, min_count, wording=wording, said=said,
                                 subject=subject),
        "draft_quotes": draft_quotes(rows, labels["author_role"], wording=wording,
                                     groups=quoted),
        "evolution": evolution(rows, min_count, common, subject=subject_terms(subject or "")),
        "evolution_atouts": evolution(rows, min_count, common, part="atouts",
                                      subject=subject_terms(subject or "")),
    }
    # the breakdowns hidden together, against everything else the page prints
    return linked_tables.protect_breakdowns(frame, result, min_count, wording, linked)


def three_columns(frame: pd.DataFrame, min_count: int | None = None) -> dict[str, list[str]]:
    """The contracts' table per theme: propositions | manquements | mobilisation partenaire,
    each column's distinct texts in the order they were said.

    Partners' proposals go to the third column with their commitments: the first two columns
    are what residents (and their council) said. ``min_count``: a column of 1 to
    ``min_count`` - 1 contributions lists its first text only (``few_columns``: listing
    them all would print their small number; docs/analysis.md, "Across pages"). An answer in
    another language or a fragment ("docteur") is never quoted (``column_texts.quoted``;
    ``column_texts.left_out`` counts them)."""
    texts = frame.drop_duplicates("text")
    texts = texts[texts["text"].map(column_texts.quoted).astype(bool)]
    found = {key: texts.loc[mask, "text"].tolist() for key, mask in three_masks(texts).items()}
    few = few_columns(frame, min_count) if min_count else set()
    return {key: found[key][:1] if key in few else found[key] for key in found}


def few_columns(frame: pd.DataFrame, min_count: int) -> set[str]:
    """The keys of ``three_columns`` whose contributions number 1 to ``min_count`` - 1:
    printed as "moins de 5", one text as an example."""
    return {key for key, mask in three_masks(frame).items() if 0 < int(mask.sum()) < min_count}


def three_masks(frame: pd.DataFrame) -> dict[str, pd.Series]:
    """Per column of ``three_columns``, the boolean mask of ``frame[kind, author_role]``
    whose texts it lists (the rows said by a partner, an elected official or a technician
    are the partners')."""
    partner = frame["author_role"].isin(["partenaire", "elu", "technicien"])
    return {"propositions": (frame["kind"] == "proposition") & ~partner,
            "manquements": frame["kind"].isin(["constat", "defi"]) & ~partner,
            "mobilisation": (frame["kind"] == "mobilisation")
            | (partner & (frame["kind"] == "proposition"))}


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
