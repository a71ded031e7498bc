"""Recording contributions from any format, tagging them, linking them, following them up.

Every feature that collects what people say (surveys, tables, Johari, council) calls
``record_contribution`` so the analyses read one table.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import Select, select

from participation.contributions.models import (
    AUTHOR_ROLES,
    KINDS,
    LINK_KINDS,
    SOURCE_FORMATS,
    STATUSES,
    Contribution,
    ContributionChallenge,
    ContributionLink,
)
from participation.core import clock
from participation.core.errors import DomainError
from participation.core.models import utcnow
from participation.core.textsearch import contains_folded
from participation.extensions import db
from participation.territory.models import Challenge


def record_contribution(
    territory_id: int, text: str, *, kind: str = "constat", author_role: str = "habitant",
    source_format: str = "saisie", source_type: str | None = None, source_id: int | None = None,
    source_label: str | None = None, quartier_id: int | None = None,
    said_on: date | None = None, challenge_ids: Iterable[int] = (), origin: str = "manual",
    attribution: dict | None = None, created_by_id: int | None = None, commit: bool = True,
    suggest: bool = False,
) -> Contribution:
    """Store one thing someone said. Attribution is dropped unless ``attribution['consent']``.

    ``suggest``: when no challenge is given, store the best suggested challenge (origin
    "suggested", unconfirmed) so the text is counted and enters the review queue.
    """
    text = _checked_text(text, kind, author_role, source_format)
    contribution = Contribution(
        territory_id=territory_id, text=text, kind=kind, author_role=author_role,
        source_format=source_format, source_type=source_type, source_id=source_id,
        source_label=source_label, quartier_id=quartier_id, said_on=said_on or clock.local_today(),
        created_by_id=created_by_id,
    )
    _attribute(contribution, attribution or {})
    db.session.add(contribution)
    db.session.flush()
    _set_tags(contribution, challenge_ids, origin, created_by_id)
    from participation.analysis.autotag import apply_decided

    apply_decided([contribution])  # the same words a coordinator found no challenge for
    if suggest and not contribution.tags:
        from participation.analysis.autotag import suggest_untagged

        suggest_untagged([contribution])
    if commit:
        db.session.commit()
    return contribution


def _checked_text(text: str, kind: str, author_role: str, source_format: str) -> str:
    """``text`` stripped, once it is not empty and the kind, author role and source format
    are known values (``KINDS``, ``AUTHOR_ROLES``, ``SOURCE_FORMATS``); DomainError naming
    the field otherwise."""
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Le texte de la contribution est vide."), field="text")
    for value, allowed, field in ((kind, KINDS, "kind"), (author_role, AUTHOR_ROLES,
                                  "author_role"), (source_format, SOURCE_FORMATS,
                                                   "source_format")):
        if value not in allowed:
            raise DomainError(_("Valeur inconnue : %(v)s", v=value), field=field)
    return text


def _attribute(contribution: Contribution, attribution: dict) -> None:
    """Age band, place and sex of who said it, kept only with ``attribution['consent']``."""
    if attribution.get("consent"):
        contribution.attribution_consent = True
        contribution.age_band = attribution.get("age_band") or None
        contribution.place_name = attribution.get("place_name") or None
        contribution.sex = attribution.get("sex") or None


def _set_tags(contribution: Contribution, challenge_ids: Iterable[int], origin: str,
              user_id: int | None) -> None:
    wanted = {int(i) for i in challenge_ids}
    found: dict[int, Challenge] = {}
    if wanted:
        found = {c.id: c for c in db.session.scalars(select(Challenge).where(
            Challenge.id.in_(wanted), Challenge.territory_id == contribution.territory_id))}
        if len(found) != len(wanted):
            raise DomainError(_("Enjeu inconnu pour ce territoire."), field="challenges")
    current = {t.challenge_id: t for t in contribution.tags}
    for cid, tag in current.items():
        if cid not in wanted:
            contribution.tags.remove(tag)
    # a computed suggestion stays unconfirmed whoever typed the text in (a facilitator
    # entering post-its): only a person's decision sets ``tagged_by_id`` (frames.validated_clause)
    by = None if origin == "suggested" else user_id
    for cid in wanted - set(current):
        contribution.tags.append(ContributionChallenge(challenge=found[cid], origin=origin,
                                                       tagged_by_id=by))


def retag(contribution: Contribution, challenge_ids: Iterable[int], user_id: int | None,
          commit: bool = True) -> None:
    """A coordinator's correction of the challenges; old-version tags not shown are kept.
    With a person (``user_id``) the contribution counts as reviewed, also with no challenge
    ("none fits"): it leaves the review queue."""
    ids = set(int(i) for i in challenge_ids)
    ids |= {t.challenge_id for t in contribution.tags if not t.challenge.is_current}
    _set_tags(contribution, ids, "manual", user_id)
    for tag in contribution.tags:
        if tag.challenge_id in ids and tag.challenge.is_current:
            tag.origin, tag.tagged_by_id = "manual", user_id
    if user_id is not None:
        contribution.reviewed_at, contribution.reviewed_by_id = utcnow(), user_id
    if commit:
        db.session.commit()


def apply_source_tags(contributions: Iterable[Contribution], challenge_ids: Iterable[int]) -> int:
    """The challenges of the question (or table) the texts answered changed: re-tag its answers.

    A contribution a person tagged or confirmed (origin "manual", or a suggestion someone
    accepted) keeps its tags. The others get the new challenges with origin "question"; when
    there are none, the best suggestion instead. The caller commits; returns how many changed.
    """
    ids = [int(i) for i in challenge_ids]
    changed = []
    for contribution in contributions:
        if contribution.reviewed_at or any(t.origin == "manual" or t.tagged_by_id
                                           for t in contribution.tags):
            continue
        contribution.tags.clear()
        db.session.flush()
        _set_tags(contribution, ids, "question", None)
        changed.append(contribution)
    if changed and not ids:
        from participation.analysis.autotag import suggest_untagged

        suggest_untagged(changed)
    return len(changed)


def set_follow_up(contribution: Contribution, status: str, public_reply: str | None) -> None:
    if status not in STATUSES:
        raise DomainError(_("Statut inconnu."), field="status")
    reply = (public_reply or "").strip() or None
    if reply != contribution.public_reply:
        contribution.replied_at = utcnow() if reply else None
    contribution.status, contribution.public_reply = status, reply
    db.session.commit()


def link_contributions(source: Contribution, target: Contribution, kind: str) -> None:
    if kind not in LINK_KINDS:
        raise DomainError(_("Type de lien inconnu."), field="kind")
    if source.id == target.id or source.territory_id != target.territory_id:
        raise DomainError(_("Ce lien n'est pas possible."), field="target_id")
    exists = db.session.scalar(select(ContributionLink.id).where(
        ContributionLink.from_id == source.id, ContributionLink.to_id == target.id))
    if exists:
        raise DomainError(_("Ces contributions sont déjà liées."), field="target_id")
    db.session.add(ContributionLink(from_id=source.id, to_id=target.id, kind=kind))
    db.session.commit()


def unlink(link: ContributionLink) -> None:
    db.session.delete(link)
    db.session.commit()


def filtered(territory_id: int, filters: dict) -> Select:
    """The select behind the coordinators' list; filters come from the query string."""
    stmt = select(Contribution).where(Contribution.territory_id == territory_id)
    for field in ("kind", "author_role", "source_format", "status"):
        if filters.get(field):
            stmt = stmt.where(getattr(Contribution, field) == filters[field])
    if filters.get("quartier_id"):
        stmt = stmt.where(Contribution.quartier_id == filters["quartier_id"])
    if filters.get("challenge_id"):
        stmt = stmt.where(Contribution.tags.any(
            ContributionChallenge.challenge_id == filters["challenge_id"]))
    if filters.get("untagged"):
        stmt = stmt.where(~Contribution.tags.any())
    if filters.get("q"):
        stmt = stmt.where(contains_folded(Contribution.text, filters["q"]))
    return stmt.order_by(Contribution.said_on.desc(), Contribution.id.desc())


def public_replies(quartier_id: int) -> list[Contribution]:
    """'Vous avez dit, nous avons fait': contributions of a quartier with a public reply."""
    return list(db.session.scalars(
        select(Contribution)
        .where(Contribution.quartier_id == quartier_id, Contribution.public_reply.is_not(None),
               Contribution.erased_at.is_(None))
        .order_by(Contribution.replied_at.desc(), Contribution.id)
    ))


def erase_texts(condition) -> int:
    """Erase the words of the contributions matching the SQL ``condition`` at a person's
    request (privacy/person.py, choice "their answers and contributions too"): text
    emptied, attribution dropped, ``erased_at`` set, so they leave every analysis, count,
    quote and document (``analysis.frames``) and the staff list says so. Flushed, not
    committed; returns how many were erased (those erased before are left as they are)."""
    found = db.session.scalars(select(Contribution).where(
        condition, Contribution.erased_at.is_(None))).all()
    now = clock.now()
    for contribution in found:
        contribution.text, contribution.erased_at = "", now
        contribution.attribution_consent = False
        contribution.age_band = contribution.place_name = contribution.sex = None
    db.session.flush()
    return len(found)
