"""The suggestion model rebuilt after one more decision reads one text, and is the model built
from scratch (``analysis.textcache``: per-text results kept per text and vocabulary; issue
#13 item 6, speed); an erasure leaves no text in those caches (``core.forgetting``)."""
from __future__ import annotations

from datetime import timedelta

import numpy as np
import pandas as pd
import pytest

from participation.analysis import (
    autotag,
    example_vetoes,
    frames,
    learning,
    nouns,
    sentences,
    shared_words,
    tagging,
    textcache,
)
from participation.analysis import text as tx
from participation.contributions.models import Contribution, ContributionChallenge
from participation.contributions.services import record_contribution
from participation.core import memo
from participation.core.forgetting import forget_in_process
from participation.extensions import db
from participation.privacy.masking import mask_contacts
from participation.territory.models import Territory
from tests import factories
from tests.analysis.test_review_learning import _correct
from tests.analysis.test_shared_words import TREE
from tests.core.test_shared_memo import shared_redis, two_servers  # noqa: F401 (fixtures)
from tests.formfill import form_to
from tests.privacy.erasing import confirm

FIELDS = ["challenge_ids", "names", "keywords", "keyword_vectors", "keyword_owner",
          "keyword_text", "keyword_sentences", "learned", "examples", "residuals",
          "decisions", "keyword_vetoes", "word_examples", "vocabulary"]
# the caches keyed by a reviewed text, each read once per reviewed text by a rebuild
PER_REVIEWED_TEXT = {"subject words": shared_words._SUBJECTS, "phrases": shared_words._PHRASES,
                     "features": example_vetoes._FEATURES, "written forms": tx._WRITTEN,
                     "nouns": nouns._NOUNS}


def _assert_same_model(built, scratch, floats: float = 0.0) -> None:
    """Every field of two models equal: bit for bit (arrays: same dtype, shape and bytes),
    or, with ``floats``, arrays of floats within that absolute difference."""
    for name in FIELDS:
        mine, theirs = getattr(built, name), getattr(scratch, name)
        if isinstance(mine, pd.DataFrame):
            pd.testing.assert_frame_equal(mine, theirs, check_exact=True)
        elif isinstance(mine, np.ndarray):
            assert (mine.dtype, mine.shape) == (theirs.dtype, theirs.shape), name
            assert mine.tobytes() == theirs.tobytes() or np.abs(
                mine - theirs).max() <= floats, name
        else:
            assert mine == theirs, name


def _fresh_text_results() -> None:
    """Forget what ``textcache`` keeps per text (and the folds and lemmas kept per word)."""
    textcache.clear()
    tx.fold.cache_clear()
    tx.lemma.cache_clear()


def _demo_decisions(territory_id: int) -> tuple[pd.DataFrame, pd.DataFrame, list[tuple]]:
    """The demo's current challenges, its reviewed texts [doc, text, challenge_id] (masked as
    ``autotag.territory_model`` masks them) and its Johari post-its waiting in the queue with
    their suggestion, (doc, text, challenge id) in id order: what "Accepter" would add."""
    challenges = frames.challenges_frame(db.session.get(
        Territory, territory_id).current_contract)
    challenges = challenges[challenges["current"].astype(bool)].reset_index(drop=True)
    reviewed = frames.manual_tags(territory_id, masked=False)
    reviewed["text"] = reviewed["text"].map(mask_contacts, na_action="ignore")
    waiting = db.session.execute(db.select(
        Contribution.id, Contribution.text, ContributionChallenge.challenge_id)
        .join(ContributionChallenge).where(
        Contribution.territory_id == territory_id, Contribution.source_format == "johari",
        Contribution.reviewed_at.is_(None), ContributionChallenge.origin == "suggested")
        .order_by(Contribution.id, ContributionChallenge.challenge_id)).all()
    return challenges, reviewed, [(d, mask_contacts(t), c) for d, t, c in waiting]


def _with(reviewed: pd.DataFrame, accepted: list[tuple]) -> pd.DataFrame:
    """``reviewed`` and the ``accepted`` (doc, text, challenge id) rows, ordered as
    ``frames.manual_tags`` orders them."""
    extra = pd.DataFrame(accepted, columns=["doc", "text", "challenge_id"]).astype(
        {"doc": int, "challenge_id": "Int64"})
    return pd.concat([reviewed, extra], ignore_index=True).sort_values(
        ["doc", "challenge_id"], na_position="first", ignore_index=True)


