"""The one module of surveys that reads the database into DataFrames for ``results``.

Personal questions and their contacts never enter the frames; second keyings of a paper
batch (double entry) are left out so each sheet counts once.
"""
from __future__ import annotations

import pandas as pd
from sqlalchemy import func, select

from participation.extensions import db
from participation.surveys.models import (
    Answer,
    Batch,
    Option,
    Question,
    Response,
    Survey,
    SurveyContact,
)

QUESTION_COLUMNS = ["question_id", "name", "type", "label", "position", "relevant_ast",
                    "codebook"]
ANSWER_COLUMNS = ["response_id", "question_id", "option_id", "rank", "is_other", "text",
                  "number", "date_value"]


def _frame(stmt, columns: list[str]) -> pd.DataFrame:
    rows = db.session.execute(stmt).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=columns)


def read_frames(survey: Survey, quartier_id: int | None = None) -> dict:
    checks = select(Batch.id).where(Batch.verifies_id.is_not(None))
    stmt = select(Response.id, Response.quartier_id, Response.channel, Response.submitted_at,
                  Response.language, Response.place, Response.collected_with).where(
        Response.survey_id == survey.id,
        (Response.batch_id.is_(None)) | Response.batch_id.not_in(checks))
    if quartier_id:
        stmt = stmt.where(Response.quartier_id == quartier_id)
    # in the order they were stored: PostgreSQL returns rows in no set order without it
    responses = _frame(stmt.order_by(Response.id), [
        "response_id", "quartier_id", "channel", "submitted_at", "language", "place",
        "collected_with"])
    questions = _frame(select(
        Question.id, Question.name, Question.type, Question.label, Question.position,
        Question.relevant_ast, Question.codebook).where(Question.survey_id == survey.id,
                                 Question.personal.is_(False)), QUESTION_COLUMNS)
    answers = _frame(select(Answer.response_id, Answer.question_id, Answer.option_id,
                            Answer.rank, Answer.is_other, Answer.text, Answer.number,
                            Answer.date_value)
                     .join(Response, Response.id == Answer.response_id)
                     .where(Response.survey_id == survey.id)
                     .order_by(Answer.response_id, Answer.question_id, Answer.rank, Answer.id),
                     ANSWER_COLUMNS)
    answers = answers[answers["response_id"].isin(responses["response_id"])
                      & answers["question_id"].isin(questions["question_id"])]
    options = _frame(select(Option.id, Option.question_id, Option.name, Option.label,
                            Option.position).join(Question).where(
                                Question.survey_id == survey.id),
                     ["option_id", "question_id", "name", "label", "position"])
    answers = answers.astype({"number": "float64"})
    return {"responses": responses, "answers": answers, "questions": questions,
            "options": options}


def contacts_count(survey: Survey) -> int:
    """How many people left contacts: answers with at least one (a name and a phone of one
    answer are one person)."""
    return db.session.scalar(select(func.count(func.distinct(SurveyContact.response_id)))
                             .join(Response).where(Response.survey_id == survey.id)) or 0
