"""What an exercise shows: the window per group, the comparison, the draft conclusions and
the block the participation section includes. Reads the database, then hands plain rows to
the pure functions of ``comparison``.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from participation.contributions.models import Contribution
from participation.core.punctuation import both, labelled
from participation.extensions import db
from participation.johari import comparison as cmp
from participation.johari.models import (
    CONCLUSION_HEADINGS,
    QUADRANT_LABELS,
    QUADRANTS,
    JohariExercise,
    JohariGroup,
    PostIt,
)
from participation.privacy.masking import mask_contacts
from participation.territory.models import Challenge


def load_postits(exercise: JohariExercise) -> list[PostIt]:
    """The exercise's post-its, by group then as written; a post-it erased at a person's
    request (its ``Contribution.erased_at``) left out."""
    return list(db.session.scalars(
        select(PostIt).join(JohariGroup).join(PostIt.contribution)
        .where(JohariGroup.exercise_id == exercise.id, Contribution.erased_at.is_(None))
        .options(selectinload(PostIt.contribution).selectinload(Contribution.tags))
        .order_by(JohariGroup.position, PostIt.id)))


def window(exercise: JohariExercise, postits: list[PostIt] | None = None) -> list[dict]:
    """Per group: its prompts and post-its in each quadrant, in window order."""
    postits = load_postits(exercise) if postits is None else postits
    out = []
    for group in exercise.groups:
        cells = {q: [p for p in postits if p.group_id == group.id and p.quadrant == q]
                 for q in QUADRANTS}
        out.append({"group": group, "cells": cells, "total": sum(map(len, cells.values()))})
    return out


def tag_reasons(postits: list[PostIt]) -> dict[tuple[int, int], dict[str, list]]:
    """(post-it id, challenge id) -> why its suggested tag was suggested: the reasons of the
    analyses' tagger (``analysis.tagging.explain``: keywords and learned words found, the
    nearest keyword in meaning, the nearest texts a coordinator reviewed), the same evidence
    as the review queue shows. A tag put by hand has none (a person chose it)."""
    import pandas as pd

    from participation.analysis import autotag, tagging

    suggested = [p for p in postits if any(t.origin == "suggested" for t in p.contribution.tags)]
    if not suggested:
        return {}
    model = autotag.territory_model(suggested[0].territory_id)
    found = tagging.explain(pd.Series([p.text for p in suggested]), model)
    return {(p.id, t.challenge_id): found.get((doc, t.challenge_id), {})
            for doc, p in enumerate(suggested) for t in p.contribution.tags
            if t.origin == "suggested"}


def first_word(reasons: dict[str, list] | None) -> str | None:
    """The first keyword or learned word of ``tag_reasons``' entry, None without one."""
    words = (reasons or {}).get("keywords", []) + (reasons or {}).get("learned", [])
    return words[0] if words else None


def is_validated(tag) -> bool:
    """A tag a person set or confirmed: the rule of every analysis figure
    (``analysis.frames.VALIDATED_ORIGINS``, or ``tagged_by_id`` set)."""
    from participation.analysis.frames import VALIDATED_ORIGINS

    return tag.origin in VALIDATED_ORIGINS or tag.tagged_by_id is not None


def postit_rows(postits: list[PostIt], validated: bool = True) -> list[dict]:
    """Rows of ``comparison.tag_frame``: a tag's keyword is the first word that led to it.
    ``validated``: the validated tags only (``is_validated``: what the comparison counts);
    False: only the suggestions nobody confirmed yet (shown apart, "à vérifier")."""
    reasons = tag_reasons(postits)
    rows = []
    for p in postits:
        tags = [(t.challenge_id, first_word(reasons.get((p.id, t.challenge_id))))
                for t in p.contribution.tags if is_validated(t) == validated]
        rows.append({"postit_id": p.id, "group": p.group.slug, "quadrant": p.quadrant,
                     "text": p.text, "tags": tags})
    return rows


@dataclass
class ExerciseComparison:
    result: cmp.Comparison
    counts: dict[str, dict[str, int]]
    similar: list[list[PostIt]]
    postits: dict[int, PostIt]
    challenges: dict[int, Challenge]
    groups: dict[str, JohariGroup]
    # post-its a group writes on a challenge to have raised it (``comparison.compare``)
    min_postits: int = cmp.MIN_POSTITS


