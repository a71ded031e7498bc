"""Storing thousands of imported responses with a few statements per 900 rows, in the caller's
transaction (all or nothing: the caller commits once, or rolls everything back).

Per chunk of ``CHUNK`` rows: the responses (driver ``executemany`` or PostgreSQL ``COPY``; their
ids read back by their unique one-time tokens: on SQLite an ordered ``RETURNING`` falls back to
one statement per row, 30,000 rows took 90 s), their answers and consented contacts, then one
``INSERT … SELECT … RETURNING`` per free-text question that turns the new answers into
contributions inside the database (before: one ORM Contribution, flush and tag query per
response, 80 of the 86 s of a 10,000-row import). Tags: the question's challenges (origin
"question"), else the suggestion of ``autotag`` for the distinct texts of the whole import, in
one pass (queued and suggested once the request committed, on the import pages:
``_suggest``). Same rows as ``build_response`` + ``record_contributions``.
"""
from __future__ import annotations

import operator
from datetime import date
from types import SimpleNamespace

from flask import has_request_context
from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Integer,
    String,
    case,
    insert,
    literal,
    select,
    update,
)

from participation.contributions.models import Contribution, ContributionChallenge
from participation.core import clock, data_version
from participation.core.models import utcnow
from participation.extensions import db
from participation.privacy.masking import has_contact
from participation.surveys.answer_values import snapshots
from participation.surveys.models import TEXT_TYPES, Answer, Response, Survey, SurveyContact
from participation.surveys.responses import answer_dicts, new_token

CHUNK = 900  # ids read back with IN (...): under SQLite's historical 999-parameter limit


def _answer_rows(rows_of: dict, question, value: dict) -> list[dict]:
    """``answer_dicts`` once per value object: the readers share one value between the rows
    that wrote the same cell (``answer_values.cell_value_memo``). ``rows_of``: id(value) ->
    (value, rows), the value kept so its id is never reused during the import."""
    hit = rows_of.get(id(value))
    if hit is None or hit[0] is not value:
        hit = rows_of[id(value)] = (value, answer_dicts(question, value))
    return hit[1]


def _children(ctx, response_id: int, values: dict, consent: dict | None):
    """``ctx.questions``: id -> question snapshot, read once per import (ORM attribute access
    per row and question was a third of a 30,000-row import). ``consent``: the row's
    ``{text, version}`` (``import_consent.settle``); without it no contact is stored."""
    answers, contacts = [], []
    for qid, value in values.items():
        question = ctx.questions.get(qid)
        if question is None or value is None:
            continue
        if question.personal:
            if value.get("text") and consent:
                contacts.append({"response_id": response_id, "question_id": question.id,
                                 "value": value["text"], "consent_text": consent["text"],
                                 "consent_version": consent["version"]})
            continue
        answers.extend(row | {"response_id": response_id}
                       for row in _answer_rows(ctx.answer_rows, question, value))
    return answers, contacts


def executemany(table, rows: list[dict]) -> None:
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
    order = list(compiled.positiontup if compiled.positional else keys)
    params = _driver_rows(table, connection.dialect, order, rows)
    if not compiled.positional:
        params = [dict(zip(order, values, strict=True)) for values in params]
    connection.exec_driver_sql(str(compiled), params)


def _driver_rows(table, dialect, order: list[str], rows: list[dict]) -> list:
    """``rows`` as driver tuples in ``order``, each value through its column's own bind
    processor (SQLite stores dates and datetimes as SQLAlchemy's text), only where the column
    has one and the value is not None (the driver binds booleans itself)."""
    procs = {j: p for j, k in enumerate(order)
             if not isinstance(table.c[k].type, Boolean)
             and (p := table.c[k].type.bind_processor(dialect)) is not None}
    get = (lambda r: (r[order[0]],)) if len(order) == 1 else operator.itemgetter(*order)
    if not procs:
        return [get(r) for r in rows]
    params = []
    for row in rows:
        values = list(get(row))
        for j, process in procs.items():
            if values[j] is not None:
                values[j] = process(values[j])
        params.append(tuple(values))
    return params


def _quartier(values: dict, quartiers: dict, default: int | None) -> int | None:
    """As ``responses.quartier_from``, with the option -> quartier map read once."""
    for value in values.values():
        for option_id in value.get("options") or ():
            if option_id in quartiers:
                return quartiers[option_id]
    return default


