"""Residents quoted: one typical, readable quote per big group of what they said, signed
only with consent (``attribution``), and the draft's quotes cut at a sentence end.

Input: the contributions frame of ``frames.contributions_frame`` (possibly filtered to a
challenge); the rows of what its residents said (``said_rows``: answers are positions in
the frame), so a quote comes from a need the page's table prints.
"""
from __future__ import annotations

import pandas as pd

from participation.analysis import column_texts
from participation.analysis import text as tx
from participation.analysis.wording import WORDING

QUOTE_MIN, QUOTE_MAX = 15, 240  # characters of a readable quote


def attribution(frame: pd.DataFrame, role_labels: dict[str, str],
                wording: dict = WORDING) -> pd.Series:
    """The contracts' signature, only with consent: "Habitante — résidence Foch, 40-59 ans"."""
    role = frame["author_role"].map(role_labels).fillna("")
    role = role.mask((frame["author_role"] == "habitant") & (frame["sex"] == "f"),
                     wording["habitante"])
    place = frame["place_name"].fillna("")
    signed = role + place.where(place == "", " — " + place)
    age = frame["age_band"].fillna("")
    signed = signed + age.where(age == "", ", " + age)
    return signed.where(frame["attribution_consent"].fillna(False).astype(bool), "")


def _pool(rows: pd.DataFrame) -> pd.Series:
    """Who may be quoted as a resident: the residents, or everyone when none spoke; only a
    French statement (``column_texts.quoted``: never an answer in another language, which
    the French section would print as French text, nor a one-word fragment, « docteur »,
    tester t28coord)."""
    residents = rows["author_role"] == "habitant"
    pool = residents if residents.any() else pd.Series(True, index=rows.index)
    return pool & rows["text"].map(column_texts.quoted).astype(bool)


def representative_quotes(frame: pd.DataFrame, role_labels: dict[str, str],
                          n: int = 3, wording: dict = WORDING,
                          groups: pd.DataFrame | None = None) -> pd.DataFrame:
    """One resident's quote from each of the ``n`` biggest groups: readable, typical.

    Typical = shares the most terms with the rest of its group; readable = between QUOTE_MIN
    and QUOTE_MAX characters when possible. Only residents are quoted when any spoke. Attributed
    only with consent. ``groups``: the rows of what residents said (``said_rows.
    quoted_groups``: the table the page prints, answers as positions in ``frame``), computed
    from ``frame`` when None."""
    columns = ["id", "text", "attribution", "group", "count"]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    rows = frame.reset_index(drop=True)
    if groups is None:
        from participation.analysis.said_rows import quoted_groups, said_rows
        groups = quoted_groups(said_rows(rows))
    pool = _pool(rows)
    members = [(g.group, [a for a in g.answers if pool[a]]) for g in groups.itertuples()]
    members = sorted((m for m in members if m[1]), key=lambda m: -len(m[1]))[:n]
    picked = []
    for group, answers in members:  # one pass per group (n <= 5), not per answer
        texts = rows.loc[answers, "text"]
        readable = texts[texts.str.len().between(QUOTE_MIN, QUOTE_MAX)]
        texts = readable if not readable.empty else texts
        terms = tx.terms_frame(texts)
        weight = terms["term"].map(terms["term"].value_counts())
        score = weight.groupby(terms["doc"]).sum().reindex(texts.index, fill_value=0)
        picked.append((int(score.idxmax()), group, len(answers)))
    picked = list({p[0]: p for p in picked}.values())  # an answer in two groups: quoted once
    chosen = rows.loc[[p[0] for p in picked]].reset_index(drop=True)
    chosen["attribution"] = attribution(chosen, role_labels, wording)
    chosen["group"] = [p[1] for p in picked]
    chosen["count"] = [p[2] for p in picked]
    return chosen[columns]


def draft_quotes(frame: pd.DataFrame, role_labels: dict[str, str], n: int = 3,
                 wording: dict = WORDING, groups: pd.DataFrame | None = None) -> list[str]:
    """Two or three quotes for the draft, each an exact substring of a real contribution (cut
    at a sentence end when too long), signed only when the person consented. Each run of
    spaces and line breaks is one space (as a page shows it): the draft is one paragraph a
    line, so a quote's line break would cut it in two paragraphs of the section."""
    quotes = representative_quotes(frame, role_labels, n, wording, groups)
    out = []
    for row in quotes.itertuples():
        text = " ".join(excerpt(row.text).split())
        out.append(f"« {text} »" + (f" ({row.attribution})" if row.attribution else ""))
    return out


def excerpt(text: str) -> str:
    """The text itself, or its first sentences up to ``QUOTE_MAX`` characters (a substring)."""
    text = text.strip()
    if len(text) <= QUOTE_MAX:
        return text
    cut = max(text.rfind(mark, 0, QUOTE_MAX) for mark in (". ", "! ", "? "))
    return text[:cut + 1] if cut > QUOTE_MIN else text[:QUOTE_MAX].rsplit(" ", 1)[0]
