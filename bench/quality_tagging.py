"""Tagging figures of ``bench/analysis_quality.py``: how often the right theme comes first.

Every figure goes through ``autotag.model_from`` (the review queue's and the CLI's
``--learn-from`` code path) and ``tagging.suggest``, against the demo tree
(``quality_data.demo_challenges``). Shares in [0, 1] of the answers tagged. Pure: no app.
"""
from __future__ import annotations

import random

import pandas as pd

from bench.quality_data import demo_challenges, load, reviewed
from participation.analysis import autotag, queue, suggest, tagging


def first_theme(found: pd.DataFrame, codes: dict[int, str]) -> dict[int, str]:
    """Answer (``doc``) -> code of its best-scored challenge, for answers with a suggestion."""
    best = found.sort_values("score", ascending=False).drop_duplicates("doc")
    return dict(zip(best["doc"], best["challenge_id"].map(codes), strict=True))


def theme_accuracy(answers: pd.DataFrame, tagged: pd.DataFrame | None = None) -> tuple:
    """(right first, no suggestion) shares of ``answers`` with the model learned on ``tagged``
    ((doc, text, challenge_id) rows, None: nothing reviewed)."""
    challenges = demo_challenges()
    codes = dict(zip(challenges["id"], challenges["code"], strict=True))
    model = autotag.model_from(challenges, tagged)
    best = first_theme(tagging.suggest(answers["text"], model, top=1), codes)
    right = sum(best.get(i) == t for i, t in answers["theme"].items())
    return right / len(answers), 1 - len(best) / len(answers)


def after_corrections(answers: pd.DataFrame, share: float, draws: int) -> tuple[float, float]:
    """Right first on the answers left after ``share`` of them were corrected (drawn with
    ``random.Random(seed)``, seeds 0..draws-1), and on the same answers without the
    corrections (means over the draws)."""
    results, before = [], []
    for seed in range(draws):
        picked = random.Random(seed).sample(list(answers.index), round(share * len(answers)))
        rest = answers.drop(index=picked).reset_index(drop=True)
        results.append(theme_accuracy(rest, reviewed(answers, picked))[0])
        before.append(theme_accuracy(rest)[0])
    return sum(results) / len(results), sum(before) / len(before)


def learned_from_dev(answers: pd.DataFrame) -> float:
    """Right first on ``answers`` once every "dev:" answer was reviewed (its true theme given
    through ``autotag.model_from``, as a territory's earlier consultations reviewed in the
    queue): what a territory's history teaches about answers never seen."""
    dev = load("dev")
    return theme_accuracy(answers, reviewed(dev, list(dev.index)))[0]


def after_queue_corrections(answers: pd.DataFrame, share: float,
                            step: int = 5) -> tuple[float, float]:
    """Right first on the answers left after ``share`` of them were corrected in the review
    queue's "les moins sûres d'abord" order (``analysis.queue.margins``: no suggestion, then
    the smallest margin between the two best challenges), ``step`` at a time as the queue
    re-ranks after each page of corrections; and on the same answers without the corrections.
    The second figure says how much comes from *choosing* the answers to review (the hardest
    leave the rest), the first adds what the corrections teach."""
    challenges, picked, tagged = demo_challenges(), [], None
    wanted = round(share * len(answers))
    while len(picked) < wanted:
        rest = answers.drop(index=picked)
        found = tagging.suggest(rest["text"], autotag.model_from(challenges, tagged))
        order = queue.margins(found, rest.index).sort_values(kind="stable").index
        picked += order[:min(step, wanted - len(picked))].tolist()
        tagged = reviewed(answers, picked)
    rest = answers.drop(index=picked).reset_index(drop=True)
    return theme_accuracy(rest, tagged)[0], theme_accuracy(rest)[0]


def lexical_baseline(answers: pd.DataFrame) -> float:
    """Right first with ``suggest.py``'s keywords alone (no meaning, no learning)."""
    challenges = demo_challenges()
    codes = dict(zip(challenges["id"], challenges["code"], strict=True))
    found = suggest.suggest(answers["text"], suggest.keyword_table(challenges), None, top=1)
    best = first_theme(found, codes)
    return sum(best.get(i) == t for i, t in answers["theme"].items()) / len(answers)
