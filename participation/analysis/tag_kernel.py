"""What the reviewed answers teach as a whole: a kernel logistic regression on the sentence
encoder's vectors, fitted on top of the scores without learning (``tagging``).

The model without learning gives each reviewed text scores (texts × challenges); read as
logits at ``TEMPERATURE`` (the temperature whose softmax best fits the dev answers' true
themes: log loss 0.505 at 0.2, against 0.530 at 0.15 and 0.563 at 0.3), they are the
*offset* of a multinomial logistic regression whose only learned part is a function of the
answer's meaning: f(x) = Σ_i K(x, x_i) a_i, with K(x, y) = exp(``BETA`` × (cos(x, y) - 1))
over the reviewed examples x_i (``sentences.embed``) and a_i one row of coefficients per
example, fitted by maximum likelihood with the penalty ``LAMBDA`` × ‖f‖² (the representer
theorem's form of a ridge penalty: a Gaussian prior centred on the model without learning).
This is the Bayesian shrinkage the corrections need: 25 reviewed answers move a text only
where one of them is near it and the scores without learning hesitate; 260 of them learn
where a territory's answers differ from the keywords. The shift it adds to a text's scores
is ``TEMPERATURE`` × f(x) (back in score units); each shift is explained by the reviewed
example that contributes most to it (``kernel_reasons``).

The learned part is scaled by the unlearned scores' uncertainty (``gate``), in the fit and
in the shift: without it, the hardest answers the review queue shows first ("des poubelles
de tri" corrected to Transition écologique) moved answers the keywords were sure of ("les
poubelles qui débordent", Cadre de vie) with them.

Where its settings come from (dev answers of ``tests/analysis/data``, issue #13; every
setting chosen on them, the held-out answers read once per idea, after): on the unlearned
scores alone (numpy, the tagger's other learning left out), 10 % of the dev answers
corrected at random (10 draws) gave 84.3 % right first without, 84.9-85.1 % with it
ungated (BETA 2, LAMBDA 0.01-0.1; a linear kernel 84.5-85.1 %), 84.5 % gated; learning from
4/5 of the dev answers and tagging the fifth (5 folds) 84.2 % without, 89.6 % ungated at
BETA 2 and LAMBDA 0.01 (87.3 % linear, 87.7 % at LAMBDA 0.03-0.1, 86.9 % at BETA 5), 87.7 %
gated; corrected in the queue's order, 87.6 % ungated against 88.9 % on the same answers
without, 90.2 % gated against 88.9 %. A plain logistic regression on the same vectors
without the offset: 76-80 % (5 folds): the keywords' model is the better prior. Through
the whole tagger (``bench/analysis_quality.py``'s code path): see the bench's docstring.
Pure: no app, no database.
"""
from __future__ import annotations

import numpy as np
from scipy.linalg import solve_triangular
from scipy.optimize import minimize
from scipy.special import logsumexp

TEMPERATURE = 0.2  # the unlearned scores read as logits: scores / TEMPERATURE
BETA = 2.0  # K(x, y) = exp(BETA (cos - 1)): 1 for the same meaning, e^-2 for unrelated
LAMBDA = 0.01  # ridge penalty on the learned function (Gaussian prior around the offset)
MAX_ITER = 300  # L-BFGS iterations (``fit`` converges in 10-30 on 26-506 answers)
JITTER = 1e-6  # added to the kernel's diagonal before its Cholesky root
GATE = True  # the learned part times the unlearned scores' normalised entropy (``gate``)
REASON_SHIFT = 0.05  # a learned shift from this (score units) names its example as a reason


