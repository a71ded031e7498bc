"""The review queue: which contributions a coordinator sees first, and their suggestions.

Contributions saying exactly the same words ("rien", "RAS", "plus de propreté") are shown
once with their number, and one decision applies to all of them (``same_text``): a survey of
300 answers brings dozens of "rien" a coordinator would otherwise review one by one.

Two orders (``ORDERS``): the latest first, or the least certain first. A suggestion's
certainty is the margin between its best and its second challenge score (``tagging.suggest``),
a text with no suggestion at all counting as the least certain. Reviewing the least certain
first is *uncertainty sampling* (Lewis & Gale, "A sequential algorithm for training text
classifiers", SIGIR 1994): each correction then teaches the model what it did not know, so a
few corrections move the suggestions of the rest more than corrections of texts it already
tagged right.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import select

from participation.analysis import autotag, frames, learning, tagging
from participation.analysis.tag_weights import TIE_SHARE
from participation.contributions.models import Contribution
from participation.core.memo import memo
from participation.extensions import db
from participation.privacy.masking import mask_contacts

ORDERS = ("recent", "uncertain")
PAGE_SIZE = 20
# « Accepter » saves the first suggestion and those scored as it (``accepted``): within this
# much of its score, the challenges a coordinator decided together for nearly the same words
# (``tag_scores``: carried at the row's best plus ``TIE_SHARE`` × their rank, 3 at most)
SAME_SCORE = 10 * TIE_SHARE
text_key = learning.text_key  # "the same words" (the model reuses a decision on them too)


NO_SOURCE = "-"  # the address's value for contributions with no source (direct entry)


def of_source(pending: pd.DataFrame, source: str) -> pd.DataFrame:
    """The rows of ``pending`` from ``source``: a ``source_label`` (a survey's question, an
    event's table…), ``NO_SOURCE`` for those without one, "" for every row."""
    if not source:
        return pending
    labels = pending["source_label"].fillna("").astype(str)
    return pending[labels == ("" if source == NO_SOURCE else source)]


def unique_texts(pending: pd.DataFrame, source: str = "") -> pd.DataFrame:
    """One row per distinct text of ``pending`` (its latest contribution, in the frame's
    order) with [same]: how many pending contributions say it. ``source`` (``of_source``):
    only the texts of that source, [same] counted within it, as a decision taken there
    applies within it (``same_text``): the coordinator sees what it changes."""
    chosen = of_source(pending, source)
    keys = chosen["text"].map(text_key)
    first = chosen.assign(key=keys).drop_duplicates("key").copy()
    first["same"] = first["key"].map(keys.value_counts()).astype(int)
    return first.drop(columns="key")


def sources(pending: pd.DataFrame) -> list[tuple[str, int]]:
    """(source, how many pending contributions) of the queue, by label (``NO_SOURCE`` for
    the contributions without one, last): what the coordinator can narrow the queue to (an
    imported questionnaire's question…)."""
    labels = pending["source_label"].fillna("").astype(str)
    counts = labels.value_counts()
    found = sorted((label, int(n)) for label, n in counts.items() if label)
    return found + ([(NO_SOURCE, int(counts[""]))] if "" in counts.index else [])


def margins(found: pd.DataFrame, docs: pd.Index) -> pd.Series:
    """Certainty of each doc of ``docs``: best score minus the second best (the best alone
    when one challenge is suggested), -1.0 when nothing is suggested. ``found`` is
    ``tagging.suggest``'s frame [doc, challenge_id, score, ...]."""
    if found.empty:
        return pd.Series(-1.0, index=docs)
    ranked = found.sort_values(["doc", "score"], ascending=[True, False])
    position = ranked.groupby("doc").cumcount()
    first = ranked[position == 0].set_index("doc")["score"]
    second = ranked[position == 1].set_index("doc")["score"]
    margin = first.sub(second, fill_value=0.0)
    return margin.reindex(docs).fillna(-1.0).astype(float)


def _suggested(territory_id: int, texts: pd.Series) -> pd.DataFrame:
    """``tagging.suggest`` of ``texts`` with the territory's current model."""
    return tagging.suggest(texts, autotag.territory_model(territory_id))


def _uncertain_ids(territory_id: int, source: str = "") -> list[int]:
    """Ids of the distinct texts waiting for review (their latest contribution; of one
    ``source`` when given), least certain first (latest first among equals)."""
    shown = unique_texts(frames.review_frame(territory_id, limit=None)[0], source)
    if shown.empty:
        return []
    texts = shown["text"].fillna("").reset_index(drop=True)
    certainty = margins(_suggested(territory_id, texts), texts.index)
    rank = np.lexsort((np.arange(len(shown)), certainty.to_numpy()))
    return shown["id"].iloc[rank].astype(int).tolist()


def _page(territory_id: int, order: str, limit: int, start: int,
          source: str = "") -> tuple[pd.DataFrame, int, int, list]:
    """The distinct texts to show (from position ``start``; of one ``source`` when given),
    the number of pending contributions (of that source), of distinct texts waiting, and
    the queue's ``sources``."""
    every, pending = frames.review_frame(territory_id, limit=None)
    shown, found = unique_texts(every, source), sources(every)
    if source:
        pending = len(of_source(every, source))
    if order != "uncertain":
        return shown.iloc[start:start + limit], pending, len(shown), found
    ids = memo(territory_id, f"review-uncertain:{source}",
               lambda: _uncertain_ids(territory_id, source))  # cached until data changes
    rank = {cid: i for i, cid in enumerate(ids[start:start + limit])}
    chosen = shown[shown["id"].isin(rank)]
    return (chosen.iloc[np.argsort(chosen["id"].map(rank).to_numpy(), kind="stable")],
            pending, len(shown), found)


def review_page(territory_id: int, order: str = "recent", limit: int = PAGE_SIZE,
                start: int = 0, source: str = "") -> tuple[pd.DataFrame, int,
                                                           dict[int, list[dict]]]:
    """(page, pending, suggestions): the ``limit`` distinct texts from position ``start``
    to show in ``order`` (one of ``ORDERS``; unknown values read as "recent"), of one
    ``source`` (``source_label``) when given, with [same] (how many contributions say it),
    how many contributions wait (of that source), and the suggestions keyed by the shown
    contribution's id (rows of ``tagging.suggest``, best first). ``page.attrs``:
    "distinct", how many distinct texts wait (the queue's pages); "sources", ``sources``
    of the whole queue."""
    page, pending, distinct, origins = _page(territory_id, order, limit, max(start, 0),
                                             source)
    page = page.copy()
    page.attrs["distinct"], page.attrs["sources"] = distinct, origins
    if page.empty:
        return page, pending, {}
    found = _suggested(territory_id, page["text"].reset_index(drop=True))
    found["doc"] = found["doc"].map(page["id"].reset_index(drop=True))
    return page, pending, {int(cid): accepted(rows.to_dict("records"))
                           for cid, rows in found.groupby("doc")}


def accepted(rows: list[dict]) -> list[dict]:
    """The suggestions of one text (``tagging.suggest``'s rows, best first) with [accept]:
    True for what « Accepter » saves, the first suggestion and those within ``SAME_SCORE``
    of its score (a decision carried from nearly the same words: "des stages de foot"
    decided Emploi and Éducation comes back with both, at one score). The others are
    one-tap additions: a coordinator tester accepted « stationnement… » and got Mobilité
    and a weak second, Lien social, "proche par le sens de : communication" (issue #13)."""
    best = rows[0]["score"] if rows else 0.0
    return [row | {"accept": row["score"] >= best - SAME_SCORE} for row in rows]


def same_text(contribution: Contribution, source: str = "") -> list[Contribution]:
    """The contribution and every other one of its territory still waiting for review that
    says the same words (``text_key``; of ``source`` when the queue was narrowed to it,
    ``of_source``): what one decision of the queue applies to. The words are compared as
    the queue shows them, contacts masked (the frame's texts are: a text holding a phone
    was matched to none of its copies, fresh tester)."""
    pending = of_source(frames.review_frame(contribution.territory_id, limit=None)[0], source)
    key = text_key(mask_contacts(contribution.text))
    ids = set(pending.loc[pending["text"].map(text_key) == key, "id"].astype(int))
    ids.add(contribution.id)
    return list(db.session.scalars(select(Contribution).where(
        Contribution.territory_id == contribution.territory_id, Contribution.id.in_(ids))))
