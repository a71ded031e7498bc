"""Time of the analysis pages, the participation section and its documents on the demo, against
the same data read with plain pandas in the same run.

Each page is requested in-process (Flask test client, a coordinator logged in through the
real login form) ``--runs`` times in three states: "nothing kept" (``core.memo``'s two stores
and the drawn charts emptied: a fresh worker), "after 1 answer" (one new resident's answer
to the demo's survey before each request, ``_answerer``: its response, answers and free-text
contribution tagged with the busiest challenge; the figures, charts, words, quotes and that
challenge's rows change each time, as they do for a coordinator reading after every answer)
and "unchanged" (served from what ``core.memo`` kept); then "after 1 answer, computed in the
background" (the same new answer, then what the pages looked at were computed by
``analysis.warming``'s run, untimed: what a coordinator gets ``ANALYSIS_WARM_DELAY`` seconds
after the last answer). Each state is timed in wall seconds
and in CPU seconds of the process (``time.process_time``): on a machine shared with other
jobs the wall time is the CPU time stretched by the load. The answers added are removed at
the end. The baseline is ``pandas.read_sql`` of the rows these pages read (the territory's
contributions with their tags, survey answers with their responses). Budgets (issue #13):
pages 0.5 s, DOCX/ODT/HTML documents 1.5 s, first load after an answer included.

With ``--fresh``, each page is also requested once by a new process, as by a gunicorn worker
just started: the app created, the worker's start-up loads done and waited for
(``analysis.pending.load_models``, what ``post_worker_init`` starts in a thread; its time is
printed apart), then the first request timed, twice: "fresh worker, nothing on disk" (no
``ANALYSIS_DISK_CACHE``: besides what "nothing kept" computes, everything a process reads once
on first use: models, word tables, per-word caches) and "restarted worker" (the folder of
``core.diskmemo`` as this process left it after requesting every page once on the demo's
data: a worker restarted, or the second worker of the machine).

    PYTHONPATH=. python bench/section_bench.py [--runs 5] [--database-url URL] [--fresh]

Without ``--database-url`` a temporary SQLite database is migrated and the demo loaded
(``bench/demo_server.prepare_database``). Prints medians in seconds; the machine's load
average is printed too, since figures on a busy machine mean little.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PAGE_BUDGET, DOCUMENT_BUDGET = 0.5, 1.5
# rate limits off as on any measuring server; no background thread: the bench runs
# ``analysis.warming``'s computations itself, untimed (a thread would add its CPU to the
# pages' own)
SETTINGS = {"RATELIMIT_ENABLED": False, "ANALYSIS_WARM_DELAY": None}
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


def _answerer(app, territory_id: int, challenge_id: int):
    """One new answer to the territory's survey, as a resident's arrives (``_add_answer``),
    each call one more (``answer.undo()`` removes them all): the territory's data version
    changes, and so do the survey's figures and charts, the format counts, the words, the
    quotes and that challenge's rows."""
    from participation.extensions import db

    made: list = []
    texts = iter(f"Il faudrait plus de bancs et un médecin, réponse {n}" for n in range(10**6))

    def undo():
        with app.app_context():
            for model, row_id in made:
                db.session.delete(db.session.get(model, row_id))
            db.session.commit()
            made.clear()

    def answer():
        with app.app_context():
            made[:0] = _add_answer(territory_id, challenge_id, next(texts))

    answer.undo = undo
    return answer


