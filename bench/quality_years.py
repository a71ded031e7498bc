"""Year-on-year figures of ``bench/analysis_quality.py``: one consultation's answers followed
into an earlier one's needs, as ``years.evolution`` does, against the true needs.

Each theme's answers of the evaluation set (``quality_data.load``) are split into two
consultations (``two_consultations``); shares in [0, 1]. Pure: no app, no database.
"""
from __future__ import annotations

import random

import pandas as pd
from sklearn.metrics import adjusted_rand_score, completeness_score

from participation.analysis import grouping, needs_following


def two_consultations(part: pd.DataFrame, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One theme's answers split into an earlier and a later consultation: of its needs
    (shuffled with ``seed``), one in five said only earlier (gone), one in five only later
    (new), the others' answers split at random between the two."""
    rng = random.Random(seed)
    needs = sorted(part["need"].unique())
    rng.shuffle(needs)
    fifth = max(1, len(needs) // 5)
    gone, new = set(needs[:fifth]), set(needs[fifth:2 * fifth])
    later = [i for i in part.index if part.at[i, "need"] in new
             or part.at[i, "need"] not in gone and rng.random() < 0.5]
    return part.drop(index=later), part.loc[later]


def _followed(before: pd.DataFrame, after: pd.DataFrame) -> tuple[dict, dict]:
    """(later answer -> the need it counts for, earlier need -> its answers' most common true
    need) of one theme's two consultations, as ``years.evolution`` follows them
    (``needs_following.follow``: the earlier answers grouped alone, every answer grouped together);
    a later answer in several groups counts for the biggest's need."""
    both = pd.concat([before, after]).reset_index(drop=True)
    earlier = grouping.group_answers(both["text"].iloc[:len(before)])
    joint = grouping.group_answers(both["text"])
    target = needs_following.follow(earlier, joint)
    counted = {}
    for group in joint.itertuples():
        for answer in group.answers:
            if answer >= len(before):
                counted.setdefault(after.index[answer - len(before)],
                                   target[group.group] or f"new:{group.group}")
    members = earlier.explode("answers").dropna(subset=["answers"])
    major = both.loc[members["answers"].astype(int), "need"].groupby(
        members["group"].to_numpy()).agg(lambda s: s.value_counts().index[0])
    return counted, major.to_dict()


def year_scores(answers: pd.DataFrame, seeds: int = 3) -> dict[str, float]:
    """The later consultation's answers followed into the earlier one's needs
    (``years.evolution``'s way, ``_followed``; each theme split by ``two_consultations``),
    against the true needs: adjusted Rand index and completeness of the later answers (an
    answer in no group is a group of its own), the share of the later answers of a need said
    both years counted for an earlier need whose answers mostly had that need ("followed"),
    and of the later answers of a new need counted for no earlier need ("new"); means over
    ``seeds``."""
    scores = []
    for seed in range(seeds):
        truth, guess, followed, fresh = [], [], [], []
        for theme, part in answers.groupby("theme"):
            before, after = two_consultations(part, seed)
            counted, major = _followed(before, after)
            for i in after.index:
                got = counted.get(i, f"alone-{i}")
                truth.append(after.at[i, "need"])
                guess.append(f"{theme}-{got}")
                if after.at[i, "need"] in set(before["need"]):
                    followed.append(major.get(got) == after.at[i, "need"])
                else:
                    fresh.append(got not in major)
        scores.append((adjusted_rand_score(truth, guess), completeness_score(truth, guess),
                       sum(followed) / len(followed), sum(fresh) / max(1, len(fresh))))
    mean = [sum(s[k] for s in scores) / len(scores) for k in range(4)]
    return dict(zip(("ari", "completeness", "followed", "new"), mean, strict=True))
