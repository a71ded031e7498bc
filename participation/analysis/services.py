"""Review of challenge tags: a coordinator accepts the suggestion or corrects it.

Both go through ``contributions.services.retag``; an accepted suggestion keeps the origin
"suggested" (with who confirmed it), a correction is "manual". Both are then learned from.
"""
from __future__ import annotations

from collections.abc import Iterable

from participation.contributions.models import Contribution
from participation.contributions.services import retag
from participation.extensions import db


def accept_suggestion(contribution: Contribution, challenge_ids: Iterable[int],
                      user_id: int, commit: bool = True) -> None:
    """Store the suggested challenges as confirmed by ``user_id`` (origin "suggested")."""
    ids = {int(i) for i in challenge_ids}
    retag(contribution, ids, user_id, commit=False)
    db.session.flush()  # new tags get their challenge_id
    for tag in contribution.tags:
        if tag.challenge_id in ids:
            tag.origin = "suggested"
    if commit:
        db.session.commit()


def correct_tags(contribution: Contribution, challenge_ids: Iterable[int], user_id: int,
                 commit: bool = True) -> None:
    """Replace the challenges by the coordinator's choice (origin "manual"); none ticked
    means "no challenge fits": the contribution is reviewed and leaves the queue."""
    retag(contribution, challenge_ids, user_id, commit=commit)


def review(contributions: Iterable[Contribution], accept: bool, challenge_ids: Iterable[int],
           user_id: int) -> int:
    """One decision of the review queue applied to each contribution (the texts it shows as
    one: the same words), in one transaction; returns how many. Errors: ``DomainError``
    (a challenge of another territory), nothing stored then."""
    ids, count = [int(i) for i in challenge_ids], 0
    for contribution in contributions:
        (accept_suggestion if accept else correct_tags)(contribution, ids, user_id, commit=False)
        count += 1
    db.session.commit()
    return count
