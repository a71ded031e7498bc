"""Learning from the texts coordinators reviewed: what each decision teaches, and how near a
new text is to the reviewed ones.

A reviewed text (``learn``'s ``tagged[doc, text, challenge_id]``: tagged, confirmed or
corrected in the review queue, from the CLI's ``--learn-from``, or the bench's simulated
coordinator; ``challenge_id`` empty when "no challenge fits") teaches three things:

- its **residual** (``residuals``): its true challenges (a share of 1 each, none for "no
  challenge") minus what the model without learning expected of it (softmax of its scores at
  ``RESIDUAL_TEMPERATURE``); passed on to new texts by their ``KNN`` nearest reviewed texts
  from ``MIN_EXAMPLE_SIM`` (``example_votes``). A confirmed good suggestion teaches almost
  nothing; a correction moves the near texts to the corrected challenge and away from the
  wrong one, a challenge the coordinator unticked or a "no challenge" decision being a
  negative example;
- **rejections** (``rejected``): the challenges the model suggested for it and the coordinator
  took off; a new text at least ``REJECT_SIM`` near it is not suggested them again (unless a
  nearer reviewed text has them);
- its **decision** for the same words (``decisions``, keyed by ``text_key``): a text written
  again later ("rien", "plus de propreté") gets exactly the challenges decided, or none;
- **learned terms** (``learned_terms``): the words of reviewed texts telling one challenge
  apart (``suggest.learn``), each shown in the residents' own spelling, leaving out stop
  words (spaCy's French list too), verbs ("lutter", "installer": ``verbs``) and the words of
  the tree's challenge names and keywords in any of their forms ("lutte", "contre", "accès":
  they frame every challenge, and are scored as keywords already).

Nearness (``example_similarity``) mixes the soft word overlap of the word vectors, the shared
rare terms and the sentence encoder's cosine of the whole answers (paraphrases: "du bruit de
moto la nuit" and "les motos font du bruit", 0.82). Scoring is ``tagging``'s: it hands
``learn`` its scores without learning (``unlearned``), so this module never imports it
(``tagging.build_model`` calls ``learn``). Pure: no app, no database.
"""
from __future__ import annotations

import string
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from participation.analysis import semantic, sentences, shared_words, tag_kernel, textcache
from participation.analysis import text as tx
from participation.analysis.learned_words import (  # noqa: F401 (learning.verbs...)
    FRAMING_RATIO,
    NOISE_WORDS,
    generic_words,
    has_content,
    learned_terms,
    verbs,
)

if TYPE_CHECKING:  # the model is defined by ``tagging``, which imports this module
    from participation.analysis.tagging import TagModel

KNN = 3
SOFT_SHARE = 0.5
SENTENCE_SHARE = 0.5  # of the sentence encoder's cosine in the nearness of two texts
MIN_EXAMPLE_SIM = 0.5
RESIDUAL_TEMPERATURE = 0.3  # softmax temperature of the unlearned scores of a reviewed text
REJECT_SIM = 0.7  # a challenge taken off a reviewed text is not suggested to texts this near
# (on the dev answers corrected in the queue's order: 0.7 and 0.8 cost nothing)
SAME_SIM = 0.85  # a reviewed example this near carries its whole decision (``carried_decisions``)
KEYWORD_VETO_SIM = 0.55  # a keyword taken off holds for texts this near its example
CONTAIN_SIM = 0.6  # a text with every content term of a reviewed one, this near, carries it
_EDGES = string.punctuation + string.whitespace + "«»…’"
_PRIORS: dict[tuple[int, str], tuple] = {}  # (tree signature, text) -> unlearned (scores, shown)
textcache.register(_PRIORS.clear)  # emptied after an erasure, as every per-text result
_FEATURES = textcache.PerText()  # model signature, text -> ``_features``


def text_key(text: str | None) -> str:
    """What makes two answers "the same words": case, runs of spaces and the punctuation
    around them aside ("Rien." and " rien " are one; "rien à dire" is another)."""
    return " ".join((text or "").casefold().split()).strip(_EDGES)


