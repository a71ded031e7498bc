"""Changing the kind of contributions (atout, constat / manquement, proposition…), audited.

The kind decides where a contribution goes in the drafts and the section: points forts from
the atouts, points faibles from the manquements (``analysis.summary.forces_faiblesses``,
``analysis.drafts``), the contracts' three columns (``summary.three_columns``). An imported
question's kind is a guess from its wording (``kinds.kind_for_question``: "Qu'aimeriez-vous
améliorer ?" gives propositions, though most answers name a lack): the coordinator corrects it
for one answer in the review queue (``set_kind``), or for the whole question on its page or
at import (``follow_question``). A kind set one by one stays when its question's kind
changes. Every change writes one audit event "contribution_kind" (ids and counts, never a
text); the flush gives the territory a new data version, so the drafts and the section are
computed again (``core.data_version``).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from flask_babel import gettext as _
from sqlalchemy import select

from participation.contributions.models import KINDS, Contribution
from participation.core import clock
from participation.core.audit import record_audit
from participation.core.errors import DomainError
from participation.extensions import db


def _audit(territory_id: int, changed: list[tuple[int, str]], kind: str, **details) -> None:
    """One "contribution_kind" event: how many changed, from which kinds, to ``kind``."""
    if changed:
        record_audit("contribution_kind", target=f"contribution:{changed[0][0]}",
                     territory_id=territory_id, count=len(changed),
                     details={"vers": kind, "avant": dict(Counter(old for _i, old in changed)),
                              "contributions": [cid for cid, _old in changed][:200],
                              **details})


def set_kind(contributions: Iterable[Contribution], kind: str) -> int:
    """The coordinator's kind for ``contributions`` (the review queue's one decision applies
    to the texts it shows as one), marked as set by hand (``kind_set_at``), audited and
    committed; returns how many changed (0 when they already had it). ``DomainError`` for
    a kind that is not one of ``KINDS``: nothing changed."""
    if kind not in KINDS:
        raise DomainError(_("Nature de contribution inconnue."), field="kind")
    changed, territory_id, now = [], None, clock.now()
    for contribution in contributions:
        territory_id = contribution.territory_id
        if contribution.kind != kind:
            changed.append((contribution.id, contribution.kind))
            contribution.kind = kind
        contribution.kind_set_at = now
    _audit(territory_id, changed, kind, par="une à une")
    db.session.commit()
    return len(changed)


def follow_question(question) -> tuple[int, int]:
    """The contributions made of ``question``'s answers (free texts, « Autre » texts) take
    its ``contribution_kind``, but those whose kind was set one by one (``kind_set_at``):
    ``(changed, kept)``. Audited; flushed, the caller commits."""
    from participation.surveys.models import Answer

    found = db.session.scalars(select(Contribution).where(
        Contribution.source_type == "survey_answer",
        Contribution.source_id.in_(select(Answer.id).where(Answer.question_id == question.id)))
        .order_by(Contribution.id)).all()
    kind, changed, kept = question.contribution_kind, [], 0
    for contribution in found:
        if contribution.kind_set_at is not None:
            kept += contribution.kind != kind
        elif contribution.kind != kind:
            changed.append((contribution.id, contribution.kind))
            contribution.kind = kind
    _audit(question.survey.territory_id, changed, kind, question=question.id)
    db.session.flush()
    return len(changed), kept
