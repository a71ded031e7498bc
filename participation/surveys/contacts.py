"""Consented contacts: listed to the coordinator who calls people back, erased on request.

They never appear in results or exports; opening the list is a deliberate step.
"""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from participation.core.errors import DomainError
from participation.extensions import db
from participation.surveys.models import Answer, Option, Question, Response, Survey, SurveyContact


def list_contacts(survey: Survey) -> list[tuple[SurveyContact, Response, Question]]:
    return list(db.session.execute(
        select(SurveyContact, Response, Question)
        .join(Response, Response.id == SurveyContact.response_id)
        .join(Question, Question.id == SurveyContact.question_id)
        .where(Response.survey_id == survey.id)
        .order_by(Response.submitted_at, SurveyContact.id)).all())


def people(survey: Survey) -> list[tuple[Response, list[tuple[Question, SurveyContact]]]]:
    """``list_contacts`` one row per person: a response and every contact it left (a name
    and a phone given in one answer are one person: a tester's import of 20 answers with
    a name and a phone read "40 personnes", each value on its own line), in answer order."""
    found: dict[int, tuple[Response, list]] = {}
    for contact, response, question in list_contacts(survey):
        found.setdefault(response.id, (response, []))[1].append((question, contact))
    return list(found.values())


def erase_contact(survey: Survey, contact_id: int) -> None:
    """Erase one person's contact (right to erasure): every contact left in the same
    answer as ``contact_id`` (their name, phone, e-mail together); their anonymous answers
    stay. Raises DomainError when the contact is not one of ``survey``'s."""
    contact = db.session.get(SurveyContact, contact_id)
    if contact is None or contact.response.survey_id != survey.id:
        raise DomainError(_("Coordonnées introuvables."))
    for given in list(contact.response.contacts):
        db.session.delete(given)
    db.session.commit()


def recruitment_questions(survey: Survey) -> list[Question]:
    """Yes/no questions that can mark people wishing to join the conseil citoyen."""
    return [q for q in survey.questions if q.type == "yes_no" and not q.personal]


def invite_yes_to_council(survey: Survey, question_id: int | None) -> tuple[int, int]:
    """Invite to apply to the conseil citoyen every consented contact whose response said
    "oui" to the chosen yes/no question; each contact once. Returns (invited, already)."""
    from participation.council.services import invitation_exists, invite_from_survey

    question = next((q for q in recruitment_questions(survey) if q.id == question_id), None)
    if question is None:
        raise DomainError(_("Choisissez une question oui / non."), field="question_id")
    yes_responses = (select(Answer.response_id).join(Option, Option.id == Answer.option_id)
                     .where(Answer.question_id == question.id, Option.name == "oui"))
    values = db.session.scalars(select(SurveyContact.value).where(
        SurveyContact.response_id.in_(yes_responses)).order_by(SurveyContact.id)).all()
    invited = already = 0
    for value in dict.fromkeys(v.strip() for v in values if v and v.strip()):
        if invitation_exists(survey.territory_id, value):
            already += 1
            continue
        invite_from_survey(survey.territory_id, value)
        invited += 1
    return invited, already
