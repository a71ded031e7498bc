"""Time of the analysis pages, the participation section and its documents on the demo, against
the same data read with plain pandas in the same run.

Each page is requested in-process (Flask test client, a coordinator logged in through the
real login form) ``--runs`` times in three states: "nothing kept" (``core.memo`` and the drawn
charts emptied: a fresh worker), "after a change" (the territory's data version changed, as
with any new contribution or tag: every analysis computed again, charts with unchanged figures
kept) and "unchanged" (served from what ``core.memo`` kept). The baseline is
``pandas.read_sql`` of the rows these pages read (the territory's contributions with their
tags, survey answers with their responses). Budgets (issue #13): pages 0.5 s, DOCX/ODT/HTML
documents 1.5 s.

    PYTHONPATH=. python bench/section_bench.py [--runs 5] [--database-url URL]

Without ``--database-url`` a temporary SQLite database is migrated and the demo loaded
(``bench/http_pages.prepare_database``). Prints medians in seconds; the machine's load
average is printed too, since figures on a busy machine mean little.
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PAGE_BUDGET, DOCUMENT_BUDGET = 0.5, 1.5
PANDAS_SQL = {
    "contributions": "SELECT c.*, cc.challenge_id, cc.origin FROM contribution c LEFT JOIN "
                     "contribution_challenge cc ON cc.contribution_id = c.id "
                     "WHERE c.territory_id = :t",
    "answers": "SELECT a.*, r.channel, r.submitted_at, r.quartier_id FROM survey_answer a "
               "JOIN survey_response r ON r.id = a.response_id JOIN survey s ON "
               "s.id = r.survey_id WHERE s.territory_id = :t",
}


def _client(app):
    """A test client logged in as the demo coordinator through the login form."""
    from participation.demo.data import USERS

    client = app.test_client()
    page = client.get("/accounts/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    email, password = next((u[0], u[3]) for u in USERS if u[2] == "coordinator")
    data = {"email": email, "password": password}
    if token:
        data["csrf_token"] = token.group(1)
    assert client.post("/accounts/login", data=data).status_code == 302, "login refused"
    return client


def _median(func, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _pages(territory_id: int) -> list[str]:
    """The pages to time: analyses index and words, the two challenges with the most
    contributions, the section page and its three downloads."""
    from participation.analysis import frames

    tags = frames.tags_frame(territory_id)
    busiest = tags["challenge_id"].value_counts().head(2).index.tolist()
    return ["/analysis/", "/analysis/words",
            *[f"/analysis/challenge/{c}" for c in busiest], "/exports/section",
            "/exports/section.docx", "/exports/section.odt", "/exports/section.html"]


def _pandas(territory_id: int, runs: int) -> float:
    from participation.extensions import db

    def read():
        for sql in PANDAS_SQL.values():
            pd.read_sql_query(db.text(sql), db.engine, params={"t": territory_id})

    read()
    return _median(read, runs)


def _changer(app, territory_id: int):
    """A write to the territory's data, as any new contribution or tag makes: its data
    version changes, so every kept analysis is computed again (charts whose figures did not
    change stay drawn)."""
    from participation.core import data_version
    from participation.extensions import db

    def change():
        with app.app_context():
            data_version.bump(db.session, {territory_id})
            db.session.commit()

    return change


def measure(app, runs: int) -> list[tuple]:
    """(path, status, nothing kept s, after a change s, unchanged s, budget) per page
    (medians of ``runs``)."""
    from participation.analysis.charts import _drawn
    from participation.core.memo import store
    from participation.territory.models import Territory

    client = _client(app)
    with app.app_context():
        from participation.extensions import db

        territory_id = db.session.scalar(db.select(Territory.id).order_by(Territory.id))
        pages = _pages(territory_id)
        baseline = _pandas(territory_id, runs)
        cache = store()
    change = _changer(app, territory_id)
    rows = []
    for path in pages:
        status = client.get(path).status_code  # code paths and dictionaries loaded
        empty = _median(lambda p=path: (cache.clear(), _drawn.cache_clear(), client.get(p)),
                        runs)
        changed = _median_after(change, lambda p=path: client.get(p), runs)
        warm = _median(lambda p=path: client.get(p), runs)
        budget = DOCUMENT_BUDGET if re.search(r"\.(docx|odt|html)$", path) else PAGE_BUDGET
        rows.append((path, status, empty, changed, warm, budget))
    return rows, baseline


def _median_after(prepare, func, runs: int) -> float:
    """Median time of ``func`` run after ``prepare`` (``prepare`` not timed)."""
    times = []
    for _ in range(runs):
        prepare()
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def report(rows: list[tuple], baseline: float) -> None:
    print(f"plain pandas read of the same rows: {baseline:.3f} s (median)")
    print(f"{'page':<28} {'status':>6} {'nothing kept s':>15} {'after change s':>15} "
          f"{'unchanged s':>12} {'budget s':>9} {'change/pandas':>14} "
          f"{'unchanged/pandas':>17}")
    for path, status, empty, changed, warm, budget in rows:
        flag = "" if warm <= budget else "  OVER BUDGET"
        print(f"{path:<28} {status:>6} {empty:>15.3f} {changed:>15.3f} {warm:>12.3f} "
              f"{budget:>9.1f} {changed / baseline:>14.1f} {warm / baseline:>17.1f}{flag}")
    print("load average:", " ".join(f"{x:.2f}" for x in os.getloadavg()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database-url", help="a database with the demo loaded")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="pdq-section-bench-") as tmp:
        if args.database_url:
            os.environ["DATABASE_URL"] = args.database_url
        else:
            from bench.http_pages import prepare_database

            env, _quartier = prepare_database(Path(tmp))
            os.environ.update({k: env[k] for k in ("DATABASE_URL", "INSTANCE_PATH")})
        os.environ.update({"SECRET_KEY": "bench", "EMAIL_BACKEND": "disabled",
                           "SMS_BACKEND": "disabled", "RATELIMIT_ENABLED": "0"})
        from participation import create_app

        app = create_app({"RATELIMIT_ENABLED": False})
        rows, baseline = measure(app, args.runs)
        report(rows, baseline)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
