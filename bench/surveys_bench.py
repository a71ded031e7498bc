"""Benchmark of questionnaires, with baselines measured in the same run.

1. Answer submissions per second on /s/<slug> (form read, conditions, one-time token, one
   response with its answers stored) against a bare Flask route returning "ok", both through
   Flask's test client in the same process, same database.
2. Importing N KoboToolbox rows of the Hazebrouck survey (seconds, rows/s) against a
   baseline measured in the same run, same database: ``pandas.read_csv`` of the same file plus
   a plain bulk insert (SQLAlchemy Core ``insert`` executemany, ids given, no read-back) of the
   same response and answer rows (issue #16: the import must stay within 3x).
3. With ``--web-rows N``: the same export of N rows posted to ``/surveys/<id>/import-answers``
   by a logged-in coordinator through Flask's test client, preview (« Vérifier seulement »)
   then the import, each in one request (issue #12: under gunicorn's worker timeout).
4. With ``--questionnaire-rows N``: the questionnaire (XLSForm) and an export of N rows
   uploaded together on /surveys/ (the preview: everything built and rolled back, the files
   kept), then « Importer » (built again and stored), each in one request (issue #13).

The database is a temporary SQLite file, or ``DATABASE_URL`` (PostgreSQL: its tables are
dropped and created again, use a database of your own).

    PYTHONPATH=. python bench/surveys_bench.py [--submissions 300] [--rows 10000]
        [--web-rows 30000] [--questionnaire-rows 10000] [--repeat 3]
"""
from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import tempfile
import time
import uuid
from pathlib import Path

import pandas as pd
from sqlalchemy import func, insert, select

from participation import create_app
from participation.accounts.models import User
from participation.config import TestConfig, _database_url
from participation.extensions import db
from participation.surveys.answers_import import import_answers_csv
from participation.surveys.imports import import_xlsform
from participation.surveys.models import Answer, Response, Survey
from participation.territory.models import Territory

GUNICORN_TIMEOUT = int(os.environ.get("GUNICORN_TIMEOUT", "60"))  # as gunicorn.conf.py
FORM = Path(__file__).resolve().parent.parent / "participation/surveys/demo_data/questionnaire.xlsx"


