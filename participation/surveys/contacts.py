"""Consented contacts: listed to the coordinator who calls people back, erased on request.

They never appear in results or exports; opening the list is a deliberate step.
"""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from participation.core.errors import DomainError
from participation.extensions import db
from participation.surveys.models import Question, Response, Survey, SurveyContact


def list_contacts(survey: Survey) -> list[tuple[SurveyContact, Response, Question]]:
    return list(db.session.execute(
        select(SurveyContact, Response, Question)
        .join(Response, Response.id == SurveyContact.response_id)
        .join(Question, Question.id == SurveyContact.question_id)
        .where(Response.survey_id == survey.id)
        .order_by(Response.submitted_at, SurveyContact.id)).all())


def erase_contact(survey: Survey, contact_id: int) -> None:
    """Erase one person's contact (right to erasure); their anonymous answers stay."""
    contact = db.session.get(SurveyContact, contact_id)
    if contact is None or contact.response.survey_id != survey.id:
        raise DomainError(_("Coordonnées introuvables."))
    db.session.delete(contact)
    db.session.commit()
