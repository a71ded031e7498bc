"""A plain, frozen copy of a survey's definition, kept per process until the public data
changes: what the residents' answer POST reads instead of the ORM survey (issue #16, writes).

Loading the survey with its questions, options, challenges and quartiers through the ORM took
five queries and most of the answer POST's 13 ms of CPU (measured 2026-11-29).
``survey_snapshot(slug)`` builds these objects once per (slug, page version): the page
version (``core.pagecache``) changes in the same transaction as every write to a survey, its
questions, options, translations, challenges links or quartiers (none of them is declared
quiet), so a snapshot is never used once its survey changed. Opening and closing by date are
decided at each request, by the same rule as ``Survey.is_open``.

The objects carry what ``answering``, ``conditions``, ``form_pages.read_submission``,
``page_language.use_language``, ``page_language.translated`` (``target``) and
``responses.answer_dicts``/``quartier_from`` read. They are shared between threads: never
change them. Templates get the ORM survey (the view's full path), never a snapshot.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from participation.core.memo import LRU
from participation.core.versionread import current_version
from participation.extensions import db
from participation.surveys.models import CHOICE_TYPES, Question, Survey

SIZE = 64  # surveys kept per process (a few are open at a time)


@dataclass(frozen=True)
class OptionSnapshot:
    id: int
    name: str
    label: str
    quartier_id: int | None
    target: str  # ``Translation.target`` ("o<id>")


@dataclass(frozen=True)
class QuestionSnapshot:
    """A question's fields used to read and store an answer; ``condition`` is the parsed
    display condition (AST dict, shared: read it, never change it), None when always shown."""

    id: int
    name: str
    type: str
    label: str
    required: bool
    personal: bool
    min_value: float | None
    max_value: float | None
    whole_number: bool
    min_choices: int | None
    max_choices: int | None
    has_other: bool
    constraint_message: str
    required_message: str
    contribution_kind: str
    condition: dict | None
    options: tuple[OptionSnapshot, ...]
    challenge_ids: tuple[int, ...]  # the question's challenges of the survey's territory
    target: str  # ``Translation.target`` ("q<id>")

    @property
    def is_choice(self) -> bool:
        return self.type in CHOICE_TYPES


@dataclass(frozen=True)
class QuartierRef:
    id: int


@dataclass(frozen=True)
class SurveySnapshot:
    id: int
    slug: str
    territory_id: int
    title: str
    languages: str
    status: str
    opens_at: datetime | None
    closes_at: datetime | None
    questions: tuple[QuestionSnapshot, ...]
    quartiers: tuple[QuartierRef, ...]
    target: str = "survey"

    is_open = Survey.is_open  # the same rule (status, opening and closing instants)


def _question(question: Question, territory_id: int) -> QuestionSnapshot:
    return QuestionSnapshot(
        id=question.id, name=question.name, type=question.type, label=question.label,
        required=bool(question.required), personal=bool(question.personal),
        min_value=question.min_value, max_value=question.max_value,
        whole_number=bool(question.whole_number),
        min_choices=question.min_choices, max_choices=question.max_choices,
        has_other=bool(question.has_other),
        constraint_message=question.constraint_message or "",
        required_message=question.required_message or "",
        contribution_kind=question.contribution_kind or "constat",
        condition=question.condition,
        options=tuple(OptionSnapshot(o.id, o.name, o.label, o.quartier_id, f"o{o.id}")
                      for o in question.options),
        challenge_ids=tuple(c.id for c in question.challenges
                            if c.territory_id == territory_id),
        target=f"q{question.id}")


def load_snapshot(slug: str) -> SurveySnapshot | None:
    """The survey ``slug`` read from the database (four queries), or None."""
    questions = selectinload(Survey.questions)
    survey = db.session.scalar(select(Survey).where(Survey.slug == slug).options(
        questions.selectinload(Question.options), questions.selectinload(Question.challenges),
        selectinload(Survey.quartiers)))
    if survey is None:
        return None
    return SurveySnapshot(
        id=survey.id, slug=survey.slug, territory_id=survey.territory_id, title=survey.title,
        languages=survey.languages or "", status=survey.status, opens_at=survey.opens_at,
        closes_at=survey.closes_at,
        questions=tuple(_question(q, survey.territory_id) for q in survey.questions),
        quartiers=tuple(QuartierRef(q.id) for q in survey.quartiers))


def survey_snapshot(slug: str) -> SurveySnapshot | None:
    """The snapshot of the survey ``slug`` under the current page version (built on the
    first request after any change; the version is read before the survey, so a snapshot is
    never kept under a version older than its data), or None when there is no such survey."""
    version = current_version()
    if version is None:
        return load_snapshot(slug)
    kept = current_app.extensions.setdefault("pdq_survey_snapshots", LRU(SIZE))
    key = (slug, version)
    found = kept.get(key)
    if found is None:
        found = (load_snapshot(slug),)
        kept.put(key, found)
    return found[0]