def test_a_rebuild_after_one_more_decision_reads_one_text_and_equals_a_fresh_build(demo_db):
    """The demo's reviewed texts (275), then its Johari post-its accepted one by one as in
    the queue: the rebuild after one more post-it computed each per-reviewed-text result
    for that post-it only (one miss per cache), the others read as kept; the model is, bit
    for bit, the one built with those results emptied first. With the sentence vectors and
    unlearned scores emptied too (kept per text before this work), its frames, words and
    decisions are the same and its float arrays within 1e-6: the encoder and float32
    products (BLAS) round the last bits differently for a text read alone than in a batch
    (2e-7 seen on the residuals)."""
    challenges, reviewed, waiting = _demo_decisions(demo_db.id)
    docs = list(dict.fromkeys(doc for doc, _t, _c in waiting))[:3]
    assert len(docs) == 3 and reviewed["doc"].nunique() > 200
    forget_in_process()
    for n in range(len(docs)):
        autotag.model_from(challenges, _with(reviewed, [r for r in waiting if r[0] in docs[:n]]))
    before = {name: cache.misses for name, cache in PER_REVIEWED_TEXT.items()}
    everything = _with(reviewed, [r for r in waiting if r[0] in docs])
    built = autotag.model_from(challenges, everything)
    assert {name: cache.misses - before[name] for name, cache in PER_REVIEWED_TEXT.items()
            } == dict.fromkeys(PER_REVIEWED_TEXT, 1)
    _fresh_text_results()
    _assert_same_model(built, autotag.model_from(challenges, everything))
    forget_in_process()  # the sentence vectors and unlearned scores too
    assert not textcache.kept_texts() and not sentences._cache and not learning._PRIORS
    _assert_same_model(built, autotag.model_from(challenges, everything), floats=1e-6)


def test_a_changed_tree_never_reads_results_kept_for_the_former_one():
    """"punaise" added to Logement's keywords: "punnaises" (bed bugs misspelt) is then
    corrected to it, a vocabulary word, and the reviewed texts' words follow; the model
    built with the per-text results kept under the former tree is, bit for bit, the one
    built with none kept, and so are its suggestions."""
    rows = [("des punnaises dans l'appartement", "L5"), ("encore des punnaises de lit", "L5"),
            ("Places de parking, on tourne 20 min le soir", "L4"),
            ("le parking est plein", "L4")]
    ids = dict(zip(TREE["code"], TREE["id"], strict=True))
    tagged = pd.DataFrame({"doc": range(4), "text": [t for t, _ in rows],
                           "challenge_id": [ids[c] for _, c in rows]})
    tree = TREE.copy()
    tree.loc[tree["code"] == "L5", "keywords"] += ", punaise"
    texts = pd.Series(["punnaises au 3e étage", "le parking du centre", "une punaise"])
    _fresh_text_results()
    former = autotag.model_from(TREE, tagged)
    tagging.suggest(texts, former)
    built = autotag.model_from(tree, tagged)
    assert "punaise" in built.vocabulary and "punaise" not in former.vocabulary
    assert textcache.nearest_terms("punnaises", built) == ("punaise",)
    found = tagging.suggest(texts, built)
    _fresh_text_results()
    scratch = autotag.model_from(tree, tagged)
    _assert_same_model(built, scratch)
    pd.testing.assert_frame_equal(found, tagging.suggest(texts, scratch), check_exact=True)


@pytest.mark.forms("analysis/review.html#2")
def test_an_erased_contact_leaves_its_text_in_no_cache(webapp, web_login, territory):
    """A post-it with its writer's phone, corrected in the rendered queue (the model learns
    its masked text: kept per text); the person erased through the rendered form (its text
    replaced): no per-text cache, sentence vector, unlearned score, tagger's reading nor
    model holds the words of that text any more."""
    health = factories.challenge(territory, "S2")
    said = "Le cabinet médical ferme, rappelez-moi au 06 12 34 56 78"
    written = record_contribution(territory.id, said)
    web_login("coordinator")
    _correct(webapp.get("/analysis/review"), written.id, [health.label])
    assert autotag.territory_model(territory.id).examples["text"].str.contains(
        "cabinet médical").any()
    assert _caches_holding("cabinet médical")
    form = form_to(webapp.get("/privacy/personne"), "/privacy/personne")
    form["phone"] = "06 12 34 56 78"
    form = form_to(form.submit(), "/privacy/personne/effacer")
    confirm(form)
    form.submit().follow()
    assert "cabinet" not in db.session.get(Contribution, written.id).text
    assert _caches_holding("cabinet médical") == []


def _caches_holding(words: str) -> list[str]:
    """The names of the in-process caches holding a text with ``words``."""
    kept = {"per-text results": textcache.kept_texts(), "sentence vectors": sentences._cache,
            "tagger": nouns._cache, "unlearned scores": {t for _s, t in learning._PRIORS},
            "models": {t for m in autotag._MODELS.values() for t in m.examples.get("text", [])}}
    return [name for name, texts in kept.items() if any(words in str(t) for t in texts)]


def test_an_erasure_on_another_server_empties_the_per_text_caches_here(
        two_servers, shared_redis, territory, pinned_clock):  # noqa: F811 (fixtures)
    """Another server's erasure moves the shared generation on (``Shared.forget``): this
    server's per-text results go at its next analysis at most a second later, as its kept
    analyses do (``core.memo._stamp``)."""
    client, prefix = shared_redis
    tid = territory.id  # read here: in another app's context it would use its engine

    def analysis():
        with two_servers[1].test_request_context():
            return memo.memo(tid, "test.per-text", lambda: 1)

    analysis()
    tx.terms("Le cabinet médical ferme")
    client.incr(prefix + "generation")  # what ``Shared.forget`` does on the other server
    assert "Le cabinet médical ferme" in textcache.kept_texts()
    pinned_clock.shift(timedelta(seconds=1.5))
    analysis()
    assert textcache.kept_texts() == set()
