"""Grouping similar answers so that one need is counted once, whatever the wording.

How it works (each step can be shown to a coordinator):

1. each answer is split into the needs it lists ("un coiffeur et des bancs" -> two segments);
2. each segment is reduced to folded lemmas (``text.terms``) and its terms are mapped to a
   *family* when the word belongs to a known need (``FAMILIES``: "pédiatre" and "médecin" are
   the doctor family, "coiffeur", "épicerie", "banque" are local shops);
3. the segment's *key term* is its most widespread term (the one found in the most answers),
   so "pas assez de médecins" and "un médecin traitant" share the key term "medecin";
4. segments with the same key term form a group; an answer counts once per group;
5. a small group whose answers are, for at least ``MERGE_SHARE`` of them, also in a bigger
   group is merged into it (words always said together, like "tonte et entretien").

Segments without any content term ("rien", "je ne sais pas") are left out and counted apart.
"""
from __future__ import annotations

import pandas as pd

from participation.analysis import text as tx

MERGE_SHARE = 0.6
# Families of needs: folded term -> family key. Extend it for a territory's own vocabulary.
FAMILIES = {
    "medecin": "medecin", "pediatre": "medecin", "generaliste": "medecin",
    "dentiste": "medecin", "infirmier": "medecin", "soin": "medecin", "medical": "medecin",
    "banque": "commerce", "coiffeur": "commerce", "epicerie": "commerce",
    "boulangerie": "commerce", "commerce": "commerce", "boucherie": "commerce",
    "superette": "commerce", "pharmacie": "commerce", "poste": "commerce",
    "activite": "activite", "animation": "activite", "loisir": "activite", "sortie": "activite",
    "occupation": "activite", "atelier": "activite",
    "pelouse": "espace_vert", "tonte": "espace_vert", "espace_vert": "espace_vert",
    "herbe": "espace_vert", "arbre": "espace_vert",
    "jeu": "jeu", "aire_jeu": "jeu", "city_stade": "jeu", "terrain_foot": "jeu",
    "toboggan": "jeu", "balancoire": "jeu",
    "amenagement": "amenagement", "mobilier_urbain": "amenagement", "banc": "amenagement",
    "trottoir": "amenagement", "eclairage": "amenagement", "route": "amenagement",
    "bus": "bus", "transport": "bus", "navette": "bus", "ligne": "bus", "tram": "bus",
}


def segment_frame(answers: pd.Series) -> pd.DataFrame:
    """One row per (answer, segment, term) with the term already mapped to its family."""
    segs = answers.fillna("").map(tx.segments).explode().dropna()
    seg = pd.DataFrame({"answer": segs.index, "segment": segs.to_numpy()})
    seg["seg_id"] = range(len(seg))
    unique_segments = pd.Series(seg["segment"].unique())
    term_lists = pd.Series(unique_segments.map(tx.terms).to_numpy(), index=unique_segments)
    seg["term"] = seg["segment"].map(term_lists)
    rows = seg.explode("term").dropna(subset=["term"])
    rows["term"] = rows["term"].map(lambda t: FAMILIES.get(t, t))
    return rows.drop_duplicates(["seg_id", "term"], ignore_index=True)


def _key_terms(rows: pd.DataFrame, names: set[str] = frozenset()) -> pd.DataFrame:
    """Each segment keeps its most widespread term (ties: alphabetical order); a place or
    person name (``names``) is a key only when the segment has no other term."""
    spread = rows.drop_duplicates(["answer", "term"])["term"].value_counts()
    rows = rows.assign(spread=rows["term"].map(spread), name=rows["term"].isin(names))
    rows = rows.sort_values(["seg_id", "name", "spread", "term"],
                            ascending=[True, True, False, True])
    return rows.drop_duplicates("seg_id")[["answer", "seg_id", "segment", "term"]]


