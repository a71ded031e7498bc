"""The review queue: which contributions a coordinator sees first, and their suggestions.

Two orders (``ORDERS``): the latest first, or the least certain first. A suggestion's
certainty is the margin between its best and its second challenge score (``tagging.suggest``),
a contribution with no suggestion at all counting as the least certain. Reviewing the least
certain first is *uncertainty sampling* (Lewis & Gale, "A sequential algorithm for training
text classifiers", SIGIR 1994): each correction then teaches the model what it did not know,
so a few corrections move the suggestions of the rest more than corrections of texts it
already tagged right.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from participation.analysis import autotag, frames, tagging
from participation.core.memo import memo

ORDERS = ("recent", "uncertain")
PAGE_SIZE = 20


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


def _uncertain_ids(territory_id: int) -> list[int]:
    """Ids of every contribution waiting for review, least certain first (latest first
    among equals); cached until the territory's data changes."""
    pending = frames.review_frame(territory_id, limit=None)[0]
    if pending.empty:
        return []
    texts = pending["text"].fillna("")
    certainty = margins(_suggested(territory_id, texts), texts.index)
    rank = np.lexsort((np.arange(len(pending)), certainty.to_numpy()))
    return pending["id"].iloc[rank].astype(int).tolist()


def review_page(territory_id: int, order: str = "recent",
                limit: int = PAGE_SIZE) -> tuple[pd.DataFrame, int, dict[int, list[dict]]]:
    """(page, pending, suggestions): the ``limit`` contributions to show in ``order`` (one of
    ``ORDERS``; unknown values read as "recent"), how many wait in all, and their suggestions
    keyed by contribution id (rows of ``tagging.suggest``, best first)."""
    if order == "uncertain":
        ids = memo(territory_id, "review-uncertain", lambda: _uncertain_ids(territory_id))
        every, pending = frames.review_frame(territory_id, limit=None)
        rank = {cid: i for i, cid in enumerate(ids[:limit])}
        shown = every[every["id"].isin(rank)]
        page = shown.iloc[np.argsort(shown["id"].map(rank).to_numpy(), kind="stable")]
    else:
        page, pending = frames.review_frame(territory_id, limit=limit)
    if page.empty:
        return page, pending, {}
    found = _suggested(territory_id, page["text"].reset_index(drop=True))
    found["doc"] = found["doc"].map(page["id"].reset_index(drop=True))
    return page, pending, {int(cid): rows.to_dict("records")
                           for cid, rows in found.groupby("doc")}
