"""Storing thousands of imported responses with a few INSERT statements (Core ``executemany``
on the tables, not the ORM unit of work nor ``RETURNING`` — on SQLite an ordered RETURNING
falls back to one statement per row: 30,000 rows took 90 s). The new ids are read back by
their unique one-time tokens. Same rows as ``build_response``."""
from __future__ import annotations

from sqlalchemy import insert, select

from participation.core import data_version
from participation.extensions import db
from participation.surveys.answer_values import snapshots
from participation.surveys.models import Answer, Response, Survey, SurveyContact
from participation.surveys.responses import (
    answer_dicts,
    new_token,
    record_contributions,
)

CHUNK = 900  # ids read back with IN (...): under SQLite's historical 999-parameter limit


def _children(questions: dict, response_id: int, values: dict, consent_label: str):
    """``questions``: id -> Question, read once per import (ORM attribute access per row
    and question was a third of a 30,000-row import)."""
    answers, contacts = [], []
    for qid, value in values.items():
        question = questions.get(qid)
        if question is None or value is None:
            continue
        if question.personal:
            if value.get("text"):
                contacts.append({"response_id": response_id, "question_id": question.id,
                                 "value": value["text"], "consent_text": consent_label,
                                 "consent_version": "import"})
            continue
        answers.extend(row | {"response_id": response_id}
                       for row in answer_dicts(question, value))
    return answers, contacts


def _same(value):
    return value


def _executemany(table, rows: list[dict]) -> None:
    """Insert ``rows`` (sharing their keys, giving every column that has a default) the
    fastest way each database offers, in the session's transaction: PostgreSQL ``COPY``
    (psycopg's pipelined ``executemany`` sends one statement per row: 30,000 rows took 55 s),
    elsewhere the driver's ``executemany`` with the statement compiled once and each column's
    own bind processor (SQLAlchemy's per-row parameter processing cost more than SQLite)."""
    if not rows:
        return
    connection = db.session.connection()
    keys = list(rows[0])
    if connection.dialect.name == "postgresql":
        driver = connection.connection.driver_connection
        with driver.cursor() as cursor, cursor.copy(
                f"COPY {table.name} ({', '.join(keys)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row[k] for k in keys])
        return
    compiled = insert(table).inline().compile(dialect=connection.dialect, column_keys=keys)
    order = compiled.positiontup if compiled.positional else keys
    # the columns' own bind processors (SQLite stores dates and datetimes as SQLAlchemy text)
    procs = [table.c[k].type.bind_processor(connection.dialect) or _same for k in order]
    params = [tuple(p(r[k]) for p, k in zip(procs, order, strict=True)) for r in rows]
    if not compiled.positional:
        params = [dict(zip(order, values, strict=True)) for values in params]
    connection.exec_driver_sql(str(compiled), params)


def _quartier(values: dict, quartiers: dict, default: int | None) -> int | None:
    """As ``responses.quartier_from``, with the option -> quartier map read once."""
    for value in values.values():
        for option_id in value.get("options") or ():
            if option_id in quartiers:
                return quartiers[option_id]
    return default


def insert_responses(survey: Survey, rows: list[dict], consent_label: str,
                     channel: str = "import") -> list[int]:
    """Insert ``rows`` ({values, submitted_at, external_id}); returns the new response ids."""
    ids: list[int] = []
    questions = {q.id: q for q in snapshots(survey)}
    quartiers = {o.id: o.quartier_id for q in questions.values() for o in q.options
                 if o.quartier_id}
    default = survey.quartiers[0].id if len(survey.quartiers) == 1 else None
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start:start + CHUNK]
        params = [{"survey_id": survey.id, "token": new_token(), "channel": channel,
                   "submitted_at": r["submitted_at"], "external_id": r["external_id"],
                   "quartier_id": _quartier(r["values"], quartiers, default)} for r in chunk]
        _executemany(Response.__table__, params)
        by_token = dict(db.session.execute(select(Response.token, Response.id).where(
            Response.token.in_([p["token"] for p in params]))).all())
        new_ids = [by_token[p["token"]] for p in params]
        answers, contacts = [], []
        for response_id, row in zip(new_ids, chunk, strict=True):
            a, c = _children(questions, response_id, row["values"], consent_label)
            answers.extend(a)
            contacts.extend(c)
        _executemany(Answer.__table__, answers)
        if contacts:  # few; Core applies the column defaults (consented_at)
            db.session.execute(insert(SurveyContact.__table__), contacts)
        ids.extend(new_ids)
    if ids:
        _contributions(survey, ids)
    data_version.bump(db.session, {survey.territory_id})  # COPY bypasses the session
    return ids


def _contributions(survey: Survey, response_ids: list[int]) -> None:
    """Every free text of the new responses becomes a Contribution; the untagged ones get their
    suggestion in one pass (one model, one scoring of the distinct texts)."""
    from participation.analysis.autotag import suggest_untagged

    recorded = []
    for response in db.session.scalars(select(Response).where(Response.id.in_(response_ids))):
        recorded.extend(record_contributions(survey, response, suggest=False))
    db.session.flush()
    suggest_untagged(recorded)
