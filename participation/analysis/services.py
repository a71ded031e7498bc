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
                      user_id: int) -> None:
    """Store the suggested challenges as confirmed by ``user_id`` (origin "suggested")."""
    ids = {int(i) for i in challenge_ids}
    retag(contribution, ids, user_id)
    for tag in contribution.tags:
        if tag.challenge_id in ids:
            tag.origin = "suggested"
    db.session.commit()


def correct_tags(contribution: Contribution, challenge_ids: Iterable[int], user_id: int) -> None:
    """Replace the challenges by the coordinator's choice (origin "manual")."""
    retag(contribution, challenge_ids, user_id)
