"""Per-challenge counts aggregated in the database (GROUP BY), not rows pulled into Python.

What it counts is what ``frames.challenge_contributions`` + ``summary.breakdown`` count from
the frames: a challenge gathers the contributions tagged with it or with any node below it
(each contribution once), and each breakdown dimension (``summary.DIMENSIONS``) splits them by
format, quartier, commune (the first of the quartier's communes by name), author role and kind,
with "Non précisé" for a missing value. The rule that hides small groups (fewer than
``min_count``: they identify people) is applied afterwards on the aggregated counts, vectorised
(``hide_small``), so both paths publish the same figures (tests/analysis/test_counts.py).

One statement per territory: each contribution's tags become one "signature" (the ids of its
challenges), then one ``GROUP BY`` (signature, format, quartier, role, kind) in the database;
the result is small (a few thousand rows for 100,000 contributions). Each signature reaches
the distinct challenges of its tags and their ancestors in the contract's tree, so a
contribution tagged under two sub-challenges counts once for their pilier; the per-dimension
counts are sums of that small result, the quartier's name and first commune read from the
territory's quartiers.
"""
from __future__ import annotations

import pandas as pd
from sqlalchemy import String, cast, func, select, text

from participation.analysis import frames
from participation.analysis.summary import DIMENSIONS, WORDING, fold_small
from participation.contributions.models import KINDS, Contribution, ContributionChallenge
from participation.extensions import db
from participation.territory.models import Challenge, Contract

COLUMNS = ["challenge_id", "dim", "value", "count"]
TOTAL = "total"  # the dim of the rows that count every contribution of a challenge


def _ancestors(contract_id: int) -> dict[int, set[int]]:
    """Challenge id -> itself and every node above it in the contract's tree, all versions
    (``frames.descendants`` the other way round)."""
    tree = frames.challenges_frame(db.session.get(Contract, contract_id))
    parent = dict(zip(tree["id"], tree["parent_id"], strict=True))
    found = {}
    for node in parent:
        chain, current = set(), node
        while current is not None and not pd.isna(current) and current not in chain:
            chain.add(int(current))
            current = parent.get(current)
        found[int(node)] = chain
    return found


def _places(territory_id: int) -> tuple[dict, dict]:
    """Quartier id -> name and -> first commune by name (``frames.quartiers_frame``)."""
    quartiers = frames.quartiers_frame(territory_id).drop_duplicates("quartier_id")
    communes = quartiers["communes"].str.split(", ").str[0].replace("", None)
    return (dict(zip(quartiers["quartier_id"], quartiers["quartier"], strict=True)),
            dict(zip(quartiers["quartier_id"], communes, strict=True)))


def cells(territory_id: int, validated: bool = True) -> pd.DataFrame:
    """[tags, source_format, quartier_id, author_role, kind, count]: one GROUP BY in the
    database over the territory's tagged contributions, ``tags`` being the comma-separated ids
    of a contribution's challenges (its "signature"). The result has a row per signature and
    combination of values (a few thousand for 100,000 contributions), so each contribution is
    counted once under every challenge its signature reaches (``count_rows``).

    ``validated``: only the validated tags (``frames.validated_clause``: what every figure
    counts); False: only the suggestions nobody confirmed yet (shown apart, "suggestion à
    vérifier")."""
    c, ct = Contribution.__table__, ContributionChallenge.__table__
    which = frames.validated_clause(ct)
    # the signatures of this territory's contributions only (not the whole table's: a
    # national database holds 450 territories; bench/national_explain.py)
    tags = select(ct.c.contribution_id, func.aggregate_strings(
        cast(ct.c.challenge_id, String), ",").label("tags")).join(
        c, c.c.id == ct.c.contribution_id).where(
        c.c.territory_id == territory_id, which if validated else ~which).group_by(
        ct.c.contribution_id).subquery("signatures")
    keys = [tags.c.tags, c.c.source_format, c.c.quartier_id, c.c.author_role, c.c.kind]
    query = select(*keys, func.count().label("count")).join_from(
        tags, c, c.c.id == tags.c.contribution_id).where(
        c.c.territory_id == territory_id).group_by(*keys)
    if db.session.get_bind().dialect.name == "postgresql":
        # room to hash the groups in memory (the default 4 MB sorts them on disk); this
        # transaction only
        db.session.execute(text("SET LOCAL work_mem = '32MB'"))
    columns = ["tags", "source_format", "quartier_id", "author_role", "kind", "count"]
    return plain_frame(db.session.execute(query).all(), columns)