def kernel(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """(left × right) exp(``BETA`` (cos - 1)) of unit sentence vectors (float32 rows,
    ``sentences.embed``); 0 where either row is zeros (an empty text, or no encoder)."""
    gram = np.exp(BETA * (left.astype(np.float64) @ right.T.astype(np.float64) - 1.0))
    return gram * left.any(axis=1)[:, None] * right.any(axis=1)[None, :]


def gate(prior: np.ndarray) -> np.ndarray:
    """(texts,) how unsure the model without learning is of each text: the entropy of the
    softmax of ``prior`` / ``TEMPERATURE`` over the challenges, divided by its largest value
    log(challenges): 0 when it is sure of one challenge, 1 when all are alike. The learned
    part is scaled by it, both in the fit and in ``shift``: a reviewed example moves its
    neighbours little where the keywords are sure, much where they hesitate. All ones when
    ``GATE`` is off."""
    if not GATE or prior.shape[1] < 2:
        return np.ones(len(prior))
    logits = prior / TEMPERATURE
    log_p = logits - logsumexp(logits, axis=1, keepdims=True)
    return -(np.exp(log_p) * log_p).sum(axis=1) / np.log(prior.shape[1])


def _root(gram: np.ndarray) -> tuple[np.ndarray, bool]:
    """A square root L of the kernel (gram = L Lᵀ) and whether it is triangular: Cholesky
    with a jitter of ``JITTER`` on the diagonal (the same text reviewed twice makes two
    equal rows), the eigenvalue decomposition when it still fails."""
    try:
        return np.linalg.cholesky(gram + JITTER * np.eye(len(gram))), True
    except np.linalg.LinAlgError:
        values, vectors = np.linalg.eigh(gram)
        return vectors * np.sqrt(np.clip(values, 0, None)), False


def fit(vectors: np.ndarray, prior: np.ndarray, truth: np.ndarray) -> np.ndarray:
    """(examples × challenges) coefficients a_i of the regression (module docstring).

    ``vectors``: (examples × 512) sentence vectors of the reviewed texts; ``prior``:
    (examples × challenges) their scores without learning; ``truth``: (examples ×
    challenges) the coordinator's decision, a share of 1 per challenge kept (``learning``'s
    ``_truth``), a row of zeros for "no challenge fits" (left out of the fit: it says
    nothing about which challenge). Rows left out get zero coefficients. Solved in the
    whitened form f = L b (``_root``), penalty ``LAMBDA`` ‖b‖², then a = L⁻ᵀ b: L-BFGS
    converges in 10-30 iterations there (0.08 s CPU for 506 answers, one thread), against
    hundreds on a directly."""
    out = np.zeros(prior.shape)
    rows = np.flatnonzero((truth.sum(axis=1) > 0) & vectors.any(axis=1))
    if not len(rows) or prior.shape[1] < 2:
        return out
    root, triangular = _root(kernel(vectors[rows], vectors[rows]))
    offset, scale = prior[rows] / TEMPERATURE, gate(prior[rows])[:, None]
    target, shape = truth[rows], (len(rows), prior.shape[1])

    def loss(flat: np.ndarray) -> tuple[float, np.ndarray]:
        white = flat.reshape(shape)
        logits = offset + scale * (root @ white)
        log_p = logits - logsumexp(logits, axis=1, keepdims=True)
        value = -(target * log_p).sum() + LAMBDA * (white * white).sum()
        return value, (root.T @ (scale * (np.exp(log_p) - target)) + 2 * LAMBDA * white).ravel()

    found = minimize(loss, np.zeros(shape).ravel(), jac=True, method="L-BFGS-B",
                     options={"maxiter": MAX_ITER})
    white = found.x.reshape(shape)
    out[rows] = solve_triangular(root.T, white) if triangular else np.linalg.lstsq(
        root.T, white, rcond=None)[0]
    return out


def shift(vectors: np.ndarray, examples: np.ndarray, coef: np.ndarray,
          prior: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """What the reviewed examples add to the scores of texts: (texts × challenges)
    ``TEMPERATURE`` × ``gate`` × Σ_i K(x, x_i) a_i, in score units, and the (texts ×
    examples) kernel (for ``kernel_reasons``). ``vectors``: the texts' sentence vectors;
    ``examples``: the examples'; ``coef``: ``fit``'s; ``prior``: (texts × challenges) the
    texts' scores before the examples."""
    gram = kernel(vectors, examples)
    return TEMPERATURE * gate(prior)[:, None] * (gram @ coef), gram


def kernel_reasons(gram: np.ndarray, coef: np.ndarray,
                   learned: np.ndarray) -> dict[tuple[int, int], int]:
    """(text position, challenge position) -> the example that contributes most to a
    learned shift of at least ``REASON_SHIFT`` towards the challenge (``shift``'s
    ``learned``): the near reviewed text shown as the reason of the suggestion."""
    found = {}
    for doc, j in zip(*np.nonzero(learned >= REASON_SHIFT), strict=True):
        found[(int(doc), int(j))] = int(np.argmax(gram[doc] * coef[:, j]))
    return found