def compare_exercise(exercise: JohariExercise) -> ExerciseComparison:
    postits = load_postits(exercise)
    order = [g.slug for g in exercise.groups]
    frame = cmp.tag_frame(postit_rows(postits))
    unchecked = cmp.tag_frame(postit_rows(postits, validated=False))
    challenges = {t.challenge_id: t.challenge for p in postits for t in p.contribution.tags}
    tree_order = sorted(challenges, key=lambda cid: (challenges[cid].position,
                                                     challenges[cid].code))
    by_id = {p.id: p for p in postits}
    counts = cmp.counts_table(frame, order) if postits else None
    minimum = cmp.MIN_POSTITS  # per group (``comparison`` module docstring)
    result = cmp.compare(frame, order, tree_order, min_postits=minimum)
    result.to_check = cmp.compare(unchecked, order, tree_order, min_postits=1).views
    return ExerciseComparison(
        result=result,
        counts={g: {q: int(counts.loc[g, q]) if counts is not None else 0 for q in QUADRANTS}
                for g in order},
        similar=[[by_id[i] for i in ids]
                 for ids in cmp.similar_groups([(p.id, p.text) for p in postits])],
        postits=by_id, challenges=challenges, groups={g.slug: g for g in exercise.groups},
        min_postits=minimum)


def _quote(view: cmp.ChallengeView, data: ExerciseComparison, groups: list[str],
           limit: int = 2) -> str:
    """The post-its behind a line: up to ``limit`` of each of ``groups`` (window order, then
    as written), each once, « quoted » and separated by " ; "."""
    ids = []
    for group in groups:
        mine = sorted({i for q in QUADRANTS for i in view.by_group.get(group, {}).get(q, [])})
        ids += [i for i in mine if i not in ids][:limit]
    return " ; ".join(f"« {mask_contacts(data.postits[i].text)} »" for i in ids)


def _zones(view: cmp.ChallengeView, slug: str) -> str:
    return ", ".join(str(QUADRANT_LABELS[q]).lower() for q in view.quadrants(slug))


def _agreement(view: cmp.ChallengeView, data: ExerciseComparison) -> tuple[str, str]:
    """("partage" or "discordance", the line): the groups placed the shared challenge in a
    common zone (they agree on what is known of it), or each in other zones."""
    label = data.challenges[view.challenge_id].name
    groups = view.raised_by(data.min_postits)  # the groups that raised it
    names = [data.groups[g].name for g in groups]
    common = set.intersection(*(set(view.quadrants(g)) for g in groups))
    quotes = _quote(view, data, groups)
    if common:
        zones = ", ".join(str(QUADRANT_LABELS[q]).lower() for q in QUADRANTS if q in common)
        return "partage", labelled(_("- %(label)s : %(groups)s le placent dans la même zone "
                                     "(%(zones)s)", label=label, groups=both(names),
                                     zones=zones), quotes)
    views = " ; ".join(_("%(group)s le place en %(zones)s", group=data.groups[g].name,
                         zones=_zones(view, g)) for g in groups)
    return "discordance", labelled(_("- %(label)s : regards différents (%(views)s)",
                                     label=label, views=views), quotes)


def draft_conclusions(data: ExerciseComparison) -> dict[str, str]:
    """A starting point for the four headings, written from the computed comparison.

    A shared challenge goes under "Partage" when the groups that raised it put it in a
    common zone, under "Discordance" otherwise (never both: the two headings do not repeat
    each other); a challenge raised by residents only (resp. partners only) goes under
    "Constats des habitants" (resp. "des partenaires"). Every line ends with the post-its
    behind it (``_quote``: two of each group that raised it). Challenges no group raised
    (fewer than ``min_postits`` post-its each, ``comparison.compare``) are left out.
    """
    lines: dict[str, list[str]] = {key: [] for key in CONCLUSION_HEADINGS}
    for view in data.result.shared:
        key, line = _agreement(view, data)
        lines[key].append(line)
    for view in data.result.discordant:
        group = view.raised_by(data.min_postits)[0]
        key = {"habitant": "constats_habitants", "partenaire": "constats_partenaires"}.get(
            data.groups[group].author_role, "discordance")
        label = data.challenges[view.challenge_id].name
        lines[key].append("- " + labelled(label, _quote(view, data, [group], limit=3)))
    return {key: "\n".join(items) for key, items in lines.items()}


def block_context(exercise: JohariExercise) -> dict:
    """What ``templates/johari/_block.html`` needs: the window and the conclusions.

    The participation section includes it with ``{% include "johari/_block.html" %}`` after
    putting this dict in its context under the name ``johari``.
    """
    return {"exercise": exercise, "window": window(exercise),
            "conclusions": exercise.conclusions, "headings": CONCLUSION_HEADINGS,
            "quadrant_labels": QUADRANT_LABELS}