def _add_answer(territory_id: int, challenge_id: int, words: str) -> list[tuple]:
    """A copy of the territory's latest survey response with every answer, its free text
    ``words``, and the contribution the answer path records for it (a resident's "enquête"
    text tagged with ``challenge_id``); committed. Returns (model, id) of what was added,
    children first."""
    from participation.contributions.models import Contribution
    from participation.contributions.services import record_contribution
    from participation.extensions import db
    from participation.surveys.models import Answer, Response, Survey

    latest = db.session.scalar(db.select(Response).join(Survey).where(
        Survey.territory_id == territory_id).order_by(Response.id.desc()))
    copy = Response(survey_id=latest.survey_id, token=uuid.uuid4().hex,
                    channel=latest.channel, quartier_id=latest.quartier_id)
    db.session.add(copy)
    db.session.flush()
    for old in db.session.scalars(db.select(Answer).where(Answer.response_id == latest.id)):
        db.session.add(Answer(
            response_id=copy.id, question_id=old.question_id, option_id=old.option_id,
            rank=old.rank, is_other=old.is_other, number=old.number,
            date_value=old.date_value, text=words if old.text else None))
    contribution = record_contribution(
        territory_id, words, source_format="enquete", source_type="survey_answer",
        source_id=copy.id, quartier_id=latest.quartier_id, challenge_ids=[challenge_id],
        origin="question", commit=False)
    db.session.commit()
    return [(Contribution, contribution.id), (Response, copy.id)]


def _timed(func, runs: int, prepare=None) -> tuple[float, float]:
    """Medians of (wall s, CPU s of this process) of ``func`` over ``runs``, each after
    ``prepare`` (not timed)."""
    walls, cpus = [], []
    for _ in range(runs):
        if prepare:
            prepare()
        wall, cpu = time.perf_counter(), time.process_time()
        func()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def measure(app, runs: int) -> tuple[list[tuple], float]:
    """(path, status, nothing kept, after a new answer, unchanged, budget) per page, each
    state a (wall s, CPU s) pair of medians over ``runs``; and the pandas baseline (s)."""
    from participation.analysis.charts import _drawn
    from participation.core.memo import forget
    from participation.territory.models import Territory

    client = _client(app)
    with app.app_context():
        from participation.analysis import frames
        from participation.extensions import db

        territory_id = db.session.scalar(db.select(Territory.id).order_by(Territory.id))
        pages = _pages(territory_id)
        busiest = int(frames.tags_frame(territory_id)["challenge_id"].value_counts().index[0])
        baseline = _pandas(territory_id, runs)
    answer = _answerer(app, territory_id, busiest)

    def answered_then_computed():
        answer()
        warmer = app.extensions.get("pdq_warmer")  # none before a page that notes itself
        if warmer is not None:
            with app.app_context():
                warmer.tick()  # what the background thread does

    def empty():
        with app.app_context():
            forget()
        _drawn.cache_clear()

    rows = []
    for path in pages:
        status = client.get(path).status_code  # code paths and dictionaries loaded
        get = lambda p=path: client.get(p)  # noqa: E731
        cold = _timed(get, runs, empty)
        changed = _timed(get, runs, answer)
        warm = _timed(get, runs)
        background = _timed(get, runs, answered_then_computed)
        budget = DOCUMENT_BUDGET if re.search(r"\.(docx|odt|html)$", path) else PAGE_BUDGET
        rows.append((path, status, cold, changed, warm, budget, background))
    answer.undo()  # the database as it was
    for path in pages:  # what a worker computed on the demo's data before a restart
        client.get(path)
    return rows, baseline


def report(rows: list[tuple], baseline: float) -> None:
    print(f"plain pandas read of the same rows: {baseline:.3f} s (median)")
    print("seconds, medians; wall / CPU of this process (the machine's load shows as the gap)")
    print(f"{'page':<24} {'status':>6} {'nothing kept':>13} {'after 1 answer':>15} "
          f"{'unchanged':>13} {'budget':>6} {'answer/pandas':>13}")
    for path, status, cold, changed, warm, budget, _background in rows:
        flag = "" if changed[0] <= budget else "  OVER BUDGET after an answer"
        print(f"{path:<24} {status:>6} {cold[0]:>6.3f}/{cold[1]:<6.3f} "
              f"{changed[0]:>7.3f}/{changed[1]:<7.3f} {warm[0]:>6.3f}/{warm[1]:<6.3f} "
              f"{budget:>6.1f} {changed[0] / baseline:>13.1f}{flag}")
    print("after 1 answer, computed in the background first (analysis.warming, untimed), "
          "wall / CPU s:")
    for path, _status, _cold, _changed, _warm, budget, background in rows:
        flag = "" if background[0] <= budget else "  OVER BUDGET"
        print(f"{path:<24} {background[0]:>7.3f}/{background[1]:<7.3f}{flag}")
    print("load average:", " ".join(f"{x:.2f}" for x in os.getloadavg()))