def plain_frame(rows, columns: list[str]) -> pd.DataFrame:
    """A DataFrame of result rows as plain tuples (pandas probes each SQLAlchemy Row for
    namedtuple fields, which cost more than the query: 3 s for 25,000 rows)."""
    return pd.DataFrame([tuple(row) for row in rows], columns=columns)


def _reached(signatures: pd.Series, ancestors: dict[int, set[int]]) -> pd.DataFrame:
    """[tags, challenge_id]: each signature to the distinct challenges it counts for."""
    rows = []
    for signature in signatures.unique():
        reached = set().union(*(ancestors.get(int(i), ()) for i in signature.split(",")))
        rows.extend((signature, challenge_id) for challenge_id in reached)
    return pd.DataFrame(rows, columns=["tags", "challenge_id"])


def count_rows(territory_id: int, contract_id: int | None,
               dims=DIMENSIONS, validated: bool = True) -> pd.DataFrame:
    """[challenge_id, dim, value, count]: per challenge of the contract (with its sub-nodes),
    the contributions of each value of each dimension (value None = not given), and the
    challenge's own total under dim ``TOTAL``. Challenges nobody spoke about have no row.
    Counted in the database (``cells``) on the validated tags (``validated=False``: on the
    unconfirmed suggestions); the small result is summed per dimension here."""
    if contract_id is None:
        return pd.DataFrame(columns=COLUMNS)
    found = cells(territory_id, validated)
    found = found.merge(_reached(found["tags"], _ancestors(contract_id)), on="tags")
    names, communes = _places(territory_id)
    found["quartier"] = found["quartier_id"].map(names)
    found["commune"] = found["quartier_id"].map(communes)
    return frame_counts(found, "challenge_id", dims, weights="count")


def frame_counts(frame: pd.DataFrame, by: str, dims=DIMENSIONS,
                 weights: str | None = None, total: bool = True) -> pd.DataFrame:
    """``count_rows`` from rows in memory: ``frame`` has one row per (contribution, challenge)
    with the challenge id in column ``by`` and one column per dimension, or (``weights``) one
    row per group of them with their number in that column. ``total=False``: without the
    ``TOTAL`` rows (the breakdowns alone)."""
    def size(keys):
        grouped = frame.groupby(keys, dropna=False, sort=False)
        return grouped[weights].sum() if weights else grouped.size()

    parts = [size([by]).reset_index(name="count").assign(dim=TOTAL, value=None)] if total \
        else []
    for dim in dims:
        grouped = size([by, dim])
        parts.append(grouped.reset_index(name="count").rename(columns={dim: "value"}).assign(
            dim=dim))
    out = pd.concat(parts, ignore_index=True).rename(columns={by: "challenge_id"})
    return out[COLUMNS]


def totals(counts: pd.DataFrame) -> dict[int, int]:
    """Challenge id -> number of its contributions (``count_rows``)."""
    rows = counts[counts["dim"] == TOTAL]
    return dict(zip(rows["challenge_id"].astype(int), rows["count"].astype(int), strict=True))


def per_value(counts: pd.DataFrame, dim: str) -> dict[int, dict[str, int]]:
    """Challenge id -> value -> number, for one dimension of ``count_rows`` (value given)."""
    rows = counts[(counts["dim"] == dim) & counts["value"].notna()]
    found: dict[int, dict[str, int]] = {}
    for challenge_id, value, count in zip(rows["challenge_id"], rows["value"], rows["count"],
                                          strict=True):
        found.setdefault(int(challenge_id), {})[value] = int(count)
    return found


