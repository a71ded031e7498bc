"""Benchmark of questionnaires, with baselines measured in the same run.

1. Answer submissions per second on /s/<slug> (form read, conditions, one-time token, one
   response with its answers stored) against a bare Flask route returning "ok", both through
   Flask's test client in the same process, same database.
2. Importing N KoboToolbox rows of the Hazebrouck survey (seconds, rows/s) against
   ``pandas.read_csv`` of the same file.

    PYTHONPATH=. python bench/surveys_bench.py [--submissions 300] [--rows 10000]
"""
from __future__ import annotations

import argparse
import io
import random
import tempfile
import time
import uuid
from pathlib import Path

import pandas as pd
from sqlalchemy import func, select

from participation import create_app
from participation.config import TestConfig
from participation.extensions import db
from participation.surveys.answers_import import import_answers_csv
from participation.surveys.imports import import_xlsform
from participation.surveys.models import Response
from participation.territory.models import Territory

FORM = Path(__file__).resolve().parent.parent / "participation/surveys/demo_data/questionnaire.xlsx"


def _app(tmp: Path):
    app = create_app(TestConfig.as_dict() | {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'bench.sqlite'}",
        "RATELIMIT_ENABLED": False})
    app.add_url_rule("/bench-bare", "bench_bare", lambda: "ok", methods=["POST"])
    return app


def _survey(slug: str):
    territory = Territory(name="Bench", slug=slug)
    db.session.add(territory)
    db.session.commit()
    survey = import_xlsform(territory.id, FORM.read_bytes())
    survey.status = "open"
    db.session.commit()
    return survey


def _form(survey, rng: random.Random) -> dict:
    q = {x.name: x for x in survey.questions}
    pick = lambda name: str(rng.choice(q[name].options).id)  # noqa: E731
    informed = rng.random() < 0.57
    data = {"token": uuid.uuid4().hex, "shown": ",".join(str(x.id) for x in survey.questions),
            f"q{q['cc_connu'].id}": pick("cc_connu"), f"q{q['cc_participer'].id}":
            str(q["cc_participer"].options[1].id), f"q{q['manques'].id}": "un médecin",
            f"q{q['insecurite'].id}": pick("insecurite"),
            f"q{q['info_quartier'].id}": str(q["info_quartier"].options[0 if informed else 1].id),
            f"q{q['securite_note'].id}": str(rng.randint(1, 10))}
    if informed:
        data[f"q{q['info_canal'].id}"] = pick("info_canal")
    return data


def bench_submissions(app, survey, n: int) -> None:
    client, rng = app.test_client(), random.Random(1)
    forms = [_form(survey, rng) for _ in range(n)]
    start = time.perf_counter()
    for data in forms:
        assert client.post(f"/s/{survey.slug}", data=data).status_code == 302
    ours = time.perf_counter() - start
    start = time.perf_counter()
    for data in forms:
        client.post("/bench-bare", data=data)
    bare = time.perf_counter() - start
    stored = db.session.scalar(select(func.count(Response.id)))
    print(f"submissions: {n} in {ours:.2f} s = {n / ours:.0f}/s; bare route {n / bare:.0f}/s;"
          f" ratio {ours / bare:.1f}x; responses stored {stored}")


def kobo_csv(survey, rows: int) -> bytes:
    rng = random.Random(2)
    q = {x.name: x for x in survey.questions}
    header = ["start", "cc_connu", "cc_participer", "manques", "insecurite", "info_quartier",
              "info_canal", "venir_27_juin", "securite_note", "_uuid", "_submission_time"]
    lines = [";".join(header)]
    for i in range(rows):
        informed = rng.random() < 0.57
        lines.append(";".join([
            "2023-06-05T08:30:00", rng.choice(["oui", "non"]), "non", "des bancs",
            " ".join(rng.sample([o.name for o in q["insecurite"].options], 2)),
            "oui" if informed else "non",
            rng.choice([o.name for o in q["info_canal"].options]) if informed else "",
            rng.choice(["oui", "non", ""]), str(rng.randint(1, 10)), str(uuid.UUID(int=i)),
            "2023-06-05T08:36:00"]))
    return ("\n".join(lines) + "\n").encode()


def bench_kobo(survey, rows: int) -> None:
    content = kobo_csv(survey, rows)
    start = time.perf_counter()
    pd.read_csv(io.BytesIO(content), sep=";")
    baseline = time.perf_counter() - start
    start = time.perf_counter()
    report = import_answers_csv(survey, content)
    ours = time.perf_counter() - start
    print(f"kobo import: {report['added']} rows in {ours:.2f} s = {rows / ours:.0f} rows/s;"
          f" pandas.read_csv {baseline * 1000:.1f} ms; ratio {ours / baseline:.0f}x")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--submissions", type=int, default=300)
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    app = _app(Path(tempfile.mkdtemp(prefix="pdq-bench-")))
    with app.app_context():
        db.create_all()
        bench_submissions(app, _survey("bench-web"), args.submissions)
        bench_kobo(_survey("bench-kobo"), args.rows)


if __name__ == "__main__":
    main()