def free_questions(survey: Survey) -> list[SimpleNamespace]:
    """The questions whose answers become contributions (``responses.text_answers``): every
    free-text question (``text`` True: its text), and every choice question with « Autre »
    (``text`` False: the « Autre » text only), personal ones never; with their name, label,
    kind and the challenges of the survey's territory."""
    return [SimpleNamespace(id=q.id, name=q.name, label=q.label, kind=q.contribution_kind,
                            text=q.type in TEXT_TYPES,
                            challenges=[c.id for c in q.challenges
                                        if c.territory_id == survey.territory_id])
            for q in survey.questions if not q.personal and (q.type in TEXT_TYPES or q.has_other)]


def contribution_counts(survey: Survey, rows: list[dict]) -> list[dict]:
    """How many contributions ``insert_responses`` makes of ``rows`` ({values: {question id:
    value}}), per question of ``free_questions``: ``{name, label, kind, text, count}``, in
    the form's order (the same rule as ``_free_text_select``: a non-empty text, or a
    non-empty « Autre » text of a choice question); ``contacts``: how many of them hold
    contact details (``privacy.masking.has_contact``: a phone, an e-mail, a titled name, an
    address; stored as typed, masked wherever texts leave the database without personal
    data)."""
    found = []
    for question in free_questions(survey):
        key = "text" if question.text else "other"
        texts = [t for row in rows if (t := (row["values"].get(question.id) or {}).get(key))]
        found.append({"name": question.name, "label": question.label, "kind": question.kind,
                      "text": question.text, "count": len(texts),
                      "contacts": sum(1 for t in texts if has_contact(t))})
    return found


def _context(survey: Survey) -> SimpleNamespace:
    """What every chunk needs, read once: question snapshots, option -> quartier, the
    free-text questions with their kind and challenges (``free_questions``)."""
    questions = {q.id: q for q in snapshots(survey)}
    return SimpleNamespace(
        questions=questions, free=free_questions(survey), now=utcnow(), answer_rows={},
        quartiers={o.id: o.quartier_id for q in questions.values() for o in q.options
                   if o.quartier_id},
        default=survey.quartiers[0].id if len(survey.quartiers) == 1 else None)


def _insert_chunk(survey: Survey, chunk: list[dict], ctx, channel: str,
                  collected_with: str | None = None) -> list[int]:
    """One chunk's responses, answers and contacts; returns their ids in ``chunk`` order."""
    params = [{"survey_id": survey.id, "token": new_token(), "channel": channel,
               "collected_with": collected_with,
               "submitted_at": r["submitted_at"], "external_id": r["external_id"],
               "quartier_id": _quartier(r["values"], ctx.quartiers, ctx.default)}
              for r in chunk]
    executemany(Response.__table__, params)
    by_token = dict(db.session.execute(select(Response.token, Response.id).where(
        Response.token.in_([p["token"] for p in params]))).all())
    new_ids = [by_token[p["token"]] for p in params]
    answers, contacts = [], []
    for response_id, row in zip(new_ids, chunk, strict=True):
        a, c = _children(ctx, response_id, row["values"], row.get("contact_consent"))
        answers.extend(a)
        contacts.extend(c)
    executemany(Answer.__table__, answers)
    if contacts:  # few; Core applies the column defaults (consented_at)
        db.session.execute(insert(SurveyContact.__table__), contacts)
    return new_ids


def _said_on(response_id, days: dict[int, date]):
    """The Europe/Paris day of each response of the chunk (``clock.local_day`` of its UTC
    instant, ``days``: response id -> day) as a SQL expression: a CASE over the chunk's few
    distinct days (SQLite has no time zones, so the day is not computed in SQL)."""
    by_day: dict[date, list[int]] = {}
    for rid, day in days.items():
        by_day.setdefault(day, []).append(rid)
    if len(by_day) == 1:
        return literal(next(iter(by_day)), Date)
    return case(*[(response_id.in_(ids), literal(day, Date)) for day, ids in by_day.items()])


