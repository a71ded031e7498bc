"""The tagger and the grouping on resident answers never used to set a weight (issue #13).

Runs ``bench/analysis_quality.py``'s evaluation on the "heldout:" answers of
``tests/analysis/data/answers_*.txt`` (246 answers, 43 needs, the demo tree's 11 themes; about
12 s of CPU, a third of it reading the word vectors). The floors pin today's
figures: a change that makes them worse fails. The issue's targets are quoted beside each; met:
right first with no correction, and after 10 % corrected in the queue's order; NOT met: after
10 % corrected at random, and the grouping's (see bench/analysis_quality_record.md).
"""
from __future__ import annotations

import pytest

from bench import analysis_quality as quality


@pytest.fixture(scope="module")
def heldout():
    answers = quality.load("heldout")
    assert len(answers) == 246 and set(answers["split"]) == {"heldout"}
    return answers


def test_the_evaluation_set_has_several_hundred_answers_and_a_held_out_part():
    every = quality.load()
    assert len(every) >= 500
    assert set(every["split"]) == {"dev", "heldout"}
    assert every["need"].nunique() == 43 and every["theme"].nunique() == 11
    # no held-out answer was also written in the tuning part
    dev, held = (set(every.loc[every["split"] == s, "text"].str.lower()) for s in ("dev",
                                                                                  "heldout"))
    assert not dev & held


def test_right_theme_first_without_and_after_corrections(heldout):
    right, _ = quality.theme_accuracy(heldout)
    # 81.7 % on 246 answers (76.4 % before the sentence encoder's meaning, without text.py's
    # hand-written table of variants)
    assert right >= 0.81  # target >= 75 % (met)
    corrected, without = quality.after_corrections(heldout, 0.1, draws=3)
    # target >= 85 % after 10 % corrected: NOT met (81.8 %, 10 draws; 81.9 % before a French
    # word was no longer read as a keyword misspelt: "marche" is not "démarche")
    assert corrected >= 0.81
    assert corrected >= without - 0.005  # what corrections teach never costs (residuals)


def test_what_a_territory_reviewed_earlier_teaches_about_new_answers(heldout):
    # the 260 dev answers given with their true themes, as a queue's reviews
    # 83.3 % (81.7 % without; 84.1 % before learned words left out verbs and the tree's own
    # words, issue #13 (b); 80.5 % before the sentence encoder)
    assert quality.learned_from_dev(heldout) >= 0.83


def test_grouping_per_challenge_against_the_true_needs(heldout):
    scores = quality.grouping_scores(heldout, "theme")
    assert scores["ari"] >= 0.51  # target >= 0.7: NOT met (0.525)
    assert scores["completeness"] >= 0.81  # target >= 0.85: NOT met (0.822)
    assert scores["homogeneity"] >= 0.88  # (0.893)


def test_grouping_all_answers_at_once_against_the_true_needs(heldout):
    """The words page groups a territory's answers of every challenge together."""
    scores = quality.grouping_scores(heldout)
    # 0.268 / 0.733 (0.264 / 0.727 before a second pass sliced the first's word evidence;
    # 0.114 with word vectors and one clustering pass)
    assert scores["ari"] >= 0.255
    assert scores["completeness"] >= 0.72


def test_grouping_through_the_command_line_against_the_true_needs(heldout):
    """``flask analysis tag-texts`` groups each text under its best suggested challenge, as
    the analyses group a challenge's contributions: 0.330 / 0.748 (0.256 / 0.721 when it
    grouped every text at once, 2026-11-30). Target 0.7 / 0.85: NOT met (a text tagged
    wrong is grouped apart from its need's)."""
    scores = quality.command_line_scores(heldout)
    assert scores["ari"] >= 0.32
    assert scores["completeness"] >= 0.74
    assert scores["ari"] > quality.grouping_scores(heldout)["ari"]


def test_later_answers_followed_into_the_earlier_needs(heldout):
    """Year on year: each theme split into two consultations; the later answers counted for
    the earlier needs as ``years.evolution`` does (``quality.year_scores``)."""
    scores = quality.year_scores(heldout)
    assert scores["ari"] >= 0.55  # 0.570
    assert scores["completeness"] >= 0.82  # 0.842
    assert scores["followed"] >= 0.48 and scores["new"] >= 0.53  # 50.3 %, 55.7 %


def test_corrections_in_the_queues_least_certain_order(heldout):
    # 10 % corrected as "les moins sûres d'abord" shows them: 86.0 % of the others right
    # (target >= 85 %: met; 83.3 % before); the queue's choice is what helps (86.4 % without
    # the corrections: one answer of 221 apart)
    queued, without = quality.after_queue_corrections(heldout, 0.1)
    assert queued >= 0.855 and queued >= without - 0.005
