"""What the reviewed answers teach as a whole (``analysis.tag_kernel``, issue #13): the
kernel, the gate of the unlearned scores' uncertainty, the fit and its shift, against
hand-computed values."""
from __future__ import annotations

import math

import numpy as np

from participation.analysis import tag_kernel


def test_the_kernel_is_one_for_the_same_meaning_and_zero_without_a_vector():
    vectors = np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]], dtype=np.float32)
    gram = tag_kernel.kernel(vectors, vectors)
    assert gram[0, 0] == 1.0
    assert math.isclose(gram[0, 1], math.exp(-2.0))  # cos 0: exp(2 × (0 - 1))
    assert not gram[2].any() and not gram[:, 2].any()  # an empty text teaches nothing


def test_the_gate_is_the_normalised_entropy_of_the_unlearned_scores():
    gate = tag_kernel.gate(np.array([[0.0, 0.0], [1.0, 0.0]]))
    assert math.isclose(gate[0], 1.0)  # two challenges alike: wholly unsure
    # scores 1 and 0 at temperature 0.2: softmax of (5, 0) = (0.993307, 0.006693);
    # entropy 0.993307 × 0.006715 + 0.006693 × 5.006715 = 0.040180 nats, / ln 2 = 0.057967
    assert math.isclose(gate[1], 0.057967, abs_tol=1e-5)


def test_a_corrected_answer_moves_its_near_answers_and_no_challenge_teaches_nothing():
    vectors = np.array([[1.0, 0.0], [0.0, 1.0]], dtype=np.float32)
    prior = np.zeros((2, 2))  # the keywords hesitate between the two challenges
    truth = np.array([[0.0, 1.0], [0.0, 0.0]])  # corrected to the second; "no challenge"
    coef = tag_kernel.fit(vectors, prior, truth)
    assert not coef[1].any()
    texts = np.array([[1.0, 0.0], [0.0, 1.0]], dtype=np.float32)
    learned, gram = tag_kernel.shift(texts, vectors, coef, np.zeros((2, 2)))
    # by symmetry a = (-t, t), and the fit's optimum solves 2 (1 - sigmoid(2t)) = 4 λ t:
    # 1 - sigmoid(2t) = 0.02 t, t = 1.67964 (solved by bisection); the shift is
    # 0.2 × t = 0.33593 at the same meaning, exp(-2) × 0.33593 = 0.04546 at an unrelated one
    assert math.isclose(learned[0, 1], 0.33593, abs_tol=1e-4) and learned[0, 0] < 0
    assert math.isclose(learned[1, 1], 0.04546, abs_tol=1e-4)
    # the suggestion names the example it learned from, where it moved from 0.05
    assert tag_kernel.kernel_reasons(gram, coef, learned) == {(0, 1): 0}


def test_a_sure_prior_is_moved_less_than_a_hesitant_one():
    vectors = np.array([[1.0, 0.0]], dtype=np.float32)
    coef = tag_kernel.fit(vectors, np.zeros((1, 2)), np.array([[0.0, 1.0]]))
    hesitant, _ = tag_kernel.shift(vectors, vectors, coef, np.array([[0.0, 0.0]]))
    sure, _ = tag_kernel.shift(vectors, vectors, coef, np.array([[1.0, 0.0]]))
    # the same learned function, scaled by the gate: 1 against 0.057967
    assert math.isclose(sure[0, 1] / hesitant[0, 1], 0.057967, abs_tol=1e-5)
