"""The keywords a territory's tagging model is built from (``tagging.build_model``): its
challenges' own keywords and names, and those inherited from the national themes nearest in
meaning (``territory.defaults.NATIONAL_TREE``, weight ``tag_weights.NATIONAL_WEIGHT``).
Pure: no app, no database.
"""
from __future__ import annotations

import pandas as pd

from participation.analysis import semantic
from participation.analysis import suggest as lexical
from participation.analysis import text as tx
from participation.analysis.tag_weights import NATIONAL_MIN_SIM, PHRASE_WEIGHT


def keyword_rows(challenges: pd.DataFrame, weight: float) -> pd.DataFrame:
    """Keyword rows; a phrase ("jeux pour enfants") outweighs its words (``PHRASE_WEIGHT``).
    A challenge's name counts by its first two words (``suggest.keyword_table``), shown as
    those words ("sécurité tranquillité"), never as the whole title."""
    table = lexical.keyword_table(challenges)
    names = set(challenges["name"].fillna(""))
    table["keyword"] = [_name_words(f, k) if k in names else k
                        for f, k in zip(table["feature"], table["keyword"], strict=True)]
    phrase = table["feature"].str.contains(" ", regex=False)
    table = table.assign(weight=weight * phrase.map({True: PHRASE_WEIGHT, False: 1.0}))
    return table[["challenge_id", "feature", "keyword", "weight"]]


def _name_words(feature: str, name: str) -> str:
    """The words of ``name`` that make ``feature``, as the name spells them ("Sécurité et
    tranquillité publique", "securite tranquillite" -> "sécurité tranquillité")."""
    return tx.readable(feature, tx.surface_forms(pd.Series([name]))).lower()


def inherit_national(challenges: pd.DataFrame, national: pd.DataFrame) -> pd.DataFrame:
    """National keywords a territory's challenge inherits: each national theme goes to the
    territory challenge nearest in meaning (name and keywords), from ``NATIONAL_MIN_SIM``.

    ``challenges`` and ``national``: [id, name, keywords]. Returns [id, name, keywords] rows
    with the inherited keywords under the territory challenge's id.
    """
    if challenges.empty or national.empty or not semantic.available():
        return challenges.iloc[0:0]
    def profile(frame):
        return semantic.embed((frame["name"] + " " + frame["keywords"].fillna("")).tolist())
    sims = profile(national) @ profile(challenges).T
    best, best_sim = sims.argmax(axis=1), sims.max(axis=1)
    keep = best_sim >= NATIONAL_MIN_SIM
    ids = challenges["id"].to_numpy()[best[keep]]
    rows = national[keep]
    return pd.DataFrame({"id": ids, "name": rows["name"].to_numpy(),
                         "keywords": rows["keywords"].to_numpy()})
