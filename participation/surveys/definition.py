"""The survey definition a device caches, and its version.

``survey_definition(survey)`` is the JSON the offline page and its service worker keep:
``{"survey": {"id", "title", "version"}, "questions": [{"id", "name", "type", "label",
"required", "personal", "min_value", "max_value", "whole_number", "min_choices", "max_choices",
"has_other", "relevant": expression text, "condition": AST (surveys/conditions.py) | None,
"options": [{"id", "name", "label"}]}]}``.

The version is the first 12 hex digits of the SHA-256 of the questions part (canonical JSON):
any change to a question, an option, a condition, a bound or a required rule gives a new
version; a change of title does not. ``remember_version`` keeps each version served, so an
answer collected with an older one is read against the questions it was asked with.
"""
from __future__ import annotations

import hashlib
import json

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from participation.extensions import db
from participation.surveys.models import Survey
from participation.surveys.offline_models import SurveyVersion

QUESTION_KEYS = ("id", "name", "type", "label", "required", "personal", "min_value",
                 "max_value", "whole_number", "min_choices", "max_choices", "has_other")


def _question(question) -> dict:
    data = {key: getattr(question, key) for key in QUESTION_KEYS}
    data["relevant"], data["condition"] = question.relevant, question.condition
    data["options"] = [{"id": o.id, "name": o.name, "label": o.label}
                       for o in question.options]
    return data


def _version(questions: list[dict]) -> str:
    canonical = json.dumps(questions, sort_keys=True, ensure_ascii=False,
                           separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:12]


def survey_definition(survey: Survey) -> dict:
    questions = [_question(q) for q in survey.questions]
    return {"survey": {"id": survey.id, "title": survey.title, "version": _version(questions)},
            "questions": questions}


def remember_version(survey: Survey) -> dict:
    """The definition, its version stored once (a concurrent insert of the same is fine)."""
    definition = survey_definition(survey)
    version = definition["survey"]["version"]
    if find_version(survey.id, version) is None:
        db.session.add(SurveyVersion(survey_id=survey.id, version=version,
                                     definition=json.dumps(definition, ensure_ascii=False)))
        try:
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
    return definition


def find_version(survey_id: int, version: str) -> SurveyVersion | None:
    return db.session.scalar(select(SurveyVersion).where(
        SurveyVersion.survey_id == survey_id, SurveyVersion.version == version))
