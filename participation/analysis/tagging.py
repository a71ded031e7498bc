"""Which challenge is a text about: the scores of words and meaning, with their reasons.

Four kinds of evidence, each shown to the coordinator as the reason of a suggestion:

- **words** (``tag_evidence``): the challenge's keywords and name found in the text, compared
  as folded lemmas (``text.terms``), a misspelt word being matched to the nearest keyword term
  (``spelling.nearest_terms``: "ascensseur", "medcin"); keywords a territory did not write are
  inherited from the national theme closest in meaning (``territory.defaults.NATIONAL_TREE``,
  ``tag_keywords``), and the terms learned from coordinators' reviews
  (``learned_words.learned_terms``, shown in the residents' spelling) count too;
- **word meaning** (``semantic``): the cosine similarity between the text's vector and its
  ``TOP_KEYWORDS`` nearest keywords of the challenge, and word by word: each word of the
  text meets its nearest keyword, the ``TOP_WORDS`` best words count ("halte garderie" is
  near "petite enfance", "dealeurs" near "dealers", whatever the other words say); a word typed
  without its accents is looked up with them (``tag_evidence.with_accents``);
- **sentence meaning** (``sentences``, the multilingual Universal Sentence Encoder): the whole
  answer against the challenge's ``TOP_SENTENCE`` nearest keywords
  (``tag_evidence._sentence_meaning``: "on me dit tout le temps de faire en ligne mais j'ai
  pas d'ordinateur" meets "numérique");
- **near examples** (``learning``): the texts coordinators reviewed pass on what each one
  teaches (its residual) to the texts near it, shown as "proche de « … » (corrigé)"; a
  challenge they took off a near text is not suggested (``example_vetoes.vetoes``), and the same
  words get the same decision (``learning.text_key``), "no challenge" included.

Where each part lives: this module holds a territory's model (``TagModel``, ``build_model``)
and what it shows (``suggest``, ``shown``, ``explain``); the model's keywords are prepared by
``tag_keywords``, a text's own evidence is ``tag_evidence``'s (the first three kinds above),
the scores with the reviewed examples ``tag_scores``'s, following the reviewed answers that
share a subject word ``tag_following``'s, the reasons shown ``tag_reasons``'s; every weight
(``TOP_KEYWORDS``...), with how it was set, is in ``tag_weights``. Pure: no app, no database.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from participation.analysis import (
    french_spellings,
    languages,
    learned_words,
    learning,
    nouns,
    semantic,
    sentences,
)
from participation.analysis.tag_keywords import inherit_national, keyword_rows
from participation.analysis.tag_reasons import cell_reasons
from participation.analysis.tag_scores import score_matrix
from participation.analysis.tag_weights import (
    CLOSE_SHARE,
    MIN_SCORE,
    NATIONAL_WEIGHT,
    OTHER_LANGUAGE_MIN_SCORE,
)
from participation.privacy import self_names

COLUMNS = ["doc", "challenge_id", "score", "keywords", "learned", "near", "examples"]


@dataclass
class TagModel:
    """What the suggestions of one territory are computed from (``build_model``)."""

    challenge_ids: list[int]
    names: dict[int, str]
    keywords: pd.DataFrame  # challenge_id, feature, keyword, weight
    keyword_vectors: np.ndarray  # one unit row per keyword
    keyword_owner: np.ndarray  # challenge index of each row
    keyword_text: list[str]
    keyword_sentences: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))
    # one sentence-encoder unit row per keyword (``sentences.embed``)
    learned: pd.DataFrame = field(default_factory=pd.DataFrame)  # ``learned_words.learned_terms``
    examples: pd.DataFrame = field(default_factory=pd.DataFrame)  # text, challenge_ids,
    # corrected (a person changed what the model without learning suggested), wrong_first
    # (its first suggestion was not kept), rejected, terms (frozenset)
    residuals: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))  # ``learning``
    decisions: dict[str, list[int]] = field(default_factory=dict)  # text_key -> challenges
    keyword_vetoes: dict = field(default_factory=dict)  # (feature, challenge id) -> rows of
    # the examples that took it off (``example_vetoes.keyword_vetoes``)
    word_examples: dict = field(default_factory=dict)  # subject word -> (example rows, the
    # challenges they all kept) (``shared_words.word_examples``)
    vocabulary: list[str] = field(default_factory=list)
    corrections: dict[str, str] = field(default_factory=dict)  # misspelt term -> known term


def load_resources() -> None:
    """Read, once per process, everything scoring needs besides a territory's own data: the
    word vectors (``semantic``), the part-of-speech tagger that names groups (``nouns``) and
    the French dictionary's accented words (``french_spellings``), which a fresh worker's
    first analysis page spent about 4 s of CPU loading (bench/README.md, "First
    computation", 2026-11-30), the sentence encoder's vocabulary and weights
    (``sentences``), the French verbs and stop words learning leaves out (``learned_words``),
    the entity recogniser that finds the names residents give of themselves
    (``privacy.self_names``, read by every masking of a text).
    About 23 s of a coordinator's first review page after a web worker started, on the
    loaded 2-core machine (measured 2026-11-30): a web worker calls this in a thread as it
    starts (``pending.preload``)."""
    semantic.available()
    nouns.available()
    self_names.available()  # the names residents give of themselves, masked in every text
    french_spellings.accented_words()
    sentences.embed(["lecture"])
    learned_words.verbs()
    learned_words.generic_words()


def build_model(challenges: pd.DataFrame, tagged: pd.DataFrame | None = None,
                national: pd.DataFrame | None = None) -> TagModel:
    """The model of a territory.

    ``challenges``: the current challenges [id, name, keywords] (leaves and nodes alike);
    ``tagged``: what people tagged or corrected [doc, text, challenge_id];
    ``national``: the national themes [name, keywords] whose keywords are inherited.
    """
    own = keyword_rows(challenges, 1.0)
    inherited = inherit_national(challenges, national) if national is not None else None
    parts = [own] if inherited is None or inherited.empty else [
        own, keyword_rows(inherited, NATIONAL_WEIGHT)]
    keywords = pd.concat(parts, ignore_index=True).sort_values(
        "weight", ascending=False).drop_duplicates(["challenge_id", "feature"])
    ids = challenges["id"].tolist()
    index = {cid: i for i, cid in enumerate(ids)}
    model = TagModel(
        challenge_ids=ids, names=dict(zip(challenges["id"], challenges["name"], strict=True)),
        keywords=keywords.reset_index(drop=True),
        keyword_vectors=semantic.embed(keywords["keyword"].tolist()),
        keyword_owner=keywords["challenge_id"].map(index).to_numpy(),
        keyword_text=keywords["keyword"].tolist(),
        keyword_sentences=sentences.embed(keywords["keyword"].tolist()))
    return learning.learn(model, tagged, lambda texts: _scores_shown(texts, model))


def _scores_shown(texts: pd.Series, model: TagModel
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(texts × challenges) scores, the mask of the suggestions shown (``shown``) and the
    row of ``model.keywords`` nearest in meaning (-1: none; the "proche par le sens de"
    reason)."""
    total, reasons = score_matrix(texts, model)
    nearest = np.asarray(reasons["nearest"], dtype=int).reshape(total.shape)
    return total, shown(total, reasons["sentence"], min_score=floors(texts)), nearest


def suggest(texts: pd.Series, model: TagModel, top: int = 3,
            min_score: float = MIN_SCORE) -> pd.DataFrame:
    """Best challenges of each text, best first: doc (the index of ``texts``), challenge_id,
    score, keywords (matched), learned (terms learned from tags), near (nearest keyword by
    meaning and nearest tagged texts). Identical texts are scored once."""
    codes, uniques = pd.factorize(texts.fillna(""))
    unique = pd.Series(uniques, dtype=object)
    scored = _score_unique(unique, model, top, min_score)
    docs = pd.DataFrame({"doc": texts.index, "code": codes})
    out = docs.merge(scored.rename(columns={"doc": "code"}), on="code")
    return out[COLUMNS].reset_index(drop=True)


def explain(texts: pd.Series, model: TagModel) -> dict[tuple[int, int], dict[str, list]]:
    """The reasons of every (position in ``texts``, challenge id), suggested or not (a tag
    stored earlier, a post-it's): {keywords, learned, near, examples} as ``suggest`` gives
    them, so every page explains a tag with the same evidence as the review queue."""
    if texts.empty or not model.challenge_ids:
        return {}
    _, reasons = score_matrix(texts.reset_index(drop=True), model)
    return {(doc, cid): cell_reasons(reasons, doc, j, model) for doc in range(len(texts))
            for j, cid in enumerate(model.challenge_ids)}


def _score_unique(texts: pd.Series, model: TagModel, top: int,
                  min_score: float) -> pd.DataFrame:
    if texts.empty or not model.challenge_ids:
        return pd.DataFrame(columns=COLUMNS)
    total, reasons = score_matrix(texts, model)
    kept = shown(total, reasons["sentence"], top, floors(texts, min_score))
    rows = []
    for doc in range(len(texts)):
        for j in np.argsort(-total[doc])[:top]:
            if kept[doc, j]:
                rows.append({"doc": doc, "challenge_id": model.challenge_ids[j],
                             "score": round(float(total[doc, j]), 3)}
                            | cell_reasons(reasons, doc, j, model))
    return pd.DataFrame(rows, columns=COLUMNS)


def floors(texts: pd.Series, min_score: float = MIN_SCORE) -> np.ndarray:
    """(texts × 1) the score from which a text's suggestions are shown: ``min_score``, or
    for an answer in another language (``languages.other_language``: Turkish, Arabic) the
    lower of it and ``OTHER_LANGUAGE_MIN_SCORE``. Such an answer has no French word to meet
    a keyword: its only evidence is the multilingual sentence encoder's, about a third of a
    French answer's score, so at ``MIN_SCORE`` "akşam otobüs yok" and "نحتاج طبيب في الحي"
    had no suggestion at all."""
    other = texts.fillna("").map(languages.other_language).to_numpy(dtype=bool)
    return np.where(other, min(min_score, OTHER_LANGUAGE_MIN_SCORE), min_score)[:, None]


def shown(total: np.ndarray, sentence: np.ndarray, top: int = 3,
          min_score: float | np.ndarray = MIN_SCORE) -> np.ndarray:
    """(texts × challenges) mask of the suggestions ``suggest`` shows: the ``top`` best from
    ``min_score`` (a number, or a (texts × 1) column of each text's, ``floors``); after the
    best, a challenge whose score without sentence meaning (``sentence``: its part of
    ``total``) reaches ``CLOSE_SHARE`` of the best's. The sentence encoder sees one meaning
    per answer: it says which challenge comes first, not whether "les bus et la sécurité des
    enfants" also speaks of a second one."""
    if not total.size:
        return np.zeros(total.shape, dtype=bool)
    rest = total - sentence
    best = np.take_along_axis(rest, total.argmax(axis=1)[:, None], axis=1)
    rank = np.argsort(np.argsort(-total, axis=1, kind="stable"), axis=1, kind="stable")
    close = (rank == 0) | (rest >= CLOSE_SHARE * best)
    return (total >= min_score) & close & (rank < top)
