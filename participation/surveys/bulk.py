"""Storing thousands of imported responses with a few INSERT statements (Core, not the ORM
unit of work, which costs milliseconds per row). Same rows as ``build_response``."""
from __future__ import annotations

from sqlalchemy import insert, select

from participation.extensions import db
from participation.surveys.models import Answer, Response, Survey, SurveyContact
from participation.surveys.responses import (
    answer_dicts,
    new_token,
    quartier_from,
    record_contributions,
)

CHUNK = 2000


def _children(survey: Survey, response_id: int, values: dict, consent_label: str):
    answers, contacts = [], []
    for question in survey.questions:
        value = values.get(question.id)
        if value is None:
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


def insert_responses(survey: Survey, rows: list[dict], consent_label: str,
                     channel: str = "import") -> list[int]:
    """Insert ``rows`` ({values, submitted_at, external_id}); returns the new response ids."""
    ids: list[int] = []
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start:start + CHUNK]
        params = [{"survey_id": survey.id, "token": new_token(), "channel": channel,
                   "submitted_at": r["submitted_at"], "external_id": r["external_id"],
                   "quartier_id": quartier_from(survey, r["values"])} for r in chunk]
        new_ids = list(db.session.scalars(
            insert(Response).returning(Response.id, sort_by_parameter_order=True), params))
        answers, contacts = [], []
        for response_id, row in zip(new_ids, chunk, strict=True):
            a, c = _children(survey, response_id, row["values"], consent_label)
            answers.extend(a)
            contacts.extend(c)
        if answers:
            db.session.execute(insert(Answer), answers)
        if contacts:
            db.session.execute(insert(SurveyContact), contacts)
        ids.extend(new_ids)
    if ids:
        _contributions(survey, ids)
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