def _app(tmp: Path):
    url = _database_url() if os.environ.get("DATABASE_URL") else \
        f"sqlite:///{tmp / 'bench.sqlite'}"
    app = create_app(TestConfig.as_dict() | {"SQLALCHEMY_DATABASE_URI": url,
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
    rng = random.Random(1)
    forms = [_form(survey, rng) for _ in range(n)]
    # one browser per resident: a browser that already answered is sent back to the form
    # (303 with a draft, surveys.form_pages.sent_form), not stored again
    clients = [app.test_client() for _ in forms]
    start = time.perf_counter()
    for client, data in zip(clients, forms, strict=True):
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


def _baseline_rows(survey, content: bytes, first_id: int) -> tuple[list, list]:
    """The response and answer rows the import stores for ``content``, with ids from
    ``first_id`` (computed before the baseline's clock starts)."""
    from participation.surveys.answers_import import read_answers
    from participation.surveys.answers_report import new_report
    from participation.surveys.kobo_import import parse_kobo_rows
    from participation.surveys.responses import answer_dicts, new_token

    rows = parse_kobo_rows(survey, read_answers(survey, content)[0], new_report())
    questions = {q.id: q for q in survey.questions}
    responses, answers = [], []
    for offset, row in enumerate(rows):
        responses.append({"id": first_id + offset, "survey_id": survey.id,
                          "token": new_token(), "channel": "import",
                          "submitted_at": row["submitted_at"],
                          "external_id": row["external_id"]})
        answers.extend(a | {"response_id": first_id + offset}
                       for qid, value in row["values"].items()
                       for a in answer_dicts(questions[qid], value))
    return responses, answers


def baseline(survey, content: bytes) -> float:
    """Seconds of ``pandas.read_csv`` + a plain Core bulk insert of the same rows, committed."""
    first = (db.session.scalar(select(func.max(Response.id))) or 0) + 1_000_000
    responses, answers = _baseline_rows(survey, content, first)
    db.session.commit()
    start = time.perf_counter()
    pd.read_csv(io.BytesIO(content), sep=";")
    db.session.execute(insert(Response.__table__), responses)
    db.session.execute(insert(Answer.__table__), answers)
    db.session.commit()
    return time.perf_counter() - start


def bench_kobo(rows: int, repeat: int) -> None:
    """Median over ``repeat`` runs, each on two fresh surveys (ours, the baseline's)."""
    ours, base = [], []
    for run in range(repeat):
        survey = _survey(f"bench-kobo-{run}")
        content = kobo_csv(survey, rows)
        base.append(baseline(_survey(f"bench-base-{run}"), content))
        start = time.perf_counter()
        report = import_answers_csv(survey, content)
        ours.append(time.perf_counter() - start)
        assert report["added"] == rows
    ours_s, base_s = statistics.median(ours), statistics.median(base)
    print(f"kobo import ({db.engine.dialect.name}): {rows} rows in {ours_s:.2f} s ="
          f" {rows / ours_s:.0f} rows/s; baseline read_csv + bulk insert {base_s:.2f} s;"
          f" ratio {ours_s / base_s:.2f}x (median of {repeat}:"
          f" ours {', '.join(f'{x:.2f}' for x in ours)}; baseline"
          f" {', '.join(f'{x:.2f}' for x in base)})")


def _coordinator_client(app, survey):
    user = User(territory_id=survey.territory_id, email=f"bench-{survey.id}@example.org",
                name="Bench", role="coordinator")
    user.set_password("bench-password-1234")
    db.session.add(user)
    db.session.commit()
    client = app.test_client()
    client.post("/accounts/login", data={"email": user.email,
                                         "password": "bench-password-1234"})
    return client


def bench_web(app, rows: int) -> None:
    """Preview then import of ``rows`` rows, each one POST as the upload form sends it."""
    survey = _survey("bench-web-import")
    content = kobo_csv(survey, rows)
    client = _coordinator_client(app, survey)
    times = {}
    for label, extra in (("preview", {"dry_run": "1"}), ("import", {})):
        start = time.perf_counter()
        answer = client.post(f"/surveys/{survey.id}/import-answers",
                             data={"file": (io.BytesIO(content), "export.csv")} | extra,
                             content_type="multipart/form-data")
        times[label] = time.perf_counter() - start
        assert answer.status_code in (200, 302), answer.status_code
    stored = db.session.scalar(select(func.count(Response.id)).where(
        Response.survey_id == survey.id))
    print(f"web import ({db.engine.dialect.name}): {rows} rows, preview {times['preview']:.2f} s,"
          f" import {times['import']:.2f} s in one request (gunicorn timeout"
          f" {GUNICORN_TIMEOUT} s); responses stored {stored}")


def bench_questionnaire(app, rows: int) -> None:
    """Upload (preview) then « Importer » of the questionnaire with ``rows`` rows, each one
    request as the pages send them."""
    survey = _survey("bench-questionnaire")  # its territory receives the import
    content = kobo_csv(import_xlsform(survey.territory_id, FORM.read_bytes()), rows)
    client = _coordinator_client(app, survey)
    start = time.perf_counter()
    upload = client.post("/surveys/import", data={
        "file": (io.BytesIO(FORM.read_bytes()), "questionnaire.xlsx"),
        "answers": (io.BytesIO(content), "export.csv")}, content_type="multipart/form-data")
    preview = time.perf_counter() - start
    assert upload.status_code == 302, upload.status_code
    start = time.perf_counter()
    done = client.post(upload.headers["Location"] + "/confirm")
    stored = time.perf_counter() - start
    assert done.status_code == 302, done.status_code
    count = db.session.scalar(select(func.count(Response.id)).join(
        Survey, Survey.id == Response.survey_id).where(Survey.territory_id ==
                                                       survey.territory_id))
    print(f"questionnaire import ({db.engine.dialect.name}): {rows} rows, upload and preview "
          f"{preview:.2f} s, « Importer » {stored:.2f} s, each in one request (gunicorn "
          f"timeout {GUNICORN_TIMEOUT} s); responses stored {count}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--submissions", type=int, default=300)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--web-rows", type=int, default=0)
    parser.add_argument("--questionnaire-rows", type=int, default=0)
    args = parser.parse_args()
    app = _app(Path(tempfile.mkdtemp(prefix="pdq-bench-")))
    with app.app_context():
        db.drop_all()
        db.create_all()
        if args.submissions:
            bench_submissions(app, _survey("bench-web"), args.submissions)
        if args.rows:
            bench_kobo(args.rows, args.repeat)
        if args.web_rows:
            bench_web(app, args.web_rows)
        if args.questionnaire_rows:
            bench_questionnaire(app, args.questionnaire_rows)


if __name__ == "__main__":
    main()