def _merge_small_groups(keyed: pd.DataFrame) -> pd.DataFrame:
    """Fold group B into group A when most of B's answers also gave A (said together)."""
    members = keyed[["answer", "term"]].drop_duplicates()
    size = members["term"].value_counts()
    pairs = members.merge(members, on="answer", suffixes=("_small", "_big"))
    pairs = pairs[pairs["term_small"] != pairs["term_big"]]
    shared = pairs.groupby(["term_small", "term_big"]).size().reset_index(name="shared")
    shared["small"] = shared["term_small"].map(size)
    shared["big"] = shared["term_big"].map(size)
    shared = shared[(shared["big"] > shared["small"])
                    & (shared["shared"] >= MERGE_SHARE * shared["small"])]
    target = shared.sort_values("big", ascending=False).drop_duplicates("term_small")
    mapping = dict(zip(target["term_small"], target["term_big"], strict=True))
    return keyed.assign(term=keyed["term"].map(lambda t: mapping.get(t, t)))


def assign_groups(answers: pd.Series) -> pd.DataFrame:
    """(answer, group, segment) rows: which need each answer expressed, and in which words."""
    rows = segment_frame(answers)
    if rows.empty:
        return pd.DataFrame(columns=["answer", "group", "segment"])
    keyed = _merge_small_groups(_key_terms(rows, tx.proper_names(answers)))
    return keyed.rename(columns={"term": "group"})[["answer", "group", "segment"]]


def _label(segments: pd.Series, key: str, forms: dict[str, str]) -> str:
    """The wording said by at least two answers, most often; otherwise the key term (for a
    family, its member said most often) in the residents' spelling: "Médecin" rather than one
    answer's "Pas de medcin", "Bancs" rather than "Les bancs de la résidence Foch"."""
    wording = segments.str.strip().str.rstrip("!. ")
    lowered = wording.str.lower()
    counts = lowered.value_counts()
    best = wording[lowered == counts.index[0]].iloc[0]
    if counts.iloc[0] < 2:
        members = pd.Series([t for seg in segments for t in tx.terms(seg)
                             if FAMILIES.get(t, t) == key], dtype=object)
        term = members.value_counts().index[0] if len(members) else key
        best = tx.readable(term, forms) if term in forms else best
    return best[:1].upper() + best[1:]


def group_labels(assigned: pd.DataFrame, answers: pd.Series) -> pd.Series:
    """group -> readable label, from ``assign_groups(answers)`` (see ``_label``)."""
    forms = tx.surface_forms(answers)
    return pd.Series({key: _label(segments, key, forms)
                      for key, segments in assigned.groupby("group")["segment"]}, dtype=object)


def group_answers(answers: pd.Series, min_count: int = 1) -> pd.DataFrame:
    """Groups of similar answers, biggest first: key, label, count, share, verbatims.

    ``count`` is the number of answers expressing the need (an answer counts once per group);
    ``share`` is that count over the answers with at least one need; ``verbatims`` are the
    distinct answers of the group, the most frequent first.
    """
    columns = ["group", "label", "count", "share", "verbatims", "answers"]
    assigned = assign_groups(answers)
    if assigned.empty:
        return pd.DataFrame(columns=columns)
    per_answer = assigned.drop_duplicates(["answer", "group"])
    counted = per_answer.groupby("group")["answer"].agg(["nunique", list])
    counted.columns = ["count", "answers"]
    counted["label"] = group_labels(assigned, answers)
    originals = answers.loc[per_answer["answer"]].str.strip()
    verb = pd.DataFrame({"group": per_answer["group"].to_numpy(), "text": originals.to_numpy()})
    counted["verbatims"] = verb.groupby("group")["text"].agg(
        lambda s: s.value_counts().index.tolist())
    counted["share"] = counted["count"] / per_answer["answer"].nunique()
    counted = counted[counted["count"] >= min_count].reset_index()
    counted = counted.sort_values(["count", "group"], ascending=[False, True])
    return counted[columns].reset_index(drop=True)


def unanswered(answers: pd.Series) -> int:
    """Answers that express no need at all ("rien", "je ne sais pas", empty)."""
    assigned = assign_groups(answers)
    return int(len(answers) - assigned["answer"].nunique())
