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

QUESTION_COLUMNS = ["question_id", "name", "type", "label", "position",
                    "condition_question_id", "condition_op", "condition_value", "codebook"]


def _frame(stmt, columns: list[str]) -> pd.DataFrame:
    rows = db.session.execute(stmt).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=columns)


def read_frames(survey: Survey, quartier_id: int | None = None) -> dict:
    checks = select(Batch.id).where(Batch.verifies_id.is_not(None))
    stmt = select(Response.id, Response.quartier_id, Response.channel).where(
        Response.survey_id == survey.id,
        (Response.batch_id.is_(None)) | Response.batch_id.not_in(checks))
    if quartier_id:
        stmt = stmt.where(Response.quartier_id == quartier_id)
    responses = _frame(stmt, ["response_id", "quartier_id", "channel"])
    questions = _frame(select(
        Question.id, Question.name, Question.type, Question.label, Question.position,
        Question.condition_question_id, Question.condition_op, Question.condition_value,
        Question.codebook).where(Question.survey_id == survey.id,
                                 Question.personal.is_(False)), QUESTION_COLUMNS)
    answers = _frame(select(Answer.response_id, Answer.question_id, Answer.option_id,
                            Answer.is_other, Answer.text, Answer.number)
                     .join(Response, Response.id == Answer.response_id)
                     .where(Response.survey_id == survey.id),
                     ["response_id", "question_id", "option_id", "is_other", "text", "number"])
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
    return db.session.scalar(select(func.count(SurveyContact.id)).join(Response).where(
        Response.survey_id == survey.id)) or 0
