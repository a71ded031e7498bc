"""Grouping similar answers so that one need is counted once, whatever the wording.

How it works (each step can be shown to a coordinator), with no list of words written by hand:

1. each answer is split into the needs it lists ("un coiffeur et des bancs" -> two segments);
   segments without any content term ("rien", "je ne sais pas") are left out, counted apart;
2. two segments are near when their sentences, their words and their writing are
   (``similarity``: sentence encoder, word vectors, character n-grams, and the second-order
   similarity of two segments near the same others);
3. segments are clustered bottom-up (agglomerative clustering, average linkage: a segment
   joins a group near it on average) until the distance 1 − similarity would exceed
   ``threshold()``; a group of more than ``SPLIT_ABOVE`` distinct wordings is clustered again
   on its own (many answers of several challenges: the first pass finds the challenges, the
   second their needs); an answer counts once per group;
4. a group's key is the need most of its answers name first (``need_rows.group_keys``: their
   first noun, never a word of time, a verb, an adverb, a slang word), else its telling noun
   (``label_terms.telling_terms``); it is named by the wording most of its answers used, or
   else by that need written as the residents write it ("médecin" with its accent), never
   by a place or a person's name (``labels``: ``text.proper_names`` and the names a caller
   passes).

The shares and thresholds were set on the "dev:" answers of ``tests/analysis/data/answers_*.txt``
(``bench/analysis_quality.py`` prints the figures on the "heldout:" ones), by the adjusted Rand
index per challenge. Identical segments (folded) are clustered once: the cost is quadratic in
the number of distinct segments of one challenge.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from participation.analysis import label_terms, labels, need_rows, semantic, sentences, spelling
from participation.analysis import text as tx
from participation.analysis.similarity import from_lexical, lexical_similarity

SENTENCE_THRESHOLD = 0.925  # with the sentence encoder (``similarity``)
DISTANCE_THRESHOLD = 0.8  # without it
LINKAGE = "average"
SPLIT_ABOVE = 20  # a bigger cluster is clustered again on its own (``communities``)
SPLIT_DEPTH = 3


def segment_frame(answers: pd.Series) -> pd.DataFrame:
    """(answer, segment, written, key) rows of the segments that carry a need; ``written`` is
    the segment with its misspellings corrected against the other answers
    (``spelling.corrections``: "pas de medcin" -> "pas de medecin"); ``key`` is its folded
    content words, or its terms when all its words are common ones ("rien à faire ici" ->
    "faire"); identical keys are the same wording."""
    segs = answers.fillna("").map(tx.segments).explode().dropna()
    seg = pd.DataFrame({"answer": segs.index, "segment": segs.to_numpy()})
    fixes = spelling.corrections(w for s in seg["segment"] for w in tx.tokenize(s))
    written = {s: tx.WORD_RE.sub(lambda m: fixes.get(m.group(0).lower(), m.group(0)), s)
               for s in seg["segment"].unique()}
    seg["written"] = seg["segment"].map(written)
    keys = {s: " ".join(tx.fold(w) for w in semantic.content_words(s))
            or " ".join(tx.terms(s)) for s in seg["written"].unique()}
    seg["key"] = seg["written"].map(keys)
    has_terms = seg["written"].map({s: bool(tx.terms(s)) for s in keys})
    return seg[has_terms & (seg["key"] != "")].reset_index(drop=True)


def cluster(keys: list[str], texts: list[str] | None = None, depth: int = 0) -> np.ndarray:
    """Cluster number of each distinct key (``communities`` of their
    ``similarity.direct_similarity``), the keys sorted first so that the answers' order
    changes nothing; ``texts``: see ``similarity.direct_similarity``; ``depth``: how many
    times the keys were already split (see ``communities``). Cluster numbers follow the
    sorted keys (the first key's is 0)."""
    if len(keys) < 2:
        return np.zeros(len(keys), dtype=int)
    order = sorted(range(len(keys)), key=lambda i: (keys[i], (texts or keys)[i]))
    found = np.zeros(len(keys), dtype=int)
    found[order] = communities(lexical_similarity([keys[i] for i in order]),
                               [(texts or keys)[i] for i in order], depth)
    return found


def communities(lexical: np.ndarray, texts: list[str], depth: int = 0) -> np.ndarray:
    """Cluster number of each of n segments, from their (n × n) ``lexical_similarity`` and
    their ``texts`` as written: agglomerative clustering (``LINKAGE`` linkage: a segment joins
    a group near it on average) of their similarity with its context (``similarity``) until
    the distance 1 − similarity would exceed ``threshold()``. A cluster of more than
    ``SPLIT_ABOVE`` segments is clustered again on its own (at most ``SPLIT_DEPTH`` times),
    the sentences' common component and the context computed among its members alone: among
    many answers of several challenges, the first pass finds the challenges, the next their
    needs. The lexical part is sliced, not computed again (it depends on each pair alone but
    for the writing's inverse document frequencies, taken on the whole set)."""
    if len(texts) < 2:
        return np.zeros(len(texts), dtype=int)
    from sklearn.cluster import AgglomerativeClustering  # imported on first use (issue #16)

    distance = np.clip(1 - from_lexical(lexical, texts), 0, None)
    np.fill_diagonal(distance, 0)
    model = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage=LINKAGE,
                                    distance_threshold=threshold())
    found = model.fit_predict(distance)
    out, start = np.zeros(len(texts), dtype=int), 0
    for number in np.unique(found):
        members = np.flatnonzero(found == number)
        inner = np.zeros(len(members), dtype=int)
        if SPLIT_ABOVE < len(members) < len(texts) and depth < SPLIT_DEPTH:
            inner = communities(lexical[np.ix_(members, members)],
                                [texts[i] for i in members], depth + 1)
        out[members] = inner + start
        start += inner.max() + 1
    return out


