"""Survey -> conseil citoyen: contacts who said "oui" are invited to apply, once each."""
from __future__ import annotations

from sqlalchemy import func, select

from participation.council.models import Invitation
from participation.extensions import db
from participation.surveys.models import Answer, Option, SurveyContact
from tests.surveys.test_hazebrouck import _import


def _count() -> int:
    return db.session.scalar(select(func.count(Invitation.id)))


def test_invite_yes_contacts_once(client, auth, runner, territory):
    survey = _import(runner, territory)
    question = next(q for q in survey.questions if q.name == "cc_participer")
    yes_ids = select(Answer.response_id).join(Option).where(
        Answer.question_id == question.id, Option.name == "oui")
    said_yes = set(db.session.scalars(select(SurveyContact.value).where(
        SurveyContact.response_id.in_(yes_ids))))
    no_response = db.session.scalar(select(Answer.response_id).join(Option).where(
        Answer.question_id == question.id, Option.name == "non").limit(1))
    contact_q = next(q for q in survey.questions if q.name == "contact")
    db.session.add(SurveyContact(response_id=no_response, question_id=contact_q.id,
                                 value="Said NO 06 00 00 00 00", consent_text="Accord",
                                 consent_version="1"))
    db.session.commit()
    said_no = {"Said NO 06 00 00 00 00"}
    auth.login("coordinator")
    page = client.get(f"/surveys/{survey.id}/contacts").get_data(as_text=True)
    assert "Inviter à candidater au conseil citoyen" in page
    url = f"/surveys/{survey.id}/contacts/invite"
    page = client.post(url, data={"question_id": question.id},
                       follow_redirects=True).get_data(as_text=True)
    assert f"{len(said_yes)} personnes invitées" in page
    invited = set(db.session.scalars(select(Invitation.contact)))
    assert invited == said_yes and not invited & said_no
    assert all(i.territory_id == territory.id for i in db.session.scalars(select(Invitation)))
    page = client.post(url, data={"question_id": question.id},
                       follow_redirects=True).get_data(as_text=True)
    assert "0 personne invitée" in page and _count() == len(said_yes)  # French: 0 singular


def test_invite_needs_a_yes_no_question(client, auth, runner, territory):
    survey = _import(runner, territory)
    text_q = next(q for q in survey.questions if q.type not in ("yes_no",))
    auth.login("coordinator")
    page = client.post(f"/surveys/{survey.id}/contacts/invite", data={"question_id": text_q.id},
                       follow_redirects=True).get_data(as_text=True)
    assert "Choisissez une question oui / non." in page and _count() == 0


def test_partner_cannot_invite(client, auth, runner, territory):
    survey = _import(runner, territory)
    question = next(q for q in survey.questions if q.name == "cc_participer")
    auth.login("partner")
    response = client.post(f"/surveys/{survey.id}/contacts/invite",
                           data={"question_id": question.id})
    assert response.status_code in (302, 403) and _count() == 0
