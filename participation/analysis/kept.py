"""The costly parts of the analyses, kept by what they are computed from (``core.memo``).

The pages and the section are kept whole per data version (``core.memo.memo``); a new answer
changes the version, so without this module every grouping of answers (0.1-0.5 s each on the
demo) was computed again. Here each part is kept under the ``digest`` of its own input rows:
after one new answer only the parts whose rows changed are computed (the whole territory's
grouping, the challenges it was tagged with); the others are found as they were. A part keyed
by its input can never be stale: other input, other key.
"""
from __future__ import annotations

from collections import Counter
from functools import partial

import numpy as np
import pandas as pd

from participation.analysis import distinct, drafts, grouping, summary
from participation.analysis import text as tx
from participation.core.memo import content_memo, digest


def groups(rows: pd.DataFrame, common: frozenset[str] = frozenset()) -> pd.DataFrame:
    """``grouping.group_answers`` of the rows' texts (positions in ``rows``, every group
    whatever its size), their quartiers' and communes' names and the territory's ``common``
    terms (``common_terms``) never naming a group; kept by the texts, the names and
    ``common``. ``rows``: a contributions frame (``frames.contributions_frame``, possibly
    filtered); an empty one gives an empty frame with the same columns."""
    rows = rows.reset_index(drop=True)
    if rows.empty:
        return drafts.answer_groups(rows)
    texts = rows["text"].reset_index(drop=True)
    names = grouping.place_terms(rows)
    return content_memo("analysis.groups",
                        lambda: grouping.group_answers(texts, names=names, common=common),
                        digest(texts, names, frozenset(common)))


def year_reference(rows: pd.DataFrame, common: frozenset[str] = frozenset()) -> pd.DataFrame:
    """``needs_following.earlier_groups`` of one consultation's contributions ``rows`` (answers:
    positions in ``rows``), kept by the set of its texts (sorted: the same texts in another
    order are found kept) and its places' names: an earlier consultation is grouped once,
    whatever is answered since, and its groups never change; ``common``: see ``groups``."""
    rows = rows.reset_index(drop=True)
    if rows.empty:
        return drafts.answer_groups(rows)
    order = np.argsort(rows["text"].fillna("").astype(str).to_numpy(), kind="stable")
    texts = rows["text"].iloc[order].reset_index(drop=True)
    names = grouping.place_terms(rows)
    found = content_memo("analysis.year_reference",
                         lambda: grouping.group_answers(texts, names=names, common=common),
                         digest(texts, names, frozenset(common)))
    found["answers"] = [[int(order[a]) for a in answers] for answers in found["answers"]]
    return found


def challenge_summary(frame: pd.DataFrame, labels: dict, min_count: int,
                      wording: dict, subject: str | None = None,
                      common: frozenset[str] = frozenset(), linked: dict | None = None) -> dict:
    """``summary.challenge_summary`` of the rows, kept by the rows (every column: a kind or a
    quartier changed changes the figures), labels, wording and subject (the challenge's
    name, never a need of its draft); its grouping shared with the section's evolution of the
    same challenge (``groups``), the earlier consultation's grouped once (``year_reference``);
    ``common``: the territory's terms that name no group (``common_terms``); ``linked``:
    what the analyses' index prints about the rows (``published.linked_cells``)."""
    return content_memo(
        "analysis.challenge_summary",
        lambda: summary.challenge_summary(
            frame, labels, min_count, wording, groups=groups(frame, common), subject=subject,
            grouped=partial(groups, common=common),
            reference=partial(year_reference, common=common), linked=linked),
        digest(frame, repr(labels), repr(wording), str(subject), frozenset(common),
               repr(linked)))


def _theme_parts(rows: pd.DataFrame, tags: pd.DataFrame,
                 challenges: pd.DataFrame) -> list[pd.DataFrame]:
    """Per top-level challenge of the current tree with rows, its rows and its
    sub-challenges' (``frames.challenge_contributions``: the very rows its challenge page
    groups). A row tagged with two themes is in both."""
    from participation.analysis import frames

    roots = challenges[challenges["current"] & challenges["parent_id"].isna()]
    members = frames.challenge_members(tags, challenges)
    parts = (rows[rows["id"].isin(members.get(int(node_id), ()))] for node_id in roots["id"])
    return [part for part in parts if not part.empty]


