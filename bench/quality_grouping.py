"""Grouping figures of ``bench/analysis_quality.py``: the product's groups against the true
needs of the evaluation set (``quality_data.load``).

Adjusted Rand index, completeness and homogeneity (scikit-learn), an answer left out of every
group counting as a group of its own. Pure: no app, no database.
"""
from __future__ import annotations

import pandas as pd
from sklearn.metrics import adjusted_rand_score, completeness_score, homogeneity_score

from participation.analysis import grouping


def grouping_scores(answers: pd.DataFrame, by: str | None = None) -> dict[str, float]:
    """{ari, completeness, homogeneity, groups, needs} of ``grouping.assign_groups`` on
    ``answers`` (text, need columns) against their true needs; ``by``: a column whose values
    are grouped apart (the product groups the answers of one challenge: "theme" is the
    challenge once a coordinator reviewed the tags), None: all at once."""
    parts = [answers] if by is None else [part for _, part in answers.groupby(by)]
    predicted = {}
    for number, part in enumerate(parts):
        assigned = grouping.assign_groups(part["text"])
        first = assigned.drop_duplicates("answer").set_index("answer")["group"]
        predicted |= {i: f"{number}-{first.get(i, f'alone-{i}')}" for i in part.index}
    return _scores(answers["need"].tolist(), [predicted[i] for i in answers.index])


def command_line_scores(answers: pd.DataFrame) -> dict[str, float]:
    """``grouping_scores``' figures of the groups ``flask analysis tag-texts`` prints for
    ``answers`` given at once with no correction: each answer grouped under its best
    suggested challenge (``cli.grouped_by_challenge``), an answer naming no need alone."""
    from bench.quality_data import demo_challenges
    from participation.analysis import autotag, tagging
    from participation.analysis.cli import grouped_by_challenge

    challenges = demo_challenges()
    found = tagging.suggest(answers["text"], autotag.model_from(challenges, None), top=1)
    best = found.drop_duplicates("doc").set_index("doc")["challenge_id"]
    label = grouped_by_challenge(answers["text"], best)
    guess = [f"{best.get(i)}-{label[i]}" if i in label else f"alone-{i}" for i in answers.index]
    return _scores(answers["need"].tolist(), guess)


def _scores(truth: list, guess: list) -> dict[str, float]:
    return {"ari": adjusted_rand_score(truth, guess),
            "completeness": completeness_score(truth, guess),
            "homogeneity": homogeneity_score(truth, guess),
            "groups": len(set(guess)), "needs": len(set(truth))}


def print_grouping(groups: dict, mixed: dict, yearly: dict, command: dict) -> None:
    """The grouping's lines of the report (``grouping_scores`` per challenge and all at once,
    ``quality_years.year_scores``, ``command_line_scores``)."""
    print(f"grouping per challenge: ARI {groups['ari']:.3f}, completeness "
          f"{groups['completeness']:.3f}, homogeneity {groups['homogeneity']:.3f}, "
          f"{groups['groups']} groups")
    print(f"grouping all answers at once: ARI {mixed['ari']:.3f}, completeness "
          f"{mixed['completeness']:.3f}, {mixed['groups']} groups")
    print(f"grouping through the command line (tag-texts: each answer under its suggested "
          f"challenge): ARI {command['ari']:.3f}, completeness {command['completeness']:.3f}, "
          f"{command['groups']} groups")
    print(f"year on year, later answers followed into the earlier needs: ARI "
          f"{yearly['ari']:.3f}, completeness {yearly['completeness']:.3f}, need said both "
          f"years followed {yearly['followed']:.1%}, new need kept new {yearly['new']:.1%}")