def learn(model: TagModel, tagged: pd.DataFrame | None,
          unlearned: Callable[[pd.Series], tuple[np.ndarray, np.ndarray]]) -> TagModel:
    """Add the reviewed texts ``tagged[doc, text, challenge_id]`` to ``model`` (a row with an
    empty challenge_id: "no challenge fits"): examples with their residuals, rejections and
    decisions, learned terms. ``unlearned(texts)``: (texts × challenges) scores of the model
    before learning and the mask of the suggestions it shows (``tagging.shown``)."""
    vocabulary = {f for f in model.keywords["feature"] if " " not in f}
    model.vocabulary = sorted(vocabulary)
    model.corrections = {term: term for term in model.vocabulary}
    if tagged is None or tagged.empty:
        return model
    tagged = tagged[tagged["challenge_id"].isna() | tagged["challenge_id"].isin(
        model.challenge_ids)]
    examples = reviewed_examples(tagged)
    if examples.empty:
        return model
    prior, suggested = _prior_scores(examples["text"], model, unlearned)
    model.residuals, examples["corrected"] = residuals(examples, prior, model, suggested)
    model.kernel_coef = tag_kernel.fit(sentences.embed(examples["text"].fillna("").tolist()),
                                       prior, _truth(examples, model, prior.shape))
    index = {cid: j for j, cid in enumerate(model.challenge_ids)}
    examples["ranked"] = [sorted(ids, key=lambda c, r=row: -prior[r, index[c]])
                          for row, ids in enumerate(examples["challenge_ids"])]
    examples["rejected"] = rejected(examples, suggested, model)
    model.word_examples = shared_words.word_examples(  # before examples: scored unlearned
        examples, model, lambda words: _prior_scores(words, model, unlearned))
    examples["terms"] = examples["text"].map(
        lambda t: frozenset(textcache.nearest_terms(t, model)))
    model.examples = examples
    model.keyword_vetoes = keyword_vetoes(examples, model)
    model.decisions = {text_key(t): ids for t, ids in zip(
        examples["text"], examples["challenge_ids"], strict=True)}
    model.learned = learned_terms(tagged.dropna(subset=["challenge_id"]), model)
    model.vocabulary = sorted(vocabulary | {
        f for f in model.learned["feature"] if " " not in f})
    model.corrections = {term: term for term in model.vocabulary}
    return model


def reviewed_examples(tagged: pd.DataFrame) -> pd.DataFrame:
    """One row per reviewed text of ``tagged[doc, text, challenge_id]``, in ``doc`` order:
    [doc, text (its first one not empty), challenge_ids (sorted ints; [] for "no challenge
    fits")]. One pass over the rows: a rebuild after one more decision groups hundreds of
    rows in a millisecond (pandas' ``groupby.agg`` with a Python function per group took
    0.04 s, about a fifth of the rebuild; same frame)."""
    texts: dict = {}
    ids: dict[int, set[int]] = {}
    for doc, text, cid in zip(tagged["doc"], tagged["text"], tagged["challenge_id"],
                              strict=True):
        found = ids.setdefault(doc, set())
        if texts.get(doc) is None and not pd.isna(text):
            texts[doc] = text
        if not pd.isna(cid):
            found.add(int(cid))
    docs = sorted(ids)
    return pd.DataFrame({
        "doc": np.array(docs, dtype=tagged["doc"].dtype),
        "text": pd.Series([texts.get(d) for d in docs], dtype=tagged["text"].dtype),
        "challenge_ids": pd.Series([sorted(ids[d]) for d in docs], dtype=object)})