def threshold() -> float:
    """The distance at which clustering stops, set on the dev answers for each evidence."""
    return SENTENCE_THRESHOLD if sentences.available() else DISTANCE_THRESHOLD


def place_terms(frame: pd.DataFrame) -> frozenset[str]:
    """Folded terms of the quartier and commune names of contributions ``frame[quartier,
    commune]`` (columns missing or empty: none): places, never the name of a need."""
    names = pd.concat([frame[c] for c in ("quartier", "commune") if c in frame], ignore_index=True)
    return frozenset(t for name in names.dropna().unique()
                     for t in tx.terms(str(name)) + tx.terms(str(name).replace("-", " ")))


def canonical(answers: pd.Series) -> pd.Series:
    """``answers`` (index kept) sorted by their text, identical texts in their given order:
    whatever is computed from them in this order depends only on the set of texts, never on
    the order they were given in (which wording of a key is embedded, ties in clustering,
    labels and the numbering of keys). Missing texts count as ""."""
    text = answers.fillna("").astype(str).to_numpy()
    return answers.iloc[np.argsort(text, kind="stable")]


def assign_groups(answers: pd.Series, names: frozenset[str] = frozenset(),
                  common: frozenset[str] = frozenset()) -> pd.DataFrame:
    """(answer, group, segment, key, written) rows: which need each answer expressed, in
    which words (``segment_frame``: ``key`` its folded content words, ``written`` the segment
    spelled right), rows in ``canonical`` order.

    ``group`` is the group's key: its most widespread term ("medecin"), numbered when two
    groups share it; the same set of texts gives the same groups, in any order;
    ``names``: folded place or person names never used as a label (the territory's places);
    ``common``: the territory's terms said about every challenge (``distinct.common_terms``:
    "habitant"), never a group's key either.
    """
    answers = canonical(answers)
    seg = segment_frame(answers)
    if seg.empty:
        return pd.DataFrame(columns=["answer", "group", "segment", "key", "written"])
    keys, texts = key_texts(seg)
    seg["cluster"] = seg["key"].map(dict(zip(keys, cluster(keys, texts), strict=True)))
    seg["group"] = group_keys(seg, set(names) | tx.proper_names(answers), common)
    return seg[["answer", "group", "segment", "key", "written"]]


