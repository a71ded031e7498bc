"""Suggesting challenges for a text, with the reasons, and learning from coordinators' tags.

Two sources of evidence, added up per challenge:

- **keywords** of the challenge (and the words of its name), normalised like the texts; each
  keyword found counts ``KEYWORD_WEIGHT``;
- **what coordinators tagged**: for every term of manually tagged texts, the share of those
  texts tagged with the challenge, smoothed: ``n(term, challenge) / (n(term) + SMOOTHING)``,
  kept from ``MIN_WEIGHT``.
  A correction is a manual tag, so the next suggestions learn from it.

A suggestion is kept when its score reaches ``MIN_SCORE``; its reasons list the matched
keywords and learned terms, so a coordinator can see why.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from participation.analysis import text as tx

KEYWORD_WEIGHT = 1.0
SMOOTHING = 1.0
MIN_SCORE = 0.5
MIN_WEIGHT = 0.2  # learned terms spread over many challenges say nothing
# A learned term must tell its challenge apart (``specific``): said in at least MIN_SUPPORT
# reviewed texts of the challenge (MIN_SUPPORT_SHARED when others say it too), more than
# MIN_OWN_SHARE of the reviewed texts saying it being the challenge's, and MIN_RATIO times
# more often, as a share, in the challenge's reviewed texts than in the others (likelihood
# ratio, Laplace-smoothed).
MIN_SUPPORT = 2
MIN_SUPPORT_SHARED = 3  # when reviewed texts of other challenges say it too
MIN_OWN_SHARE = 0.5
MIN_RATIO = 2.0
COLUMNS = ["doc", "challenge_id", "score", "keywords", "learned"]
SEP = "\x1f"  # joins reasons inside the vectorised aggregation


def features(texts: pd.Series) -> pd.DataFrame:
    """(doc, feature) rows: each text's terms and two-word phrases, once each."""
    per_doc = texts.fillna("").map(lambda t: (lambda ts: ts + tx.bigrams(ts))(tx.terms(t)))
    exploded = per_doc.explode().dropna()
    frame = pd.DataFrame({"doc": exploded.index, "feature": exploded.to_numpy()})
    return frame.drop_duplicates(ignore_index=True)


def keyword_table(challenges: pd.DataFrame) -> pd.DataFrame:
    """(challenge_id, feature, keyword) from ``challenges[id, name, keywords]``.

    A keyword of several words ("mission locale") becomes the phrase of its terms.
    """
    words = challenges["keywords"].fillna("").str.split(",") + challenges["name"].map(
        lambda n: [n])
    table = pd.DataFrame({"challenge_id": challenges["id"], "keyword": words}).explode("keyword")
    table["keyword"] = table["keyword"].str.strip()
    table = table[table["keyword"].str.len() > 0]
    table["feature"] = table["keyword"].map(lambda k: " ".join(tx.terms(k)[:2]))
    return table[table["feature"] != ""].drop_duplicates(["challenge_id", "feature"])


def learn(tagged: pd.DataFrame) -> pd.DataFrame:
    """Term weights per challenge from manually tagged texts ``tagged[doc, text, challenge_id]``.

    Returns (feature, challenge_id, weight, support) where support is the number of tagged
    texts with both the term and the challenge, ``weight`` = support / (texts with the term
    + ``SMOOTHING``), kept from ``MIN_WEIGHT`` for the terms ``specific`` to the challenge.
    """
    if tagged.empty:
        return pd.DataFrame(columns=["feature", "challenge_id", "weight", "support"])
    texts = tagged.drop_duplicates("doc").set_index("doc")["text"]
    feats = features(texts)
    per_term = feats.groupby("feature")["doc"].nunique()
    pairs = tagged[["doc", "challenge_id"]].drop_duplicates()
    joined = feats.merge(pairs, on="doc")
    support = joined.groupby(["feature", "challenge_id"]).size().rename("support").reset_index()
    support["weight"] = support["support"] / (support["feature"].map(per_term) + SMOOTHING)
    keep = specific(support, per_term, pairs.groupby("challenge_id")["doc"].nunique(),
                    len(texts)) & (support["weight"] >= MIN_WEIGHT)
    return support[keep][["feature", "challenge_id", "weight", "support"]].reset_index(
        drop=True)