def _prior_scores(texts: pd.Series, model: TagModel, unlearned: Callable[
        [pd.Series], tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    """(texts × challenges) scores of the model before any learning and the mask of its
    suggestions, cached per tree and text: a territory's reviewed texts are scored once, not
    at every rebuild of its model."""
    signature = hash((tuple(model.challenge_ids), tuple(model.keyword_text)))
    todo = [t for t in dict.fromkeys(texts) if (signature, t) not in _PRIORS]
    if todo:
        if len(_PRIORS) > 100_000:
            _PRIORS.clear()
        scores, suggested = unlearned(pd.Series(todo, dtype=object))
        _PRIORS.update({(signature, t): (row, mask) for t, row, mask in zip(
            todo, scores, suggested, strict=True)})
    rows = [_PRIORS[(signature, t)] for t in texts]
    return np.vstack([r for r, _ in rows]), np.vstack([m for _, m in rows])


def _truth(examples: pd.DataFrame, model: TagModel, shape: tuple) -> np.ndarray:
    """(examples × challenges): a share of 1 per true challenge, zeros for "no challenge"."""
    index = {cid: i for i, cid in enumerate(model.challenge_ids)}
    truth = np.zeros(shape)
    for row, ids in enumerate(examples["challenge_ids"]):
        if ids:
            truth[row, [index[c] for c in ids]] = 1 / len(ids)
    return truth


def residuals(examples: pd.DataFrame, prior: np.ndarray, model: TagModel,
              suggested: np.ndarray) -> tuple[np.ndarray, list[bool]]:
    """What each reviewed example teaches: its truth (``_truth``) minus what the model
    without learning expected of it (softmax of ``prior`` at ``RESIDUAL_TEMPERATURE``), one
    (examples × challenges) row per example; and whether it was a correction (the model's
    best challenge was not among the true ones, or it had no suggestion, or it had one and
    no challenge fits). One gradient step of the softmax's log loss, per example: an example
    the model already got right teaches almost nothing, so confirming good suggestions never
    drowns the corrections. ``suggested``: (examples × challenges) mask of the suggestions
    the model without learning showed."""
    expected = np.exp((prior - prior.max(axis=1, keepdims=True)) / RESIDUAL_TEMPERATURE)
    expected /= expected.sum(axis=1, keepdims=True)
    truth = _truth(examples, model, prior.shape)
    best = prior.argmax(axis=1)
    any_shown = suggested.any(axis=1)
    corrected = [bool(truth[row, best[row]] == 0 or not any_shown[row]) if truth[row].any()
                 else bool(any_shown[row]) for row in range(len(prior))]
    return truth - expected, corrected


def rejected(examples: pd.DataFrame, suggested: np.ndarray,
             model: TagModel) -> list[frozenset[int]]:
    """Per example, the challenges the model without learning suggested (``suggested``: mask
    of (examples × challenges)) that the coordinator did not keep: unticked, or "no
    challenge fits"."""
    ids = np.array(model.challenge_ids)
    return [frozenset(int(c) for c in ids[row]) - set(kept)
            for row, kept in zip(suggested, examples["challenge_ids"], strict=True)]


def _features(text: str, model: TagModel) -> frozenset[str]:
    """The spelling-corrected terms of ``text`` and their two-word phrases (``tagging``'s
    lexical features); kept per text and vocabulary (``textcache``)."""
    def compute(text: str) -> frozenset[str]:
        found = list(textcache.nearest_terms(text, model))
        return frozenset(found) | frozenset(tx.bigrams(found))
    return _FEATURES.get(textcache.model_signature(model), text or "", compute)


def _keyword_owners(model: TagModel) -> dict[str, set[int]]:
    """Keyword feature -> the challenges it is a keyword of (one pass over the keyword rows:
    pandas' ``groupby.agg(set)`` cost 20 ms a call, at every rebuild and suggestion)."""
    owners: dict[str, set[int]] = {}
    for feature, cid in zip(model.keywords["feature"], model.keywords["challenge_id"],
                            strict=True):
        owners.setdefault(feature, set()).add(cid)
    return owners


def keyword_vetoes(examples: pd.DataFrame, model: TagModel) -> dict[tuple[str, int], list]:
    """(keyword feature, challenge id) -> the rows of ``examples`` that took it off, for the
    pairs a coordinator took off and never kept: the challenge was suggested and taken off
    (``rejected``) while the keyword was its only keyword in the text (its whole evidence);
    a keyword of a challenge kept once ("chauffage" said about heating bills and about a
    cold flat) stays evidence. Applied by ``keyword_vetoed``."""
    owners = _keyword_owners(model)
    removed: dict[tuple[str, int], list] = {}
    kept_once: set[tuple[str, int]] = set()
    for row, (text, kept, gone) in enumerate(zip(examples["text"], examples["challenge_ids"],
                                                 examples["rejected"], strict=True)):
        found = {(f, c) for f in _features(text, model) & owners.keys()
                 for c in owners[f] & (set(kept) | gone)}
        alone = Counter(c for _, c in found)
        kept_once |= {(f, c) for f, c in found if c in kept}
        for feature, cid in found:
            if cid in gone and alone[cid] == 1:
                removed.setdefault((feature, cid), []).append(row)
    return {key: rows for key, rows in removed.items() if key not in kept_once}


def keyword_vetoed(texts: pd.Series, sims: np.ndarray, model: TagModel) -> np.ndarray:
    """(texts × challenges) True where every keyword of the challenge found in the text is
    one a coordinator took off it (``keyword_vetoes``) and the text is at least
    ``KEYWORD_VETO_SIM`` near an example it was taken off: the same evidence about the same
    thing, the same "not this one". "ralentisseurs" corrected from Sécurité to Mobilité:
    "il faudrait un ralentisseur vers le marché" is not suggested Sécurité again (issue
    #13, the tester's finding), "des ralentisseurs et des caméras" still is."""
    mask = np.zeros((len(texts), len(model.challenge_ids)), dtype=bool)
    if not model.keyword_vetoes:
        return mask
    owners, index = _keyword_owners(model), {c: j for j, c in enumerate(model.challenge_ids)}
    for doc, text in enumerate(texts.fillna("")):
        found: dict[int, list] = {}
        for feature in _features(text, model) & owners.keys():
            for cid in owners[feature]:
                found.setdefault(cid, []).append(model.keyword_vetoes.get((feature, cid)))
        for cid, rows in found.items():
            mask[doc, index[cid]] = all(rows) and max(
                sims[doc, r].max() for r in rows) >= KEYWORD_VETO_SIM
    return mask


def example_similarity(texts: pd.Series, model: TagModel) -> np.ndarray:
    """(texts × reviewed examples) nearness in [0, 1]: ``SENTENCE_SHARE`` of the sentence
    encoder's cosine (``sentences.embed``, negative values as 0), the rest the mean of the
    soft word overlap (``semantic.soft_overlap``: words of near meaning meet) and of the
    share of terms in common (Jaccard index of the folded, spelling-corrected terms, each
    weighted by its rarity among the n examples: 1 + log((n + 1) / (examples using it + 1)),
    so "aide" or "rue", said in many examples, weigh less than "stage"); 1 for the same
    words (``text_key``)."""
    soft = semantic.soft_overlap(texts.tolist(), model.examples["text"].tolist())
    mine = [frozenset(textcache.nearest_terms(t, model)) for t in texts]
    words = SOFT_SHARE * soft + (1 - SOFT_SHARE) * _weighted_jaccard(
        mine, model.examples["terms"].tolist())
    whole = np.clip(sentences.embed(texts.fillna("").tolist()) @ sentences.embed(
        model.examples["text"].tolist()).T, 0, 1)
    sims = (1 - SENTENCE_SHARE) * words + SENTENCE_SHARE * whole
    same = texts.map(text_key).to_numpy()[:, None] == model.examples["text"].map(
        text_key).to_numpy()[None, :]
    sims[same] = 1.0
    return sims


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


def example_votes(texts: pd.Series, model: TagModel) -> tuple[np.ndarray, dict, np.ndarray]:
    """What the nearest reviewed examples teach ``texts``: (texts × challenges) the sum of
    the residuals of the ``KNN`` nearest examples from ``MIN_EXAMPLE_SIM``, each times its
    nearness (a nearest-neighbour correction of the model's errors); the examples per cell
    as (text, corrected) pairs, nearest first, under (doc, challenge id); and a (texts ×
    challenges) (vetoed mask, carried order): the challenges rejected for a text
    (``vetoes``, and those a nearly-same example did not keep) and those a nearly-same
    example kept (``carried_decisions``)."""
    n, k = len(texts), len(model.challenge_ids)
    if model.examples.empty:
        return np.zeros((n, k)), {}, (np.zeros((n, k), dtype=bool),
                                      np.zeros((n, k), dtype=bool))
    sims = example_similarity(texts, model)
    veto = vetoes(sims, model) | keyword_vetoed(texts, sims, model)
    carried = carried_decisions(sims, model)
    carried = np.where(carried.any(axis=1, keepdims=True), carried,
                       contained_decisions(texts, sims, model))
    veto |= carried < 0
    sims[sims < MIN_EXAMPLE_SIM] = 0
    nearest = np.argsort(-sims, axis=1)[:, :KNN]
    kept = np.zeros_like(sims)
    np.put_along_axis(kept, nearest, np.take_along_axis(sims, nearest, axis=1), axis=1)
    reasons: dict = {}
    for doc, ex in zip(*np.nonzero(kept), strict=True):
        example = model.examples.iloc[ex]
        for cid in example["challenge_ids"]:
            reasons.setdefault((doc, cid), []).append(
                (kept[doc, ex], example["text"], bool(example["corrected"])))
    return kept @ model.residuals, {key: [(t, c) for _, t, c in sorted(found, reverse=True)]
                                    for key, found in reasons.items()}, (
        veto, np.where(carried > 0, carried, 0.0))


def _carry(out: np.ndarray, doc: int, ranked: list[int], index: dict[int, int]) -> None:
    """Mark the kept challenges ``ranked`` (best first, as the model ranked them for the
    reviewed example) in row ``doc`` of ``out``: from 2 for the first down towards 1, so
    the text shows them in the example's order."""
    for position, cid in enumerate(ranked):
        out[doc, index[cid]] = 2.0 - position / len(ranked)


def carried_decisions(sims: np.ndarray, model: TagModel) -> np.ndarray:
    """(texts × challenges): for a text at least ``SAME_SIM`` near a reviewed example (nearly
    the same text: "Les conflits entre voisins" and "… dans l'immeuble"), the nearest such
    example's whole decision: 1 for the challenges it kept, -1 for every other (removed, or
    never chosen); 0 for a text with no example that near. The tester's finding (issue #13):
    a removed challenge came back and an accepted pair lost one of its two."""
    out = np.zeros((sims.shape[0], len(model.challenge_ids)))
    if not sims.size:
        return out
    index = {cid: i for i, cid in enumerate(model.challenge_ids)}
    best = sims.argmax(axis=1)
    for doc, ex in enumerate(best):
        if sims[doc, ex] >= SAME_SIM:
            out[doc] = -1.0
            _carry(out, doc, model.examples["ranked"].iloc[ex], index)
    return out


def _contains(mine: tuple[str, frozenset], theirs: tuple[str, frozenset],
              sim: float) -> bool:
    """Whether a text (``mine``: its ``text_key`` and content terms) says all a reviewed
    example with content (``theirs``, alike) said: its words in a row ("un terain de foot"
    in "un terain de foot pour les ados"), or every one of its terms at least
    ``CONTAIN_SIM`` near."""
    return f" {theirs[0]} " in f" {mine[0]} " or (theirs[1] <= mine[1] and sim >= CONTAIN_SIM)


def contained_decisions(texts: pd.Series, sims: np.ndarray, model: TagModel) -> np.ndarray:
    """(texts × challenges): for a text containing a reviewed example with a content word
    (``_contains``, ``has_content``), the nearest such example's decision: 1 for the
    challenges it kept, -1 for those the coordinator took off it (``rejected``) unless the
    text has another keyword for them (``_still_rejected``), 0 elsewhere (it may say more).
    The tester's findings (issue #13): "un terain de
    foot" corrected to two challenges, "un terain de foot pour les ados" got one;
    "ralentisseurs" corrected from Sécurité to Mobilité, "des ralentisseurs devant l'école"
    got Sécurité back."""
    out = np.zeros((len(texts), len(model.challenge_ids)))
    index = {cid: i for i, cid in enumerate(model.challenge_ids)}
    examples = model.examples
    theirs = {ex: (text_key(t), terms) for ex, (t, terms) in enumerate(zip(
        examples["text"], examples["terms"], strict=True)) if terms and has_content(t)}
    for doc, text in enumerate(texts.fillna("")):
        mine = (text_key(text), frozenset(textcache.nearest_terms(text, model)))
        found = next((ex for ex in np.argsort(-sims[doc]).tolist()  # the nearest one
                      if ex in theirs and _contains(mine, theirs[ex], sims[doc, ex])), None)
        if found is not None:
            gone = _still_rejected(text, examples["text"].iloc[found],
                                   examples["rejected"].iloc[found], model)
            out[doc, [index[c] for c in gone]] = -1.0
            _carry(out, doc, examples["ranked"].iloc[found], index)
    return out


def _still_rejected(text: str, example: str, rejected: frozenset[int],
                    model: TagModel) -> list[int]:
    """The challenges taken off ``example`` that ``text`` (which contains it) has no other
    keyword for: "des ralentisseurs et des caméras" says more about Sécurité than
    "ralentisseurs" did, so a removal from the latter does not hold for it."""
    mine, theirs = _features(text, model), _features(example, model)
    table = model.keywords
    return [c for c in rejected if set(table.loc[table["challenge_id"] == c, "feature"])
            & mine <= theirs]


def vetoes(sims: np.ndarray, model: TagModel) -> np.ndarray:
    """(texts × challenges) True where the nearest reviewed example from ``REJECT_SIM`` that
    decided about the challenge (kept it, or took it off: ``rejected``) took it off: a
    coordinator's "not this one" is not suggested again to a text that near, unless a nearer
    reviewed text kept it."""
    index = {cid: i for i, cid in enumerate(model.challenge_ids)}
    kept = np.zeros((len(model.examples), len(index)))
    off = np.zeros_like(kept)
    for row, (ids, gone) in enumerate(zip(model.examples["challenge_ids"],
                                          model.examples["rejected"], strict=True)):
        kept[row, [index[c] for c in ids]] = 1
        off[row, [index[c] for c in gone]] = 1
    near = np.where(sims >= REJECT_SIM, sims, 0)
    # nearness of the nearest example keeping / taking off each challenge
    best_kept = (near[:, :, None] * kept[None, :, :]).max(axis=1)
    best_off = (near[:, :, None] * off[None, :, :]).max(axis=1)
    return best_off > best_kept
