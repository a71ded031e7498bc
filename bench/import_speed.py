"""Time of an import of 60 submissions and of ``flask analysis tag-texts`` on the demo, against
the same rows read with plain pandas (and, for the import, a plain bulk insert), in the same
run (issue #13 item 6).

On the demo territory (its challenges and reviewed texts: a real suggestion model), with the
models a web worker loads at its start already loaded (``tagging.load_resources``, timed
apart: a worker loads them in a thread as it starts, the command once per run):

- **import**: a KoboToolbox export of ``--rows`` submissions of the demo questionnaire (a new
  survey of the territory each time), each with a different free text taken from the demo's
  contributions (untagged question: every text gets a suggestion), imported by
  ``import_answers_csv``: outside a request (the CLI: suggested at once) first with the
  suggestion model not built yet (a worker's first import, or the first after a review
  decision: ``autotag._MODELS`` and the per-text results emptied), then again with it kept;
  in a request as the import page runs it (texts queued, ``bulk._suggest``), then the queue
  drained off the request (``pending.drain``, what the worker's thread does); against
  ``pandas.read_csv`` of the same file and a plain Core bulk insert of the same response and
  answer rows (``surveys_bench.baseline``);
- **tag-texts**: ``analysis.cli.tag_texts`` of the same texts (suggestions with their reasons,
  then the groups), first and kept as above; against ``pandas.read_csv`` of the CSV.

With ``--fresh``, the first import in a new process, as in a gunicorn worker just started,
each in its own process: "models loaded by the import" (no start-up load: what a worker
with ``SUGGESTIONS_DELAY=-1`` did before 2026-11-30) and "import during the start-up load"
(``pending.preload`` started, the import right after: what a worker's first minute sees),
both outside a request, and "import page (texts queued)" (in a request, no start-up load);
the CPU is the whole process's (both threads), the wall time the import's. ``--code PATH``
runs those processes on another checkout (the code before a change, same run, same data).

Each figure is wall seconds and CPU seconds of the process (``time.process_time``), medians of
``--repeat`` runs; the ratios are CPU against the baseline's CPU. ``--profile`` prints the
twenty functions of most cumulated CPU of one first import and one first tag-texts.

    PYTHONPATH=. python bench/import_speed.py [--rows 60] [--repeat 3] [--database-url URL]
        [--profile]

Without ``--database-url`` a temporary SQLite database is migrated and the demo loaded
(``bench/demo_server.prepare_database``, about a minute); with one, each run's surveys are
deleted at the end.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, os.environ.get("BENCH_CODE", str(ROOT)))  # ``--code``: the app's checkout
# rate limits off, no background thread (``section_bench.SETTINGS``)
SETTINGS_FRESH = {"RATELIMIT_ENABLED": False, "ANALYSIS_WARM_DELAY": None}


def _timed(func, prepare=None) -> tuple[float, float]:
    """(wall s, CPU s) of ``func()``, after ``prepare()`` (not timed)."""
    if prepare:
        prepare()
    wall, cpu = time.perf_counter(), time.process_time()
    func()
    return time.perf_counter() - wall, time.process_time() - cpu


def _texts(territory_id: int, rows: int) -> list[str]:
    """``rows`` distinct texts of the territory's contributions, longest first (no ";")."""
    from participation.analysis import frames

    said = frames.contributions_frame(territory_id)["text"].dropna().astype(str)
    said = said.str.replace(";", ",").str.replace("\n", " ").str.strip()
    unique = said[said.str.len() > 15].drop_duplicates()
    return unique.loc[unique.str.len().sort_values(ascending=False).index].head(rows).tolist()


def _export(survey, texts: list[str]) -> bytes:
    """``surveys_bench.kobo_csv`` of ``len(texts)`` rows, the free text ``manques`` of each
    row one of ``texts``, each submission a new ``_uuid`` (else recognised as imported)."""
    from surveys_bench import kobo_csv

    lines = kobo_csv(survey, len(texts)).decode().splitlines()
    header = lines[0].split(";")
    said, key = header.index("manques"), header.index("_uuid")
    out = [lines[0]]
    for line, text in zip(lines[1:], texts, strict=True):
        cells = line.split(";")
        cells[said], cells[key] = text, str(uuid.uuid4())
        out.append(";".join(cells))
    return ("\n".join(out) + "\n").encode()