def overview(territory_id: int) -> dict:
    """What the analyses' index shows besides the challenges, counted in the database:
    ``pending`` (contributions "à vérifier": no validated challenge of the territory and not
    reviewed as fitting none, exactly the review queue's count, ``frames.review_frame``),
    ``formats`` [(format, number)] biggest first, ``quartiers`` {quartier id: number}."""
    c, ct, ch = (Contribution.__table__, ContributionChallenge.__table__,
                 Challenge.__table__)
    mine = c.c.territory_id == territory_id
    validated = select(ct.c.contribution_id).join(ch, ch.c.id == ct.c.challenge_id).where(
        ch.c.territory_id == territory_id, frames.validated_clause(ct))
    pending = db.session.scalar(select(func.count()).select_from(c).where(
        mine, c.c.reviewed_at.is_(None), c.c.id.not_in(validated)))
    formats = db.session.execute(select(c.c.source_format, func.count()).where(mine).group_by(
        c.c.source_format)).all()
    quartiers = db.session.execute(select(c.c.quartier_id, func.count()).where(
        mine, c.c.quartier_id.is_not(None)).group_by(c.c.quartier_id)).all()
    kinds = db.session.scalars(select(c.c.kind).where(mine).distinct()).all()
    return {"pending": int(pending or 0), "kinds": set(kinds),
            "formats": sorted(((f, int(n)) for f, n in formats), key=lambda x: (-x[1], x[0])),
            "quartiers": {int(q): int(n) for q, n in quartiers}}


# The kinds the index always shows (the contracts' columns), even at 0.
MAIN_KINDS = ("constat", "proposition", "atout", "mobilisation")


def kind_columns(present: set[str]) -> list[str]:
    """The index's kind columns: ``MAIN_KINDS`` and every other kind present in the
    territory's contributions (``overview``'s ``kinds``), in ``KINDS`` order, so a challenge's
    kinds add up to its total (every contribution has one kind)."""
    wanted = set(MAIN_KINDS) | set(present)
    return [kind for kind in KINDS if kind in wanted] + sorted(wanted - set(KINDS))


def hide_small(counts: pd.DataFrame, min_count: int, labels: dict[str, dict] | None = None,
               wording: dict = WORDING) -> pd.DataFrame:
    """``summary.breakdown`` for every (challenge, dim) at once: [challenge_id, dim, value,
    label, count, state], biggest first (ties by value), groups under ``min_count`` folded
    into one "autres" row (value "") and the secondary suppression of ``summary.fold_small``
    (a hidden count is None). The folding runs on plain lists (a few hundred small lines)."""
    frame = counts[counts["dim"] != TOTAL].copy()
    frame["value"] = frame["value"].fillna(wording["unknown"])
    frame = frame.groupby(["challenge_id", "dim", "value"], as_index=False)["count"].sum()
    frame = frame.sort_values(["challenge_id", "dim", "count", "value"],
                              ascending=[True, True, False, True], kind="stable")
    rows = []
    for (challenge_id, dim), line in frame.groupby(["challenge_id", "dim"], sort=False):
        pairs = list(zip(line["value"], line["count"].astype(int), strict=True))
        rows += [(challenge_id, dim, value, count, state)
                 for value, count, state in fold_small(pairs, min_count)]
    out = pd.DataFrame(rows, columns=["challenge_id", "dim", "value", "count", "state"])
    out["count"] = pd.Series([r[3] for r in rows], index=out.index, dtype=object)
    out["label"] = [wording["others"] % {"n": min_count} if value == "" else
                    (labels or {}).get(dim, {}).get(value, value)
                    for dim, value in zip(out["dim"], out["value"], strict=True)]
    return out[["challenge_id", "dim", "value", "label", "count", "state"]]


def challenge_breakdowns(territory_id: int, contract_id: int | None, min_count: int,
                         labels: dict[str, dict] | None = None,
                         wording: dict = WORDING) -> dict[int, dict[str, pd.DataFrame]]:
    """Challenge id -> dim -> [value, label, count, state] (``summary.breakdown``'s table), for
    every challenge of the contract someone spoke about, counted in the database."""
    tables = hide_small(count_rows(territory_id, contract_id), min_count, labels, wording)
    found: dict[int, dict[str, pd.DataFrame]] = {}
    for (challenge_id, dim), table in tables.groupby(["challenge_id", "dim"], sort=False):
        found.setdefault(int(challenge_id), {})[dim] = table[
            ["value", "label", "count", "state"]].reset_index(drop=True)
    return found