def _partitions(rows: pd.DataFrame, tags: pd.DataFrame,
                challenges: pd.DataFrame) -> list[pd.DataFrame]:
    """The rows split by theme (``_theme_parts``), then the rows tagged with none of
    them."""
    parts = _theme_parts(rows, tags, challenges)
    seen = pd.Series(False, index=rows.index)
    for part in parts:
        seen[part.index] = True
    return parts + ([rows[~seen]] if not seen.all() else [])


def common_terms(frame: pd.DataFrame, tags: pd.DataFrame,
                 challenges: pd.DataFrame) -> frozenset[str]:
    """``distinct.common_terms`` of a territory: the terms said about at least three in four
    of its challenges ("habitant", "résidence" on the demo), learned from ``frame`` (its
    contributions, ``frames.contributions_frame``) split by theme with the validated
    ``tags`` (``_theme_parts``); kept by the texts of each theme."""
    parts = [part["text"].reset_index(drop=True)
             for part in _theme_parts(frame.reset_index(drop=True), tags, challenges)]
    return content_memo("analysis.common_terms", lambda: distinct.common_terms(parts),
                        digest(*parts) if parts else "none")


def territory_groups(frame: pd.DataFrame, tags: pd.DataFrame, challenges: pd.DataFrame,
                     common: frozenset[str] = frozenset()) -> pd.DataFrame:
    """Groups of similar answers of a whole territory's ``frame`` (positions in ``frame``),
    shaped as ``grouping.group_answers``: group, label, count, share, verbatims, answers.

    Composed theme by theme (``_partitions``): each theme's grouping is the one its challenge
    page shows, kept by its rows (``groups``), so a new answer regroups only the themes it was
    tagged with (or the untagged rows), never the whole territory. Groups of several themes
    with the same key (their most widespread term, ``grouping.assign_groups``: "bruit" in
    Sécurité and in Cadre de vie) are one need: their answers are merged, each counted once,
    labelled as the biggest part; ``share`` is a group's count over the answers that express
    any need; biggest first, ties by key. Groups of two themes labelled alike are told
    apart or merged (``distinct.distinct_labels`` of their answers); ``common``: see
    ``groups``."""
    rows = frame.reset_index(drop=True)
    merged: dict[str, dict] = {}
    for part in _partitions(rows, tags, challenges):
        positions = part.index.to_numpy()
        for group in groups(part, common).itertuples():
            members = [int(positions[a]) for a in group.answers]
            found = merged.setdefault(str(group.group),
                                      {"label": group.label, "size": 0, "answers": {}})
            if len(members) > found["size"]:
                found["label"], found["size"] = group.label, len(members)
            found["answers"].update(dict.fromkeys(members))
    return _group_table(_told_apart(merged, rows, common), rows["text"])


def _told_apart(merged: dict[str, dict], rows: pd.DataFrame,
                common: frozenset[str]) -> dict[str, dict]:
    """``territory_groups``' merged groups (key -> label, size, answers: positions in
    ``rows``) with no two labels alike (``distinct.distinct_labels`` of their answers'
    texts, never a word of the rows' places, proper names or ``common`` terms): a group
    nothing tells apart joins the biggest of its collision (answers counted once)."""
    if not distinct.collisions({k: f["label"] for k, f in merged.items()}):
        return merged
    texts = rows["text"]
    excluded = set(common) | grouping.place_terms(rows) | tx.proper_names(texts)
    said = pd.DataFrame([(key, texts.iloc[a]) for key, found in merged.items()
                         for a in found["answers"]], columns=["group", "text"])
    labels, joined = distinct.distinct_labels(
        said, {k: f["label"] for k, f in merged.items()},
        {k: len(f["answers"]) for k, f in merged.items()}, excluded)
    for key, into in joined.items():
        merged[into]["answers"].update(merged.pop(key)["answers"])
    return {key: {**found, "label": labels[key]} for key, found in merged.items()}


def _group_table(merged: dict[str, dict], texts: pd.Series) -> pd.DataFrame:
    """The ``group_answers`` frame of ``territory_groups``' merged groups (key -> label,
    answers as an ordered dict of positions in ``texts``)."""
    columns = ["group", "label", "count", "share", "verbatims", "answers"]
    expressing = {a for found in merged.values() for a in found["answers"]}
    stripped = [str(text).strip() for text in texts]  # once, not per group in pandas
    table = []
    for key, found in merged.items():
        answers = list(found["answers"])
        said = Counter(stripped[a] for a in answers)
        table.append((key, found["label"], len(answers), len(answers) / len(expressing),
                      [text for text, _n in said.most_common()], answers))
    table = pd.DataFrame(table, columns=columns)
    return table.sort_values(["count", "group"], ascending=[False, True]).reset_index(drop=True)
