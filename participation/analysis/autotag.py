"""Suggested challenges stored on contributions nobody has tagged yet.

Every free-text answer becomes a Contribution, even when its question (or table, or agenda
item) carries no challenge: such a contribution gets the best suggestion of ``suggest`` as a
tag of origin "suggested" without anyone confirming it. It is then counted under that challenge
(marked as a suggestion) and stays in the review queue until a coordinator accepts or corrects
it; the correction is learned from at once (``frames.manual_tags``).

The model (``tagging.build_model``: keywords of the current tree and of the national themes,
word vectors, what coordinators tagged) is built once per territory and digest of what it
learns from (``_digest``: the current challenges and ``frames.manual_tags``), so recording
a survey response does not re-learn the territory.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable

import pandas as pd
from sqlalchemy import func, or_, select

from participation.analysis import frames, learning, tagging, textcache
from participation.contributions.models import Contribution, ContributionChallenge
from participation.core.models import utcnow
from participation.extensions import db
from participation.privacy.masking import mask_contacts
from participation.territory.defaults import NATIONAL_TREE
from participation.territory.models import Challenge, Territory

_MODELS: dict[tuple, tagging.TagModel] = {}
textcache.register(_MODELS.clear)  # a model holds its reviewed texts: none after an erasure


def _digest(challenges: pd.DataFrame, reviewed: pd.DataFrame) -> str:
    """What a model is learned from, in 32 hex digits (BLAKE2b of pandas' row hashes): the
    current challenges (``frames.challenges_frame``, every column) and the reviewed texts
    [doc, text, challenge_id] (``frames.manual_tags``, ordered; texts as written, masked
    the same way for the model: a function of them). Equal digests, equal
    models (the national themes and word vectors are the same for every model)."""
    digest = hashlib.blake2b(digest_size=16)
    for frame in (challenges, reviewed):
        digest.update(str(len(frame)).encode())
        digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return digest.hexdigest()


def national_themes() -> pd.DataFrame:
    """The national frame's themes [name, keywords] whose words every territory inherits."""
    return pd.DataFrame([{"name": n[2], "keywords": n[4]} for n in NATIONAL_TREE if n[4]])


def model_from(challenges: pd.DataFrame, reviewed: pd.DataFrame) -> tagging.TagModel:
    """The suggestion model from the current challenges [id, name, keywords] and what people
    tagged, confirmed or corrected [doc, text, challenge_id] (the review queue's tags, read by
    ``frames.manual_tags``; the CLI's ``--learn-from`` rows; the bench's simulated
    coordinator): one code path for every learning."""
    return tagging.build_model(challenges, reviewed, national_themes())


def territory_model(territory_id: int) -> tagging.TagModel:
    """The suggestion model of the territory (``tagging.build_model``): its current challenges,
    the national themes' keywords, what its coordinators tagged; cached per digest of those
    rows (``_digest``): a resident's new answer never rebuilds it, a person's review or a
    change of the tree does (issue #16: before, any new answer to a tagged question did)."""
    contract = db.session.get(Territory, territory_id).current_contract
    challenges = frames.challenges_frame(contract)
    challenges = challenges[challenges["current"].astype(bool)].reset_index(drop=True)
    reviewed = frames.manual_tags(territory_id, masked=False)
    key = (territory_id, _digest(challenges, reviewed))
    if key not in _MODELS:
        _MODELS.clear()  # one territory at a time is enough for a request or an import
        reviewed["text"] = reviewed["text"].map(mask_contacts, na_action="ignore")
        _MODELS[key] = model_from(challenges, reviewed)
    return _MODELS[key]


def _has_current_challenges(territory_id: int) -> bool:
    """Whether the territory's current contract has a current challenge to suggest (checked
    before building the model, which loads word vectors: seconds)."""
    contract = db.session.get(Territory, territory_id).current_contract
    return contract is not None and db.session.scalar(select(func.count(Challenge.id)).where(
        Challenge.contract_id == contract.id, Challenge.version_until.is_(None))) > 0


def suggestions(territory_id: int, texts: list[str]) -> pd.DataFrame:
    """The suggestions of each text: [doc (index in ``texts``), challenge_id], best first,
    texts with none left out; identical texts scored once. The one rule of what is
    suggested (``tagging.suggest``'s defaults: up to 3, ``tagging.shown``): the same set is
    stored (counted "suggestion à vérifier"), shown in the review queue, pre-ticked in its
    correction form and saved by "Accepter"."""
    if not texts or not _has_current_challenges(territory_id):
        return pd.DataFrame({"doc": pd.Series(dtype=int), "challenge_id": pd.Series(dtype=int)})
    found = tagging.suggest(pd.Series(texts), territory_model(territory_id))
    return found[["doc", "challenge_id"]]


def _decided(territory_id: int, texts: list[str]) -> dict[str, bool]:
    """``{text_key: no challenge fits}`` of the latest person's decision (latest
    ``reviewed_at``) on contributions of the territory saying the same words as one of
    ``texts``: "Aucun enjeu ne correspond", or "Corriger" with every box unticked, is True;
    a decision keeping a challenge is False. One query, pre-filtered in SQL on the longest
    word of each text (a superset: ``learning.text_key`` decides), no model loaded."""
    keys = {learning.text_key(t) for t in texts} - {""}
    if not keys:
        return {}
    words = {max(k.split(), key=len).replace("\\", "\\\\").replace("%", "\\%")
             .replace("_", "\\_") for k in keys}
    tags = ContributionChallenge.__table__
    kept = select(tags.c.id).where(tags.c.contribution_id == Contribution.id,
                                   frames.validated_clause(tags)).exists()
    rows = db.session.execute(select(Contribution.text, kept).where(
        Contribution.territory_id == territory_id, Contribution.reviewed_at.is_not(None),
        Contribution.erased_at.is_(None),
        or_(*(Contribution.text.ilike(f"%{w}%", escape="\\") for w in words)))
        .order_by(Contribution.reviewed_at, Contribution.id)).all()
    found: dict[str, bool] = {}
    for text, has_challenge in rows:
        key = learning.text_key(text)
        if key in keys:
            found[key] = not has_challenge  # the latest decision wins
    return found


def decided_none(territory_id: int, texts: list[str]) -> list[int]:
    """Positions in ``texts`` of the texts saying the same words (``learning.text_key``) as
    one whose latest decision was that no challenge fits (``_decided``): decided the same
    way when they come again, by any path (``apply_decided``, ``pending``, imports)."""
    if not texts:
        return []
    decided = _decided(territory_id, texts)
    return [doc for doc, text in enumerate(texts) if decided.get(learning.text_key(text))]


def apply_decided(contributions: Iterable[Contribution]) -> int:
    """The one rule every path that creates a contribution goes through
    (``contributions.services.record_contribution``, ``pending``, imports): a contribution
    no person tagged, saying the same words as a text a coordinator found no challenge for
    (``decided_none``), loses its unconfirmed suggestions and is reviewed at once, with no
    challenge (it never enters the review queue). Contributions of one territory, flushed;
    the caller commits. Returns how many were decided."""
    todo = [c for c in contributions if c.reviewed_at is None and not any(
        t.origin in frames.VALIDATED_ORIGINS or t.tagged_by_id for t in c.tags)]
    if not todo:
        return 0
    decided = decided_none(todo[0].territory_id, [c.text for c in todo])
    for doc in decided:
        todo[doc].tags.clear()
        todo[doc].reviewed_at = utcnow()
    return len(decided)


def suggest_untagged(contributions: Iterable[Contribution]) -> int:
    """Store the suggestions (``suggestions``) on each contribution that has no tag and no
    decision; returns how many got some. One whose words a coordinator already found no
    challenge for (``apply_decided``) is reviewed at once, with no challenge, and leaves the
    review queue.

    Contributions must be flushed (ids) and belong to one territory; the caller commits.
    """
    todo = [c for c in contributions if not c.tags and c.reviewed_at is None]
    if not todo:
        return 0
    apply_decided(todo)
    todo = [c for c in todo if c.reviewed_at is None]
    if not todo:
        return 0
    found = suggestions(todo[0].territory_id, [c.text for c in todo])
    for doc, challenge_id in zip(found["doc"], found["challenge_id"], strict=True):
        todo[doc].tags.append(ContributionChallenge(challenge_id=int(challenge_id),
                                                    origin="suggested"))
    return int(found["doc"].nunique())


def suggest_territory(territory_id: int) -> int:
    """Suggestions for every contribution of the territory without any tag (after an upgrade
    that backfilled answers, or after the tree changed). Commits; returns how many got one."""
    untagged = db.session.scalars(select(Contribution).where(
        Contribution.territory_id == territory_id, Contribution.erased_at.is_(None),
        ~Contribution.tags.any())).all()
    count = suggest_untagged(untagged)
    db.session.commit()
    return count