def _new_survey(territory_id: int, made: list):
    from surveys_bench import FORM

    from participation.extensions import db
    from participation.surveys.imports import import_xlsform

    survey = import_xlsform(territory_id, FORM.read_bytes())
    survey.status = "open"
    db.session.commit()
    made.append(survey.id)
    return survey


def _cold() -> None:
    """The suggestion model and the per-text results forgotten (as after a review decision
    in another process, or a worker's first import); the loaded models stay."""
    from participation.analysis import autotag, textcache

    autotag._MODELS.clear()
    textcache.clear()


def _page_import(survey, content: bytes, rows: int) -> None:
    """The import as its page runs it: in a request (the texts queued, ``bulk._suggest``),
    committed by the view."""
    from flask import current_app

    from participation.extensions import db
    from participation.surveys.answers_import import import_answers_csv

    with current_app.test_request_context("/"):
        _check(import_answers_csv(survey, content, commit=False), rows)
        db.session.commit()


def _drained() -> None:
    from participation.analysis import pending

    pending.drain()


def measure_import(territory_id: int, texts: list[str], repeat: int, made: list) -> dict:
    """{"first", "kept", "page", "drain", "baseline"}: (wall, CPU) medians of the import of
    ``texts`` outside a request (the CLI: suggested at once) with the model not built yet
    and kept, by the import page (in a request: queued, model not built yet), then the
    queue drained off the request."""
    from surveys_bench import baseline

    from participation.surveys.answers_import import import_answers_csv

    first, kept, page, drain, base = [], [], [], [], []
    for _ in range(repeat):
        for times, prepare in ((first, _cold), (kept, None)):
            survey = _new_survey(territory_id, made)
            content = _export(survey, texts)
            times.append(_timed(lambda s=survey, c=content: _check(
                import_answers_csv(s, c), len(texts)), prepare))
        survey = _new_survey(territory_id, made)
        content = _export(survey, texts)
        page.append(_timed(lambda s=survey, c=content: _page_import(s, c, len(texts)), _cold))
        drain.append(_timed(_drained))
        survey = _new_survey(territory_id, made)
        content = _export(survey, texts)
        cpu = time.process_time()
        wall = baseline(survey, content)
        base.append((wall, time.process_time() - cpu))
    return {name: _medians(v) for name, v in (("first", first), ("kept", kept), ("page", page),
                                              ("drain", drain), ("baseline", base))}


def _check(report: dict, rows: int) -> None:
    assert report["added"] == rows, report


def measure_tag_texts(territory_id: int, texts: list[str], repeat: int) -> dict:
    """{"first", "kept", "baseline"}: (wall, CPU) medians of ``tag_texts`` of ``texts``
    read from a CSV, as the command does; the baseline reads that CSV with pandas."""
    content = _csv(texts)
    run = _tag_texts_run(territory_id, content)
    first = [_timed(run, _cold) for _ in range(repeat)]
    kept = [_timed(run) for _ in range(repeat)]
    base = [_timed(lambda: pd.read_csv(io.StringIO(content), dtype=str))
            for _ in range(repeat)]
    return {"first": _medians(first), "kept": _medians(kept), "baseline": _medians(base)}


def _csv(texts: list[str]) -> str:
    """A CSV with a ``text`` column holding ``texts``, as the command reads it."""
    out = io.StringIO()
    pd.DataFrame({"text": texts}).to_csv(out, index=False)
    return out.getvalue()


def _tag_texts_run(territory_id: int, content: str):
    """What ``flask analysis tag-texts`` does for ``content`` (its CSV), in this process."""
    from participation.analysis import frames, kept
    from participation.analysis.cli import tag_texts
    from participation.extensions import db
    from participation.territory.models import Territory

    def run() -> None:
        territory = db.session.get(Territory, territory_id)
        every = frames.challenges_frame(territory.current_contract)
        common = kept.common_terms(frames.contributions_frame(territory_id),
                                   frames.validated_tags(territory_id), every)
        challenges = every[every["current"]].reset_index(drop=True)
        texts = pd.read_csv(io.StringIO(content), dtype=str)["text"].str.strip()
        tag_texts(texts, challenges, frames.manual_tags(territory_id), common)
    return run


