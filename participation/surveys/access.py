"""What the right of access gives a person about a survey record of theirs (coordinator tester
t28coord, defect 2).

RGPD art. 15.1 gives the person « a copy of the personal data undergoing processing », its
purposes and, where it was not collected from them, its source. A contact left with a
response makes the whole response theirs (the answers are anonymous only while nothing ties
them to someone: an answer is personal data once linked to an identified person, CNIL,
« Identifier les données personnelles »). So the access export of a survey contact gives,
besides the value typed, the consent it was kept with (``consent``: text, purpose, version,
language, date) and the submission (``submission``: the survey, the date, every answer); an
answer or an offline receipt holding the person's contact gives the submission too.

Shapes (``PersonalTable.access``, read by ``privacy.access``):
``{"consent": {"text", "purpose", "version", "language", "given_at": datetime},
"submission": {"survey": title, "submitted_at": datetime, "answers": [{"question": label,
"answer": text}]}}``; answers in the questions' order, a choice question's options joined by
", " in their rank's order, an « Autre » precision as « Autre : <text> ».
"""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from participation.extensions import db
from participation.surveys.conditions import number_text
from participation.surveys.models import Answer, Option, Question, Response


def _value(answer: Answer, options: dict[int, str]) -> str:
    """One stored answer as the person reads it."""
    if answer.option_id is not None:
        return options.get(answer.option_id, "")
    if answer.is_other:
        return _("Autre : %(text)s", text=answer.text or "")
    if answer.number is not None:
        return number_text(answer.number)
    if answer.date_value is not None:
        return answer.date_value.isoformat()
    return answer.text or ""


def answers_of(response_id: int) -> list[dict]:
    """[{"question": label, "answer": text}] of the response, one per question answered
    (several values of a question joined by ", "), in the questions' order."""
    rows = db.session.execute(
        select(Answer, Question.label).join(Question, Question.id == Answer.question_id)
        .where(Answer.response_id == response_id)
        .order_by(Question.position, Question.id, Answer.rank, Answer.id)).all()
    ids = {answer.option_id for answer, _label in rows if answer.option_id is not None}
    options = dict(db.session.execute(select(Option.id, Option.label).where(
        Option.id.in_(ids)).order_by(Option.id)).all()) if ids else {}
    grouped: dict[str, list[str]] = {}
    for answer, label in rows:
        value = _value(answer, options)
        if value:
            grouped.setdefault(label, []).append(value)
    return [{"question": label, "answer": ", ".join(values)}
            for label, values in grouped.items()]


def submission(row) -> dict:
    """``{"submission": …}`` of the response ``row`` belongs to (``row.response_id``);
    ``{}`` for a row without one."""
    response = db.session.get(Response, row.response_id) if row.response_id else None
    if response is None:
        return {}
    return {"submission": {"survey": response.survey.title,
                           "submitted_at": response.submitted_at,
                           "answers": answers_of(response.id)}}


def contact_access(row) -> dict:
    """A survey contact's consent (what was stored with it) and its submission."""
    from participation.core.personal_data import PERSONAL_TABLES

    consent = {"text": row.consent_text, "purpose": str(PERSONAL_TABLES["survey_contact"].purpose),
               "version": row.consent_version, "language": row.consent_language,
               "given_at": row.consented_at}
    return {"consent": consent, **submission(row)}
