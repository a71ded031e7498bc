"""Reviewed answers passing their decision on through a subject word they share with a new text.

Nearness (``example_nearness.example_similarity``) compares whole answers: "le parking est toujours
plein" is 0.41 near "Places de parking, on tourne 20 min le soir", under
``example_votes.MIN_EXAMPLE_SIM``, so a coordinator's correction of the latter to Mobilité taught
the former nothing, and the tree's keyword "parking" (national theme "Cadre de vie", inherited
by the demo's TH04) kept it under Cadre de vie (issue #13, the coordinator tester's defect 7).
What the two answers share is their subject, one word. The rule, per word:

- a reviewed answer's **subject words** (``subject_words``) are its spelling-corrected terms
  that are no stop word, courtesy word or verb (``learned_words``) nor a word saying where or
  for whom (``text.role_words``: "pour les jeunes", "devant l'école"), and that say a subject
  on their own: the word alone scores at least ``TOPICAL_SCORE`` for some challenge in the
  model before learning ("parking" 2.18, "stationnement" 1.65, "voiture" 2.67 on the demo tree;
  "soir" 0.82, "place" 0.87, "plein" 0.59 do not);
- a subject word whose reviewed answers **all** kept a challenge X (``word_examples``: the
  challenges common to every reviewed answer having it as a subject word; "no challenge fits"
  has none) passes X on to any new text having it as a subject word too (``word_decisions``),
  shown first with those answers as the reason ("comme « Places de parking… », classé
  Mobilité"), unless the new text's own evidence for another challenge is much stronger
  (``tag_following._much_stronger``: its other words alone say another challenge from
  ``TOPICAL_SCORE``); either way the shared word counts no more for other challenges
  (Cadre de vie, where the tree put "parking"); when its shared words say different
  challenges, none is passed on.

Same code path for every learning: ``learning.learn`` builds ``model.word_examples``, so the
review queue (``autotag.territory_model``), the CLI's ``--learn-from`` and the bench all go
through it. Pure: no app, no database.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from participation.analysis import text as tx
from participation.analysis import textcache
from participation.analysis.learned_words import NOISE_WORDS, generic_words, verbs

if TYPE_CHECKING:
    from participation.analysis.tagging import TagModel

TOPICAL_SCORE = 1.0  # twice tagging.MIN_SCORE: a word that alone names a subject
_SUBJECTS = textcache.PerText()  # (model signature, with verbs), text -> subject words
_PHRASES = textcache.PerText()  # model signature, text -> the tree's phrases in it


def subject_words(text: str | None, model: TagModel, with_verbs: bool = False) -> set[str]:
    """Terms of ``text`` that may be its subject: folded, spelling-corrected
    (``spelling.nearest_terms`` on the model's vocabulary), no stop word (``generic_words``),
    courtesy word (``NOISE_WORDS``), number, word saying where or for whom
    (``text.role_words``, as lemmas) nor word of a keyword phrase of the tree found in the
    text ("assistante sociale", "centre social": the phrase says the subject), and no verb
    (``verbs``) unless ``with_verbs``: a verb may say what a reviewed answer is about
    ("composter les déchets"), it is never passed on. Whether a word says a subject on its
    own is checked once, for the reviewed answers' words (``word_examples``). Kept per text
    and vocabulary (``textcache``): a model rebuilt after one more decision reads one text."""
    key = (textcache.model_signature(model), with_verbs)
    return set(_SUBJECTS.get(key, text or "", lambda t: _subject_words(t, model, with_verbs)))


def _subject_words(text: str, model: TagModel, with_verbs: bool) -> frozenset[str]:
    """``subject_words`` computed (not kept)."""
    terms = textcache.nearest_terms(text, model)
    roles = {tx.lemma(w) for w in tx.role_words(text)}
    left_out = generic_words() | NOISE_WORDS | roles | (set() if with_verbs else verbs())
    left_out |= {w for phrase in phrases(text, model) for w in phrase.split()}
    return frozenset(t for t in terms if t not in left_out and not t.isdigit())


def phrases(text: str | None, model: TagModel) -> set[str]:
    """The keyword phrases of the tree (two terms, "abri bus", "assistant social") found in
    ``text`` (spelling-corrected terms, as ``tagging`` matches them); kept per text and
    vocabulary (``textcache``)."""
    return set(_PHRASES.get(textcache.model_signature(model), text or "", lambda t: frozenset(
        set(tx.bigrams(list(textcache.nearest_terms(t, model))))
        & set(model.keywords["feature"]))))


def word_examples(examples: pd.DataFrame, model: TagModel,
                  unlearned: Callable[[pd.Series], tuple[np.ndarray, ...]]
                  ) -> dict[str, tuple[list[int], list[int]]]:
    """Subject word -> (rows of ``examples`` [text, challenge_ids, ranked, wrong_first] having
    it as a subject word, the challenges all of them kept, in the order the model ranked them
    for the first), for the words, no verb, that say a subject on their own (``unlearned``'s
    best score of the word alone from ``TOPICAL_SCORE``: ``_topical``), whose reviewed answers
    all kept at least one common challenge, and that are what at least one of them, a correction
    of a wrong first suggestion (``wrong_first``), is about: its only such word, verbs and the
    tree's keyword phrases included ("Places de parking, on tourne 20 min le soir", Cadre de vie
    corrected to Mobilité; not "la vitesse des voitures devant l'école", about speed too, nor
    "un abri bus avec un banc", about the bus shelter). A confirmed suggestion teaches nothing
    about one word (the model got the answer right from all its words: "les fêtes jusqu'à pas
    d'heure" is about noise at night, not about every "fête"), as a confirmed suggestion's
    residual is near zero (``learning.residuals``)."""
    words = [subject_words(text, model, with_verbs=True) for text in examples["text"]]
    topical = _topical(set().union(*words), unlearned)
    rows: dict[str, list[int]] = {}
    alone: set[str] = set()
    for row, (found, text) in enumerate(zip(words, examples["text"], strict=True)):
        mine = found & topical
        if len(mine) == 1 and examples["wrong_first"].iloc[row] and not phrases(text, model):
            alone |= mine - verbs()
        for word in mine:
            rows.setdefault(word, []).append(row)
    out = {}
    for word in alone:
        common = set.intersection(*(set(examples["challenge_ids"].iloc[r]) for r in rows[word]))
        if common:
            first = examples["ranked"].iloc[rows[word][0]]
            out[word] = (rows[word], [c for c in first if c in common])
    return out


def _topical(words: set[str], unlearned: Callable[[pd.Series], tuple[np.ndarray, ...]]
             ) -> set[str]:
    """The ``words`` that, alone, score at least ``TOPICAL_SCORE`` for some challenge in the
    model before learning (``unlearned``: (texts × challenges) scores first)."""
    if not words:
        return set()
    ordered = sorted(words)
    scores = unlearned(pd.Series(ordered, dtype=object))[0]
    return {w for w, best in zip(ordered, scores.max(axis=1), strict=True)
            if best >= TOPICAL_SCORE}


def word_decisions(texts: pd.Series, model: TagModel) -> list[tuple[list[int], dict, set]]:
    """Per text of ``texts``: (the challenges its shared subject words pass on, best first;
    {challenge id: [(example text, corrected, word as the example writes it)]} the reviewed
    answers saying so, in the examples' order; the shared words (folded terms)). Empty
    lists and sets where the text shares no subject word with a reviewed answer
    (``word_examples``) or its shared words say different challenges."""
    out = []
    known = model.word_examples
    for text in texts.fillna(""):
        maybe = known.keys() & set(textcache.nearest_terms(text, model))
        shared = subject_words(text, model) & maybe if maybe else set()  # the first: cheap
        passed = set.intersection(*(set(known[w][1]) for w in shared)) if shared else set()
        if not passed:
            out.append(([], {}, set()))
            continue
        order = [c for c in known[min(shared)][1] if c in passed]
        rows = {row: word for word in sorted(shared, reverse=True) for row in known[word][0]}
        texts_of = model.examples["text"]
        said = [(texts_of.iloc[r], bool(model.examples["corrected"].iloc[r]),
                 written(texts_of.iloc[r], w, model)) for r, w in sorted(rows.items())]
        out.append((order, dict.fromkeys(order, said), shared))
    return out


def without_words(text: str | None, words: set[str], model: TagModel) -> str:
    """``text`` with every word whose term is one of ``words`` taken out (the new text's own
    evidence, besides what it shares with reviewed answers)."""
    return " ".join(w for w in tx.WORD_RE.findall(text or "") if not set(
        textcache.nearest_terms(w, model)) & words)


def written(text: str, word: str, model: TagModel) -> str:
    """``word`` (a folded term) as ``text`` writes it, in lower case ("Places de parking" ->
    "parking", "dans les halls" -> "halls"): the first word of ``text`` whose term it is;
    ``word`` itself when none is (it cannot happen for a subject word of ``text``)."""
    return next((w.lower() for w in tx.WORD_RE.findall(text or "") if word in set(
        textcache.nearest_terms(w, model))), word)