def fresh_worker(path: str) -> dict:
    """In this new process: the app, the coordinator's client, the worker's start-up loads
    (timed apart), then ``path`` requested once: {"path", "status", "start": [wall s, CPU s],
    "first": [wall s, CPU s]}."""
    from participation import create_app
    from participation.analysis.pending import load_models

    app = create_app(SETTINGS)
    client = _client(app)
    start = _timed(load_models, 1)
    status = []
    first = _timed(lambda: status.append(client.get(path).status_code), 1)
    return {"path": path, "status": status[0], "start": start, "first": first}


def fresh_rows(paths: list[str], folder: str) -> list[dict]:
    """``fresh_worker`` of each path, each in a new process on this one's database, with the
    disk store ``folder`` ("" : none)."""
    rows = []
    for path in paths:
        done = subprocess.run([sys.executable, __file__, "--fresh-one", path],
                              capture_output=True, text=True, check=True,
                              env=os.environ | {"ANALYSIS_DISK_CACHE": folder})
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return rows


def report_fresh(rows: list[dict], title: str) -> None:
    print(f"{title}: start-up loads, then the first request (wall / CPU s)")
    for row in rows:
        (start_wall, start_cpu), (wall, cpu) = row["start"], row["first"]
        print(f"{row['path']:<24} {row['status']:>6} start {start_wall:>6.2f}/{start_cpu:<6.2f}"
              f" first {wall:>6.3f}/{cpu:<6.3f}")


def use_demo_database(tmp: Path, url: str | None) -> None:
    """Point this process's app at ``url`` (a database with the demo loaded), else at a new
    SQLite database in ``tmp`` migrated with the demo loaded (``demo_server.prepare_database``);
    messages and rate limits off, as on a measuring server."""
    if url:
        os.environ["DATABASE_URL"] = url
    else:
        from bench.demo_server import prepare_database

        env, _quartier, _slug = prepare_database(tmp)
        os.environ.update({k: env[k] for k in ("DATABASE_URL", "INSTANCE_PATH")})
    os.environ.update({"SECRET_KEY": "bench", "EMAIL_BACKEND": "disabled",
                       "SMS_BACKEND": "disabled", "RATELIMIT_ENABLED": "0"})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database-url", help="a database with the demo loaded")
    parser.add_argument("--fresh", action="store_true", help="also a fresh worker per page")
    parser.add_argument("--fresh-one", help=argparse.SUPPRESS)  # one page, in this process
    args = parser.parse_args(argv)
    if args.fresh_one:
        print(json.dumps(fresh_worker(args.fresh_one)))
        return 0
    with tempfile.TemporaryDirectory(prefix="pdq-section-bench-") as tmp:
        use_demo_database(Path(tmp), args.database_url)
        from participation import create_app

        folder = os.environ["ANALYSIS_DISK_CACHE"] = str(Path(tmp) / "analysis-cache")
        app = create_app(SETTINGS | {"ANALYSIS_DISK_CACHE": folder})
        rows, baseline = measure(app, args.runs)
        report(rows, baseline)
        if args.fresh:
            paths = [row[0] for row in rows]
            report_fresh(fresh_rows(paths, ""), "fresh worker, nothing on disk")
            report_fresh(fresh_rows(paths, folder), "restarted worker (core.diskmemo's folder)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
