"""Per-challenge breakdowns counted in the database against the same rows read and grouped by
pandas (``bench/analysis_bench.py`` runs it after the in-memory comparison).

M contributions of one territory (default challenge tree, 12 quartiers over 20 communes, one
or two tags each on the tree's leaves) are stored in a temporary SQLite file or in
``DATABASE_URL`` (PostgreSQL: tables dropped and created again). Timed, median of N:
- ours: ``counts.challenge_breakdowns`` (GROUP BY in the database for every challenge, a
  challenge gathering its sub-challenges, then the hiding of small groups);
- baseline: ``pandas.read_sql`` of the same (challenge, dimensions) rows, then
  ``groupby([challenge, dim]).size()`` for the five dimensions (leaves only, no hiding).
"""
from __future__ import annotations

import os
import statistics
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import select, text

from participation import create_app
from participation.analysis import counts, summary
from participation.config import TestConfig, _database_url
from participation.contributions.models import Contribution, ContributionChallenge
from participation.extensions import db
from participation.surveys.bulk import executemany
from participation.territory import services as territory_services
from participation.territory.models import Challenge, Commune, Territory

FORMATS = ["enquete", "table_citoyenne", "johari", "micro_trottoir"]
ROLES = ["habitant", "partenaire", "elu"]
KINDS = ["constat", "proposition", "atout", "mobilisation"]


def _app():
    url = _database_url() if os.environ.get("DATABASE_URL") else \
        f"sqlite:///{Path(tempfile.mkdtemp(prefix='pdq-counts-')) / 'bench.sqlite'}"
    return create_app(TestConfig.as_dict() | {"SQLALCHEMY_DATABASE_URI": url})


def _territory() -> tuple[Territory, list[int], list[int]]:
    territory = Territory(name="Bench", slug="bench-counts")
    territory.communes = [Commune(name=f"Commune {i:02d}") for i in range(20)]
    db.session.add(territory)
    db.session.commit()
    contract = territory_services.create_contract(territory, "Contrat", 2024, 2030)
    quartiers = [territory_services.create_quartier(
        territory, f"QN0{i:05d}M", f"Quartier {i:02d}", "qpv", 1000,
        [territory.communes[i].id, territory.communes[(i + 7) % 20].id], []).id
        for i in range(12)]
    leaves = db.session.scalars(select(Challenge.id).where(
        Challenge.contract_id == contract.id, Challenge.parent_id.is_not(None))).all()
    return territory, quartiers, list(leaves)


def _load(m: int) -> tuple[int, int]:
    """Store ``m`` contributions and their tags; returns (territory id, contract id)."""
    territory, quartiers, leaves = _territory()
    rng, now = np.random.default_rng(3), datetime(2026, 1, 1)
    quartier = rng.choice(quartiers + [None], m)
    rows = [{"territory_id": territory.id, "text": "x", "kind": str(k), "author_role": str(r),
             "source_format": str(f), "source_type": None, "source_id": None,
             "source_label": None, "quartier_id": None if q is None else int(q),
             "said_on": date(2025, 6, 1), "attribution_consent": False, "age_band": None,
             "place_name": None, "sex": None, "status": "recue", "public_reply": None,
             "replied_at": None, "created_by_id": None, "created_at": now, "updated_at": now}
            for k, r, f, q in zip(rng.choice(KINDS, m), rng.choice(ROLES, m, p=[.85, .12, .03]),
                                  rng.choice(FORMATS, m), quartier, strict=True)]
    executemany(Contribution.__table__, rows)
    ids = db.session.scalars(select(Contribution.id).where(
        Contribution.territory_id == territory.id).order_by(Contribution.id)).all()
    tags = [{"contribution_id": cid, "challenge_id": int(ch), "origin": "manual",
             "tagged_by_id": None, "tagged_at": now}
            for cid, ch in zip(ids, rng.choice(leaves, m), strict=True)]
    second = rng.choice(leaves, m)
    tags += [{**t, "challenge_id": int(ch)} for t, ch in zip(tags[: m // 5], second, strict=False)
             if int(ch) != t["challenge_id"]]
    executemany(ContributionChallenge.__table__, tags)
    db.session.commit()
    db.session.execute(text("ANALYZE"))  # planner statistics, as autovacuum would keep them
    db.session.commit()
    return territory.id, territory.current_contract.id


def _plain_rows(territory_id: int) -> pd.DataFrame:
    """The (challenge, dimensions) rows the baseline groups: one query, quartier and commune
    names mapped from the territory's quartiers as ours does."""
    c, ct = Contribution.__table__, ContributionChallenge.__table__
    query = select(ct.c.challenge_id, c.c.source_format, c.c.quartier_id, c.c.author_role,
                   c.c.kind).join_from(ct, c, c.c.id == ct.c.contribution_id).where(
        c.c.territory_id == territory_id)
    rows = pd.read_sql(query, db.session.connection())
    names, communes = counts._places(territory_id)
    rows["quartier"] = rows["quartier_id"].map(names)
    rows["commune"] = rows["quartier_id"].map(communes)
    return rows


def _median(func, repeat: int) -> float:
    found = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        found.append(time.perf_counter() - start)
    return statistics.median(found)


def bench_database(m: int, repeat: int) -> None:
    app = _app()
    with app.app_context():
        db.drop_all()
        db.create_all()
        start = time.perf_counter()
        territory_id, contract_id = _load(m)
        loaded = time.perf_counter() - start

        def plain():
            rows = _plain_rows(territory_id)
            for dim in summary.DIMENSIONS:
                rows.groupby(["challenge_id", dim], dropna=False).size()

        ours = _median(lambda: counts.challenge_breakdowns(territory_id, contract_id, 5), repeat)
        base = _median(plain, repeat)
        print(f"in the database ({db.engine.dialect.name}), {m} contributions stored in"
              f" {loaded:.1f} s (median of {repeat}): breakdowns of every challenge counted in"
              f" SQL {ours:.3f} s, read_sql + plain groupby {base:.3f} s, ratio"
              f" {ours / base:.2f}")
        db.session.remove()
        db.drop_all()
