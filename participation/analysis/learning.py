"""Learning from the texts coordinators reviewed: what each decision teaches.

A reviewed text (``learn``'s ``tagged[doc, text, challenge_id]``: tagged, confirmed or
corrected in the review queue, from the CLI's ``--learn-from``, or the bench's simulated
coordinator; ``challenge_id`` empty when "no challenge fits") teaches four things:

- its **residual** (``residuals``): its true challenges (a share of 1 each, none for "no
  challenge") minus what the model without learning expected of it (softmax of its scores at
  ``RESIDUAL_TEMPERATURE``); passed on to new texts by their nearest reviewed texts
  (``example_votes``). A confirmed good suggestion teaches almost nothing; a correction
  moves the near texts to the corrected challenge and away from the wrong one, a challenge
  the coordinator unticked or a "no challenge" decision being a negative example;
- **rejections** (``rejected``): the challenges the model suggested for it and the coordinator
  took off; a new text near it is not suggested them again (``example_vetoes``), and the
  keywords taken off with them stop being evidence (``example_vetoes.keyword_vetoes``);
- its **decision** for the same words (``decisions``, keyed by ``text_key``): a text written
  again later ("rien", "plus de propreté") gets exactly the challenges decided, or none
  (nearly the same texts too: ``example_decisions``);
- **learned terms** (``learned_words.learned_terms``): the words of reviewed texts telling
  one challenge apart.

Nearness of a new text to the reviewed ones: ``example_nearness``. Scoring is ``tagging``'s:
it hands ``learn`` its scores without learning (``unlearned``), so this module never imports
it (``tagging.build_model`` calls ``learn``). Pure: no app, no database.
"""
from __future__ import annotations

import string
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from participation.analysis import shared_words, textcache
from participation.analysis.example_vetoes import keyword_moves, keyword_vetoes, move_keywords
from participation.analysis.learned_words import learned_terms

if TYPE_CHECKING:  # the model is defined by ``tagging``, which imports this module
    from participation.analysis.tagging import TagModel

RESIDUAL_TEMPERATURE = 0.3  # softmax temperature of the unlearned scores of a reviewed text
_EDGES = string.punctuation + string.whitespace + "«»…’"
_PRIORS: dict[tuple[int, str], tuple] = {}  # (tree signature, text) -> unlearned (scores,
# shown, nearest keyword row)
textcache.register(_PRIORS.clear)  # emptied after an erasure, as every per-text result


def text_key(text: str | None) -> str:
    """What makes two answers "the same words": case, runs of spaces and the punctuation
    around them aside ("Rien." and " rien " are one; "rien à dire" is another)."""
    return " ".join((text or "").casefold().split()).strip(_EDGES)


def learn(model: TagModel, tagged: pd.DataFrame | None,
          unlearned: Callable[[pd.Series], tuple[np.ndarray, np.ndarray, np.ndarray]]
          ) -> TagModel:
    """Add the reviewed texts ``tagged[doc, text, challenge_id]`` to ``model`` (a row with an
    empty challenge_id: "no challenge fits"): examples with their residuals, rejections and
    decisions, learned terms, keywords moved (``example_vetoes.keyword_moves``).
    ``unlearned(texts)``: (texts × challenges) scores before learning, mask of the suggestions
    shown (``tagging.shown``), row of the keyword nearest in meaning."""
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
    prior, suggested, nearest = _prior_scores(examples["text"], model, unlearned)
    model.residuals, examples["wrong_first"] = residuals(examples, prior, model, suggested)
    examples["corrected"] = corrected(examples, suggested, model)
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
    moves = keyword_moves(examples, model, nearest)  # on the features keyword_vetoes read
    model.decisions = {text_key(t): ids for t, ids in zip(
        examples["text"], examples["challenge_ids"], strict=True)}
    model.learned = learned_terms(tagged.dropna(subset=["challenge_id"]), model)
    model.vocabulary = sorted(vocabulary | {
        f for f in model.learned["feature"] if " " not in f})
    model.corrections = {term: term for term in model.vocabulary}
    move_keywords(model, moves)  # last: every prior and feature above read the tree as set
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
        [pd.Series], tuple[np.ndarray, ...]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(texts × challenges) scores of the model before any learning, the mask of its
    suggestions and its keyword row nearest in meaning, cached per tree and text: a
    territory's reviewed texts are scored once, not at every rebuild of its model."""
    signature = hash((tuple(model.challenge_ids), tuple(model.keyword_text)))
    todo = [t for t in dict.fromkeys(texts) if (signature, t) not in _PRIORS]
    if todo:
        if len(_PRIORS) > 100_000:
            _PRIORS.clear()
        scores, suggested, nearest = unlearned(pd.Series(todo, dtype=object))
        _PRIORS.update({(signature, t): tuple(cells) for t, *cells in zip(
            todo, scores, suggested, nearest, strict=True)})
    rows = [_PRIORS[(signature, t)] for t in texts]
    return tuple(np.vstack([r[part] for r in rows]) for part in range(3))


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
    the model without learning showed. The flags say whether its first suggestion was
    wrong (what ``shared_words`` learns a subject word from), not whether it was corrected
    (``corrected``)."""
    expected = np.exp((prior - prior.max(axis=1, keepdims=True)) / RESIDUAL_TEMPERATURE)
    expected /= expected.sum(axis=1, keepdims=True)
    truth = _truth(examples, model, prior.shape)
    best = prior.argmax(axis=1)
    any_shown = suggested.any(axis=1)
    corrected = [bool(truth[row, best[row]] == 0 or not any_shown[row]) if truth[row].any()
                 else bool(any_shown[row]) for row in range(len(prior))]
    return truth - expected, corrected


def corrected(examples: pd.DataFrame, suggested: np.ndarray, model: TagModel) -> list[bool]:
    """Per example, whether a person changed what the model without learning suggested
    (``suggested``: mask of (examples × challenges)): a suggestion taken off or a challenge
    added, "no challenge" for a suggested text, a challenge for a text with none. Shown as
    "(corrigé)" beside a near example, else "(vérifié)", and as ``corrected`` in the CLI's
    JSON, which said false for texts a coordinator had corrected in the queue while their
    first suggestion was among the challenges kept (issue #13)."""
    truth = _truth(examples, model, suggested.shape) > 0
    return [bool(c) for c in (truth != suggested.astype(bool)).any(axis=1)]


def rejected(examples: pd.DataFrame, suggested: np.ndarray,
             model: TagModel) -> list[frozenset[int]]:
    """Per example, the challenges the model without learning suggested (``suggested``: mask
    of (examples × challenges)) that the coordinator did not keep: unticked, or "no
    challenge fits"."""
    ids = np.array(model.challenge_ids)
    return [frozenset(int(c) for c in ids[row]) - set(kept)
            for row, kept in zip(suggested, examples["challenge_ids"], strict=True)]