def _free_text_select(survey: Survey, question, days: dict[int, date], now):
    """The contribution columns of one question's new free texts (``record_contribution``'s
    defaults; the imported texts are already stripped, ``answer_values.cell_value``);
    ``days``: the chunk's response ids -> their Paris day (the contributions' ``said_on``)."""
    a, r = Answer.__table__, Response.__table__
    constants = {"territory_id": literal(survey.territory_id, Integer),
                 "kind": literal(question.kind, String), "author_role": literal("habitant"),
                 "source_format": literal("enquete"), "source_type": literal("survey_answer"),
                 "source_label": literal(survey.title, String),
                 "attribution_consent": literal(False, Boolean), "status": literal("recue"),
                 "created_at": literal(now, DateTime), "updated_at": literal(now, DateTime)}
    columns = {"text": a.c.text, "source_id": a.c.id, "quartier_id": r.c.quartier_id,
               "said_on": _said_on(r.c.id, days)} | constants
    query = select(*[value.label(key) for key, value in columns.items()]).join_from(
        a, r, r.c.id == a.c.response_id).where(
        a.c.response_id.in_(list(days)), a.c.question_id == question.id,
        a.c.text.is_not(None), a.c.text != "")
    if not question.text:
        query = query.where(a.c.is_other.is_(True))
    return list(columns), query


def _contributions(survey: Survey, ctx, days: dict[int, date]) -> list[tuple[int, str]]:
    """Contributions of the chunk's free texts (``days``: response id -> Paris day), tagged
    with their question's challenges; returns ``(contribution id, text)`` of those left
    untagged."""
    table, untagged, tags = Contribution.__table__, [], []
    for question in ctx.free:
        keys, query = _free_text_select(survey, question, days, ctx.now)
        stored = db.session.execute(insert(table).from_select(keys, query).returning(
            table.c.id, table.c.text)).all()
        if not question.challenges:
            untagged.extend((cid, text) for cid, text in stored)
        tags.extend({"contribution_id": cid, "challenge_id": challenge_id, "origin": "question",
                     "tagged_by_id": None, "tagged_at": ctx.now}
                    for cid, _text in stored for challenge_id in question.challenges)
    executemany(ContributionChallenge.__table__, tags)
    return untagged


def _suggest(territory_id: int, untagged: list[tuple[int, str]], now) -> None:
    """The best suggestion (origin "suggested", unconfirmed) of every untagged text, the
    distinct texts scored once (``autotag.suggestions``). In a request (the import pages)
    the texts are queued instead (``analysis.pending``, in the import's transaction) and
    suggested off the request once it committed (``pending.drain_after_request``), as a
    resident's answers are: the import no longer waits for the suggestion model (built, and
    its word vectors, tagger and encoder loaded, inside the request on a worker's first
    import: 0.8 s of CPU with them loaded, 7 s without, against 0.1 s for the rest of an
    import of 60 submissions; bench/import_speed.py). Outside a request (the CLI, the
    demo) at once."""
    from participation.analysis import pending
    from participation.analysis.autotag import decided_none, suggestions

    if not untagged:
        return
    if has_request_context():
        pending.enqueue(territory_id, [cid for cid, _text in untagged])
        pending.drain_after_request()
        return
    decided = decided_none(territory_id, [text for _cid, text in untagged])
    if decided:  # the same words a coordinator found no challenge for: reviewed, none
        db.session.execute(update(Contribution).where(Contribution.id.in_(
            [untagged[doc][0] for doc in decided])).values(reviewed_at=now)
            .execution_options(synchronize_session=False))
        untagged = [item for doc, item in enumerate(untagged) if doc not in set(decided)]
        if not untagged:
            return
    found = suggestions(territory_id, [text for _cid, text in untagged])
    executemany(ContributionChallenge.__table__, [
        {"contribution_id": untagged[doc][0], "challenge_id": int(challenge_id),
         "origin": "suggested", "tagged_by_id": None, "tagged_at": now}
        for doc, challenge_id in zip(found["doc"], found["challenge_id"], strict=True)])


def insert_responses(survey: Survey, rows: list[dict], channel: str = "import",
                     collected_with: str | None = None) -> list[int]:
    """Insert ``rows`` ({values, submitted_at, external_id, contact_consent}) with their
    answers, contacts (only a row with its ``contact_consent``, ``import_consent.settle``)
    and contributions; returns the new response ids. ``collected_with``: the import's tool
    (``collection_tools.TOOLS``). The caller commits."""
    ctx, ids, untagged = _context(survey), [], []
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start:start + CHUNK]
        new_ids = _insert_chunk(survey, chunk, ctx, channel, collected_with)
        untagged.extend(_contributions(survey, ctx, {
            rid: clock.local_day(row["submitted_at"]) for rid, row in zip(new_ids, chunk,
                                                                          strict=True)}))
        ids.extend(new_ids)
    _suggest(survey.territory_id, untagged, ctx.now)
    data_version.bump(db.session, {survey.territory_id})  # COPY bypasses the session
    return ids