def specific(support: pd.DataFrame, per_term: pd.Series, per_challenge: pd.Series,
             total: int) -> pd.Series:
    """Mask of the (feature, challenge_id, support) rows whose term tells the challenge
    apart: said in at least ``MIN_SUPPORT`` of its reviewed texts (``MIN_SUPPORT_SHARED``
    when reviewed texts of other challenges say it too), more than
    ``MIN_OWN_SHARE`` of the reviewed texts saying it being the challenge's, and with a
    likelihood ratio of at least ``MIN_RATIO``: (support / the challenge's texts) over
    ((texts with the term outside it + 1) / (texts outside it + 2), Laplace's rule of
    succession: one half while no reviewed text is outside the challenge). "présence" (2 texts of
    Sécurité, 1 of two other challenges) or "mises en place", said once, or as often for
    every challenge, teach nothing about one (naive
    Bayes' evidence of a word; Manning, Raghavan, Schütze, *Introduction to Information
    Retrieval*, 13.5, feature selection). ``per_term``: texts per feature;
    ``per_challenge``: texts per challenge; ``total``: reviewed texts."""
    inside = support["challenge_id"].map(per_challenge)
    share_in = support["support"] / inside
    share_out = (support["feature"].map(per_term) - support["support"] + 1) / (
        total - inside + 2)  # Laplace: 1/2 when no text is outside the challenge yet
    said = support["feature"].map(per_term)
    needed = np.where(said > support["support"], MIN_SUPPORT_SHARED, MIN_SUPPORT)
    return (support["support"] >= needed) & (support["support"] / said > MIN_OWN_SHARE) & (
        share_in / share_out >= MIN_RATIO)


def suggest(texts: pd.Series, keywords: pd.DataFrame, model: pd.DataFrame | None = None,
            top: int = 3, min_score: float = MIN_SCORE) -> pd.DataFrame:
    """Best challenges for each text: doc, challenge_id, score, keywords, learned (reasons).

    Identical texts ("rien", "des medecins") are scored once and the result shared.
    """
    codes, uniques = pd.factorize(texts.fillna(""))
    scored = _suggest_unique(pd.Series(uniques, dtype=object), keywords, model, top, min_score)
    docs = pd.DataFrame({"doc": texts.index, "code": codes})
    out = docs.merge(scored.rename(columns={"doc": "code"}), on="code")
    return out[COLUMNS].reset_index(drop=True)


def _suggest_unique(texts: pd.Series, keywords: pd.DataFrame, model: pd.DataFrame | None,
                    top: int, min_score: float) -> pd.DataFrame:
    feats = features(texts)
    table = keywords[["challenge_id", "feature", "keyword"]]
    table = table.assign(weight=KEYWORD_WEIGHT, source="keywords", reason=table["keyword"])
    by_kw = feats.merge(table.drop(columns="keyword"), on="feature")
    parts = [by_kw]
    if model is not None and not model.empty:
        readable = model.assign(source="learned", reason=model["feature"].str.replace(
            "_", " ", regex=False))
        by_model = feats.merge(readable, on="feature")
        parts.append(by_model)
    evidence = pd.concat(parts, ignore_index=True)
    if evidence.empty:
        return pd.DataFrame(columns=COLUMNS)
    scores = evidence.groupby(["doc", "challenge_id"])["weight"].sum().rename("score")
    out = scores[scores >= min_score].reset_index()
    out = out.sort_values(["doc", "score"], ascending=[True, False]).groupby("doc").head(top)
    kept = evidence.merge(out[["doc", "challenge_id"]], on=["doc", "challenge_id"])
    reasons = _reason_lists(kept)
    out = out.join(reasons, on=["doc", "challenge_id"])
    for column in ("keywords", "learned"):
        if column not in out:
            out[column] = None
        out[column] = out[column].map(lambda v: v if isinstance(v, list) else [])
    return out[COLUMNS].reset_index(drop=True)


def _reason_lists(evidence: pd.DataFrame) -> pd.DataFrame:
    """Sorted distinct reasons per (doc, challenge) and source, as lists.

    Strings are concatenated with a separator by the vectorised ``sum`` and split again,
    which is far faster than building one Python list per group.
    """
    unique = evidence.drop_duplicates(["doc", "challenge_id", "source", "reason"])
    unique = unique.sort_values(["doc", "challenge_id", "source", "reason"])
    joined = (unique["reason"] + SEP).groupby(
        [unique["doc"], unique["challenge_id"], unique["source"]]).sum()
    lists = joined.str.rstrip(SEP).str.split(SEP)
    return lists.unstack("source")