def key_texts(seg: pd.DataFrame) -> tuple[list[str], list[str]]:
    """(keys, texts) of ``seg[key, written]``: its distinct keys in sorted order and, for
    each, the wording the sentence encoder reads: its shortest written form, lower-cased, the
    first in alphabetical order on a tie. The forms of one key differ only by their common
    words and typing ("Médecin", "un médecin"); the fewer, the less two needs said alike
    ("un coiffeur", "un médecin") seem near. Depends on the set of segments only."""
    written = seg["written"].str.strip().str.lower()
    forms = pd.DataFrame({"key": seg["key"], "written": written,
                          "size": written.str.len()}).drop_duplicates()
    best = forms.sort_values(["key", "size", "written"]).drop_duplicates("key")
    return best["key"].tolist(), best["written"].tolist()


def group_keys(seg: pd.DataFrame, excluded: set[str],
               common: frozenset[str] = frozenset()) -> np.ndarray:
    """Per row of ``seg[segment, cluster]``, its cluster's key: the need most of its segments
    name first (``need_rows.group_keys``: "marche" for "le marché du dimanche matin"),
    else the noun that tells it apart (``label_terms.telling_terms``), never a name of
    ``excluded``, a place's head word nor a ``common`` term; else its first segment folded;
    numbered when two clusters share one (``_unique_keys``)."""
    names = excluded | label_terms.place_heads(seg["segment"], excluded)
    needs = need_rows.group_keys(seg, "cluster", names, common)
    terms = label_terms.telling_terms(seg, "cluster", excluded, common)
    keys = {c: needs.get(c) or terms.get(c) or tx.fold(part["segment"].iloc[0])
            for c, part in seg.groupby("cluster")}
    return _unique_keys(keys).reindex(seg["cluster"]).to_numpy()


def _unique_keys(terms: dict[int, str]) -> pd.Series:
    """cluster -> key, numbered when two clusters share one ("bus", "bus 2")."""
    keys, seen = {}, {}
    for number, label in sorted(terms.items()):
        key = tx.fold(label)
        seen[key] = seen.get(key, 0) + 1
        keys[number] = key if seen[key] == 1 else f"{key} {seen[key]}"
    return pd.Series(keys)


def group_answers(answers: pd.Series, min_count: int = 1,
                  names: frozenset[str] = frozenset(),
                  common: frozenset[str] = frozenset()) -> pd.DataFrame:
    """Groups of similar answers, biggest first: key, label, count, share, verbatims.

    ``count`` is the number of answers expressing the need (an answer counts once per group);
    ``share`` is that count over the answers with at least one need; ``verbatims`` are the
    distinct answers of the group, the most frequent first; ``names``, ``common``: see
    ``assign_groups``. No two groups have the same label (``labels.told_apart``).
    """
    answers = canonical(answers)
    return group_table(assign_groups(answers, names, common), answers, min_count, names,
                       common)


def group_table(assigned: pd.DataFrame, answers: pd.Series, min_count: int = 1,
                names: frozenset[str] = frozenset(),
                common: frozenset[str] = frozenset()) -> pd.DataFrame:
    """The ``group_answers`` frame of ``assigned = assign_groups(answers, names, common)``
    (rows in ``canonical`` order): group, label, count, share, verbatims, answers (index
    labels of ``answers``), biggest first, ties by key; empty with the same columns. Groups
    with the same label are told apart or merged first (``labels.told_apart``)."""
    columns = ["group", "label", "count", "share", "verbatims", "answers"]
    if assigned.empty:
        return pd.DataFrame(columns=columns)
    assigned, named = labels.told_apart(assigned, answers, names, common)
    per_answer = assigned.drop_duplicates(["answer", "group"])
    counted = per_answer.groupby("group")["answer"].agg(["nunique", list])
    counted.columns = ["count", "answers"]
    counted["label"] = named
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
