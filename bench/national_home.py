"""The residents' home page of a national deployment: bytes and time, every territory
listed (the former page) against search and departments (issue #16, national rehearsal).

The places of the generated national year (``national_places.py``: 450 territories,
1,514 QPV, their communes and resident names; no surveys or contributions, which the home
page does not read) are inserted into a fresh database: a temporary SQLite file, or a
temporary schema of ``--database-url`` (PostgreSQL). In process (Flask test client), each
page is requested *cold* (page cache off, the directory of places not yet built: the first
visitor after any change of public data) and *warm* (from the page cache).

    python bench/national_home.py [--database-url postgresql://…] [--repeat 5]
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from bench.national_places import places  # noqa: E402
from bench.national_plan import IdCounter, Territory, plan  # noqa: E402

TABLES = ("territory", "commune", "quartier", "quartier_commune", "quartier_name")
PAGES = [("every territory listed (before)", "/", 10**6),
         ("home: search and departments", "/", None),
         ("a department (Nord), page 1", "/?departement=59", None),
         ("a search (quartier and commune)", "/?q=residence+la+source+aubervilliers-2", None),
         ("a postcode", "/?q=59100", None)]


def place_frames(seed: int = 2026) -> dict[str, pd.DataFrame]:
    """The national year's places, one DataFrame per table (ids from 1)."""
    counts, ids, frames = plan(1.0, seed), IdCounter(), {}
    for k in range(len(counts)):
        territory = Territory(k, int(counts[k]), np.random.default_rng([seed, k]))
        places(territory, ids)
        for table, parts in territory.tables.items():
            frames.setdefault(table, []).extend(parts)
    return {t: pd.concat(frames[t], ignore_index=True).astype(object) for t in TABLES}


def insert_places(db, frames: dict[str, pd.DataFrame]) -> None:
    """Insert ``frames`` (parents first) in the session's transaction, then give the public
    data a new version (Core inserts are not seen by ``core.pageversion`` otherwise)."""
    from participation.core import pageversion

    for table in TABLES:
        db.session.execute(db.metadata.tables[table].insert(), frames[table].to_dict("records"))
    pageversion.bump()
    db.session.commit()


def timed(client, path: str) -> tuple[float, int]:
    start = time.perf_counter()
    response = client.get(path, headers={"Accept-Language": "fr"})
    assert response.status_code == 200, (path, response.status_code)
    return time.perf_counter() - start, len(response.data)


def measure(app, path: str, list_max: int | None, repeat: int) -> tuple[float, float, int]:
    """Median cold and warm seconds of ``path`` and its size in bytes."""
    from participation.territory import directory

    app.config["HOME_LIST_MAX_QUARTIERS"] = list_max or 60
    client, cold, warm = app.test_client(), [], []
    for _ in range(repeat):
        directory._built.clear()
        app.config["PAGE_CACHE"] = False
        seconds, size = timed(client, path)
        cold.append(seconds)
        app.config["PAGE_CACHE"] = True
        timed(client, path)  # stores it
        warm.append(timed(client, path)[0])
    return statistics.median(cold), statistics.median(warm), size


def run(url: str, repeat: int) -> None:
    from participation import create_app
    from participation.extensions import db

    os.environ.update(EMAIL_BACKEND="disabled", SMS_BACKEND="disabled")
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench",
                      "RATELIMIT_ENABLED": False})
    with app.app_context():
        db.create_all()
        insert_places(db, place_frames())
        print(f"{'page':<36}{'bytes':>9}{'cold ms':>9}{'warm ms':>9}")
        for name, path, list_max in PAGES:
            cold, warm, size = measure(app, path, list_max, repeat)
            print(f"{name:<36}{size:>9,}{cold * 1000:>9.0f}{warm * 1000:>9.1f}")
        db.session.remove()
        db.drop_all()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    if args.database_url:
        from demo_server import postgres_schema, sqlalchemy_url

        with postgres_schema(args.database_url) as url:
            run(sqlalchemy_url(url), args.repeat)
    else:
        with tempfile.TemporaryDirectory(prefix="pdq-national-home-") as tmp:
            run(f"sqlite:///{tmp}/home.sqlite", args.repeat)
    print("load average: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
