"""Deleting a questionnaire with everything it brought (a duplicate imported before the
re-import guard, ``reimport.py``, counted every free text twice).

What goes: the survey, its questions, options and translations, its submissions and their
answers, its consented contacts, paper batches, offline devices and receipts (all by the
database's ``ON DELETE CASCADE``), the contributions made of its answers (``source_type``
"survey_answer", no foreign key: deleted here, their challenge tags, links and queued
suggestions by cascade), the coordinator's texts of its section blocks ("enquete-<id>",
"enquete-<id>-<n>"); the events that pointed to it keep their page without the link.
One transaction; the data version of the territory changes with it (``core.data_version``:
the analyses and the section are computed again). The audit log records the counts, never
a contact or a text.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

from sqlalchemy import delete, func, select, update

from participation.contributions.models import Contribution
from participation.core.audit import record_audit
from participation.events.models import Event
from participation.exports.models import SectionText
from participation.extensions import db
from participation.surveys.models import Answer, Batch, Response, Survey, SurveyContact


@dataclass(frozen=True)
class Footprint:
    """What deleting a survey takes away, counted: ``responses`` (submissions, every
    channel), ``contributions`` (made of their free texts, erased ones included),
    ``contacts`` (consented contact details), ``batches`` (paper batches), ``events``
    (events that link to it and lose the link)."""

    responses: int
    contributions: int
    contacts: int
    batches: int
    events: int


def _answer_ids(survey_id: int):
    return select(Answer.id).join(Response, Response.id == Answer.response_id).where(
        Response.survey_id == survey_id)


def _contributions(survey: Survey):
    return (Contribution.territory_id == survey.territory_id) \
        & (Contribution.source_type == "survey_answer") \
        & Contribution.source_id.in_(_answer_ids(survey.id))


def _count(model, *where) -> int:
    return int(db.session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def footprint(survey: Survey) -> Footprint:
    """The counts of ``Footprint`` for ``survey``, read now."""
    return Footprint(
        responses=_count(Response, Response.survey_id == survey.id),
        contributions=_count(Contribution, _contributions(survey)),
        contacts=_count(SurveyContact, SurveyContact.response_id.in_(
            select(Response.id).where(Response.survey_id == survey.id))),
        batches=_count(Batch, Batch.survey_id == survey.id),
        events=_count(Event, Event.territory_id == survey.territory_id,
                      Event.survey_id == survey.id))


def delete_survey(survey: Survey) -> Footprint:
    """Delete ``survey`` and what it brought (module doc) in one transaction, audited
    ("survey_deleted": the survey's id and title, the counts); returns what went."""
    gone, survey_id, territory_id = footprint(survey), survey.id, survey.territory_id
    title = survey.title
    db.session.execute(delete(Contribution).where(_contributions(survey))
                       .execution_options(synchronize_session=False))
    db.session.execute(update(Event).where(Event.territory_id == territory_id,
                                           Event.survey_id == survey_id)
                       .values(survey_id=None).execution_options(synchronize_session=False))
    block = f"enquete-{survey_id}"  # its block and the blocks of its questions
    db.session.execute(delete(SectionText).where(
        SectionText.territory_id == territory_id,
        (SectionText.key == block) | SectionText.key.startswith(f"{block}-")))
    db.session.expunge(survey)
    db.session.execute(delete(Survey).where(Survey.id == survey_id))
    record_audit("survey_deleted", target=f"survey:{survey_id}", territory_id=territory_id,
                 count=gone.responses, details={"titre": title, **asdict(gone)})
    db.session.commit()
    return gone
