"""The only module of the analyses that reads the database: rows -> pandas DataFrames.

Everything else in ``analysis/`` takes these frames and is tested without an app. Queries
select plain columns (no ORM objects) so a territory with 100,000 contributions loads fast.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps

import pandas as pd
from sqlalchemy import or_, select

from participation.contributions.models import (
    AUTHOR_ROLES,
    KINDS,
    SOURCE_FORMATS,
    Contribution,
    ContributionChallenge,
)
from participation.core.i18n import in_content_language
from participation.extensions import db
from participation.privacy.known_names import known_names_of
from participation.privacy.masking import mask_contacts
from participation.territory.models import Challenge, Commune, Contract, Quartier
from participation.territory.models import quartier_commune as qc

_READ_ONCE: ContextVar[dict | None] = ContextVar("pdq_frames_read_once", default=None)


@contextmanager
def read_once() -> Iterator[None]:
    """Inside, each frame below is read from the database once per arguments and a copy of
    it given to every caller: for a computation that reads and never writes (the section's
    model reads the contributions, their tags and the quartiers in its blocks and again for
    its surveys' free texts). Per thread and nested calls share the outermost's frames."""
    token = _READ_ONCE.set({}) if _READ_ONCE.get() is None else None
    try:
        yield
    finally:
        if token is not None:
            _READ_ONCE.reset(token)


def _once(func: Callable[..., pd.DataFrame]) -> Callable[..., pd.DataFrame]:
    """``func`` read once per arguments inside ``read_once`` (a copy returned each time)."""
    @wraps(func)
    def read(*args, **kwargs) -> pd.DataFrame:
        kept = _READ_ONCE.get()
        if kept is None:
            return func(*args, **kwargs)
        key = (func.__name__, args, tuple(sorted(kwargs.items())))
        if key not in kept:
            kept[key] = func(*args, **kwargs)
        return kept[key].copy()
    return read


CONTRIBUTION_COLUMNS = [
    "id", "text", "kind", "author_role", "source_format", "source_type", "source_label",
    "said_on", "quartier_id", "attribution_consent", "sex", "age_band", "place_name", "status",
]


def labels() -> dict[str, dict[str, str]]:
    """Translated labels of kinds, roles and formats (the pure modules get them as data);
    French on a staff page whose content stays French (``i18n.in_content_language``)."""
    with in_content_language():
        return {"kind": {k: str(v) for k, v in KINDS.items()},
                "author_role": {k: str(v) for k, v in AUTHOR_ROLES.items()},
                "source_format": {k: str(v) for k, v in SOURCE_FORMATS.items()}}


@_once
def quartiers_frame(territory_id: int) -> pd.DataFrame:
    """quartier_id, quartier (name), code, communes (joined), commune (first, for splits)."""
    rows = db.session.execute(
        select(Quartier.id, Quartier.name, Quartier.code, Commune.name)
        .outerjoin(qc, qc.c.quartier_id == Quartier.id)
        .outerjoin(Commune, Commune.id == qc.c.commune_id)
        .where(Quartier.territory_id == territory_id)
        .order_by(Quartier.name, Commune.name)).all()
    frame = pd.DataFrame(rows, columns=["quartier_id", "quartier", "code", "commune"])
    if frame.empty:
        return frame.assign(communes=pd.Series(dtype=str))
    joined = frame.groupby("quartier_id")["commune"].agg(
        lambda s: ", ".join(s.dropna())).rename("communes")
    return frame.merge(joined, on="quartier_id")


@_once
def contributions_frame(territory_id: int, masked: bool = True) -> pd.DataFrame:
    """One row per contribution with its quartier and year (commune in ``communes``), an
    erased one (``Contribution.erased_at``: erased at a person's request) left out; the
    phones and e-mails written in ``text`` masked (``privacy.masking``: analyses, quotes,
    section and default exports never show them) unless ``masked`` is False (the export
    with personal data)."""
    columns = [getattr(Contribution, c) for c in CONTRIBUTION_COLUMNS]
    rows = db.session.execute(select(*columns).where(
        Contribution.territory_id == territory_id, Contribution.erased_at.is_(None))
        .order_by(Contribution.id)).all()
    frame = pd.DataFrame(rows, columns=CONTRIBUTION_COLUMNS)
    if masked:
        with known_names_of(territory_id):  # a name the territory holds, without title
            frame["text"] = frame["text"].map(mask_contacts, na_action="ignore")
    frame["said_on"] = pd.to_datetime(frame["said_on"])
    frame["year"] = frame["said_on"].dt.year
    frame["quartier_id"] = frame["quartier_id"].astype("Int64")
    quartiers = quartiers_frame(territory_id).drop_duplicates("quartier_id")
    quartiers["quartier_id"] = quartiers["quartier_id"].astype("Int64")
    frame = frame.merge(quartiers[["quartier_id", "quartier", "communes"]], on="quartier_id",
                        how="left")
    # a quartier without commune has no commune (not ""), as in ``counts``
    frame["commune"] = frame["communes"].astype("string").str.split(", ").str[0].replace("", pd.NA)
    return frame


def challenges_frame(contract: Contract | None) -> pd.DataFrame:
    """The contract's challenges, every version: id, code, name, keywords, parent, current."""
    columns = ["id", "code", "name", "keywords", "parent_id", "colour", "position", "current"]
    if contract is None:
        return pd.DataFrame(columns=columns)
    rows = db.session.execute(select(
        Challenge.id, Challenge.code, Challenge.name, Challenge.keywords, Challenge.parent_id,
        Challenge.colour, Challenge.position, Challenge.version_until.is_(None))
        .where(Challenge.contract_id == contract.id)
        .order_by(Challenge.position, Challenge.code)).all()
    return pd.DataFrame(rows, columns=columns)


# The one rule of what the analyses and the contract's section count (issue #13): a tag is
# *validated* when a person set or confirmed it: origin "manual" (a person chose it),
# "question" (the challenges a coordinator gave the question or table the text answers), or
# any tag a person confirmed (``tagged_by_id`` set: a suggestion accepted in the review queue).
# A suggestion nobody confirmed ("suggested", "imported" without a person) is only shown
# apart, labelled "suggestion à vérifier"; it counts in no figure.
VALIDATED_ORIGINS = ("manual", "question")


def validated_clause(tags=None):
    """The SQL condition of a validated tag (``VALIDATED_ORIGINS``) on the
    ``contribution_challenge`` table ``tags`` (the table itself when None)."""
    tags = ContributionChallenge.__table__ if tags is None else tags
    return or_(tags.c.origin.in_(VALIDATED_ORIGINS), tags.c.tagged_by_id.is_not(None))


@_once
def tags_frame(territory_id: int) -> pd.DataFrame:
    """One row per tag of a contribution not erased: contribution_id, challenge_id, code,
    name, origin, reviewed.

    ``reviewed``: the tag is validated (``VALIDATED_ORIGINS``: a person set or confirmed it);
    a suggestion stored without anyone confirming it is not reviewed. Every figure uses
    ``validated_tags`` only; this frame (both kinds) feeds the review queue and the
    "suggestion à vérifier" counts.
    """
    rows = db.session.execute(
        select(ContributionChallenge.contribution_id, ContributionChallenge.challenge_id,
               Challenge.code, Challenge.name, ContributionChallenge.origin,
               ContributionChallenge.tagged_by_id)
        .join(Challenge, Challenge.id == ContributionChallenge.challenge_id)
        .join(Contribution, Contribution.id == ContributionChallenge.contribution_id)
        .where(Challenge.territory_id == territory_id, Contribution.erased_at.is_(None))).all()
    frame = pd.DataFrame(rows, columns=["contribution_id", "challenge_id", "code", "name",
                                        "origin", "tagged_by_id"])
    frame["reviewed"] = frame["origin"].isin(VALIDATED_ORIGINS) | frame["tagged_by_id"].notna()
    return frame


def validated_tags(territory_id: int) -> pd.DataFrame:
    """``tags_frame`` of the validated tags only: what every figure, page and the contract's
    section count per challenge (``VALIDATED_ORIGINS``)."""
    tags = tags_frame(territory_id)
    return tags[tags["reviewed"]].reset_index(drop=True)


def suggested_tags(territory_id: int) -> pd.DataFrame:
    """``tags_frame`` of the suggestions nobody confirmed yet ("suggestion à vérifier")."""
    tags = tags_frame(territory_id)
    return tags[~tags["reviewed"]].reset_index(drop=True)


def decided_clause(tags=None):
    """The SQL condition of a tag a *person* decided on the ``contribution_challenge`` table
    ``tags`` (the table itself when None): origin "manual" (typed or corrected by a person)
    or confirmed by one (``tagged_by_id``). What the suggestions learn from; a "question"
    tag (validated for the figures, ``validated_clause``) is not: the question's challenges
    were given before the text was written, nobody read it."""
    tags = ContributionChallenge.__table__ if tags is None else tags
    return or_(tags.c.origin == "manual", tags.c.tagged_by_id.is_not(None))


def manual_tags(territory_id: int, masked: bool = True) -> pd.DataFrame:
    """What people tagged, confirmed, or found no challenge for [doc, text, challenge_id],
    ordered by doc then challenge (``challenge_id`` Int64, empty for "Aucun enjeu ne
    correspond"), erased texts left out, texts masked as in ``contributions_frame`` unless
    ``masked`` is False (``autotag.territory_model``'s key: the masking is done once per
    model built): the suggestions learn from it. A person's decision only: tags of
    ``decided_clause``; "no challenge" when a person reviewed the text
    (``reviewed_by_id``) and kept none. A resident's new answer (a question's tags, an
    answer decided "no challenge" like the same words before: ``autotag.apply_decided``,
    with no ``reviewed_by_id``) adds nothing, so it never rebuilds the model (issue #16).
    A person's account deleted (``reviewed_by_id`` set to NULL) takes their "no challenge"
    decisions out of the learning; their tags stay ("manual")."""
    tags = ContributionChallenge.__table__
    tagged = db.session.execute(select(Contribution.id, Contribution.text, tags.c.challenge_id)
                                .join(tags, tags.c.contribution_id == Contribution.id)
                                .join(Challenge, Challenge.id == tags.c.challenge_id)
                                .where(Challenge.territory_id == territory_id,
                                       Contribution.erased_at.is_(None),
                                       decided_clause(tags))).all()
    kept = select(tags.c.id).where(tags.c.contribution_id == Contribution.id,
                                   decided_clause(tags)).exists()
    none = [(doc, text, None) for doc, text in db.session.execute(select(
        Contribution.id, Contribution.text).where(
        Contribution.territory_id == territory_id, Contribution.reviewed_by_id.is_not(None),
        Contribution.erased_at.is_(None), ~kept))]
    frame = pd.DataFrame([*map(tuple, tagged), *none], columns=["doc", "text", "challenge_id"])
    if masked:
        with known_names_of(territory_id):  # a name the territory holds, without title
            frame["text"] = frame["text"].map(mask_contacts, na_action="ignore")
    frame = frame.astype({"doc": int, "challenge_id": "Int64"})
    return frame.sort_values(["doc", "challenge_id"], na_position="first",
                             ignore_index=True)


def descendants(challenges: pd.DataFrame, challenge_id: int) -> set[int]:
    """A challenge and every node below it (a pilier gathers its objectives' contributions)."""
    found, frontier = {challenge_id}, {challenge_id}
    while frontier:
        frontier = set(challenges.loc[challenges["parent_id"].isin(frontier), "id"]) - found
        found |= frontier
    return found


def challenge_members(tags: pd.DataFrame, challenges: pd.DataFrame) -> dict[int, set[int]]:
    """Challenge id -> ids of the contributions tagged with it or with a node below it (what
    ``challenge_contributions`` selects for that challenge), for every challenge at once: one
    walk up the tree per tagged challenge instead of one scan of the tags per challenge."""
    parent = dict(zip(challenges["id"], challenges["parent_id"], strict=True))
    reach: dict[int, list[int]] = {}
    for tagged in tags["challenge_id"].unique():
        chain, node = [], tagged
        while node is not None and not pd.isna(node) and node not in chain:
            chain.append(int(node))
            node = parent.get(node)
        reach[int(tagged)] = chain
    found: dict[int, set[int]] = {}
    for contribution, tagged in zip(tags["contribution_id"], tags["challenge_id"], strict=True):
        for node in reach[int(tagged)]:
            found.setdefault(node, set()).add(int(contribution))
    return found


def challenge_contributions(contributions: pd.DataFrame, tags: pd.DataFrame,
                            challenges: pd.DataFrame, challenge_id: int) -> pd.DataFrame:
    """Contributions tagged with the challenge or one of its sub-challenges."""
    ids = descendants(challenges, challenge_id)
    tagged = tags.loc[tags["challenge_id"].isin(ids), "contribution_id"].unique()
    return contributions[contributions["id"].isin(tagged)]


def wording() -> dict[str, str]:
    """The generated sentences of ``summary`` in the user's language."""
    from flask_babel import gettext as _

    return {"unknown": _("Non précisé"), "others": _("Autres (groupes de moins de %(n)s)"),
            "habitante": _("Habitante"), "count": _("%(label)s (%(count)s contributions)"),
            "sentence": _("%(n)s %(who)s sur %(total)s %(verb)s « %(label)s »%(where)s."),
            "few": _("Moins de %(min)s personnes %(verb)s « %(label)s »."),
            "residents": _("habitants"), "people": _("personnes"),
            "mostly": _(", surtout à %(place)s"), "verb_say": _("évoquent"),
            "verb_strength": _("citent comme point fort"),
            "verb_weakness": _("relèvent comme point faible"),
            "verb_proposal": _("proposent"),
            "unshared": _("%(n)s réponses, chacune sur un besoin qu’aucune autre ne nomme : "
                          "aucun n’est partagé par deux habitants."),
            "unshared_few": _("Moins de %(min)s réponses, chacune sur un besoin qu’aucune autre "
                              "ne nomme : aucun n’est partagé par deux habitants.")}


def review_frame(territory_id: int, limit: int | None = 20) -> tuple[pd.DataFrame, int]:
    """Contributions no person has tagged, confirmed or found to fit no challenge yet, latest
    first (the first ``limit``, all of them when None), with [kept_ids]: the challenges of
    their tags a person validated (``tags_frame``'s ``reviewed``; what the queue's
    « Corriger » form opens ticked, never a suggestion nobody confirmed), and their number."""
    contributions = contributions_frame(territory_id)
    tags = tags_frame(territory_id)
    reviewed = set(tags.loc[tags["reviewed"], "contribution_id"].unique())
    reviewed |= set(db.session.scalars(select(Contribution.id).where(
        Contribution.territory_id == territory_id, Contribution.reviewed_at.is_not(None))))
    pending = contributions[~contributions["id"].isin(reviewed)].iloc[::-1]
    page = (pending if limit is None else pending.head(limit)).copy()
    current = tags[tags["contribution_id"].isin(page["id"]) & tags["reviewed"]]
    page["kept_ids"] = page["id"].map(current.groupby("contribution_id")["challenge_id"].agg(list))
    page["kept_ids"] = page["kept_ids"].map(lambda v: v if isinstance(v, list) else [])
    return page.reset_index(drop=True), len(pending)