def _medians(times: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(t[0] for t in times), statistics.median(t[1] for t in times)


def _profile(func, prepare) -> None:
    prepare()
    profile = cProfile.Profile(time.process_time)
    profile.runcall(func)
    pstats.Stats(profile).sort_stats("cumulative").print_stats(20)


def report(name: str, found: dict) -> None:
    base = found["baseline"]
    print(f"{name}: baseline {base[0]:.3f}/{base[1]:.3f} s (wall/CPU)")
    for state in [s for s in ("first", "kept", "page", "drain") if s in found]:
        wall, cpu = found[state]
        print(f"  {state:<6} {wall:>7.2f}/{cpu:<7.2f} s   CPU ratio to baseline "
              f"{cpu / max(base[1], 1e-6):>8.1f}")


def fresh_import(mode: str, rows: int) -> dict:
    """In this new process: the app, then (mode "preload") the worker's start-up load started,
    then the first import of ``rows`` submissions timed; then the start-up load waited
    for. {"import": [wall s, CPU s of the process during the import], "total": CPU s of the
    process from the app created to the models loaded}."""
    from participation import create_app
    from participation.analysis import pending
    from participation.extensions import db
    from participation.surveys.answers_import import import_answers_csv
    from participation.territory.models import Territory

    app = create_app(SETTINGS_FRESH)
    made: list[int] = []
    with app.app_context():
        territory_id = db.session.scalar(db.select(Territory.id).order_by(Territory.id))
        texts = _texts(territory_id, rows)
        survey = _new_survey(territory_id, made)
        content = _export(survey, texts)
        start = time.process_time()
        thread = pending.preload() if mode == "preload" else None
        timed = _timed(lambda: _page_import(survey, content, len(texts))) if mode == "page" \
            else _timed(lambda: _check(import_answers_csv(survey, content), len(texts)))
        if thread is not None:
            thread.join()
        total = time.process_time() - start
        _delete(made)
    return {"import": timed, "total": total}


def report_fresh(rows: int, code: str) -> None:
    """``fresh_import`` of each mode in a new process running ``code``."""
    env = os.environ | {"BENCH_CODE": code}
    print(f"first import of {rows} submissions in a new process ({code}): import wall/CPU s, "
          "process CPU s until the models are loaded")
    for mode in ("request", "preload", "page"):
        done = subprocess.run([sys.executable, __file__, "--fresh-one", mode, "--rows",
                               str(rows)], capture_output=True, text=True, check=True, env=env)
        found = json.loads(done.stdout.strip().splitlines()[-1])
        (wall, cpu), total = found["import"], found["total"]
        name = {"request": "models loaded by the import",
                "preload": "import during the start-up load",
                "page": "import page (texts queued)"}[mode]
        print(f"  {name:<34} {wall:>7.2f}/{cpu:<6.2f}  process {total:.2f}")


def _delete(made: list[int]) -> None:
    from participation.extensions import db
    from participation.surveys.deletion import delete_survey
    from participation.surveys.models import Survey

    for survey_id in made:
        delete_survey(db.session.get(Survey, survey_id))
    db.session.commit()


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--database-url", help="a database with the demo loaded")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--fresh", action="store_true", help="first import in new processes")
    parser.add_argument("--code", help="checkout the --fresh processes run (default: this)")
    parser.add_argument("--fresh-one", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    if args.fresh_one:
        print(json.dumps(fresh_import(args.fresh_one, args.rows)))
        return 0
    with tempfile.TemporaryDirectory(prefix="pdq-import-speed-") as tmp:
        from section_bench import SETTINGS, use_demo_database

        use_demo_database(Path(tmp), args.database_url)
        from participation import create_app
        from participation.analysis import tagging
        from participation.extensions import db
        from participation.territory.models import Territory

        app = create_app(SETTINGS)
        with app.app_context():
            loads = _timed(tagging.load_resources)
            print(f"models loaded once per process (a worker's start): "
                  f"{loads[0]:.2f}/{loads[1]:.2f} s (wall/CPU)")
            territory_id = db.session.scalar(db.select(Territory.id).order_by(Territory.id))
            texts = _texts(territory_id, args.rows)
            made: list[int] = []
            try:
                report(f"import of {len(texts)} submissions", measure_import(
                    territory_id, texts, args.repeat, made))
                report(f"tag-texts of {len(texts)} texts", measure_tag_texts(
                    territory_id, texts, args.repeat))
                if args.fresh:
                    report_fresh(args.rows, args.code or str(ROOT))
                if args.profile:
                    from participation.surveys.answers_import import import_answers_csv

                    survey = _new_survey(territory_id, made)
                    content = _export(survey, texts)
                    _profile(lambda: import_answers_csv(survey, content), _cold)
                    _profile(_tag_texts_run(territory_id, _csv(texts)), _cold)
            finally:
                _delete(made)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
