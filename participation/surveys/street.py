"""Micro-trottoir / porteurs de parole: open questions asked in the street.

Each short answer is stored as a response (channel "micro_trottoir") and as a Contribution
with the place it was said and, only with the person's consent, an attribution (age band,
place name, sex) so the analyses can quote it the way contracts do.
"""
from __future__ import annotations

from flask_babel import gettext as _

from participation.contributions.models import AGE_BANDS, SEXES
from participation.contributions.services import record_contribution
from participation.core import clock
from participation.core.errors import DomainError
from participation.extensions import db
from participation.surveys.answering import MAX_TEXT
from participation.surveys.models import TEXT_TYPES, Survey
from participation.surveys.responses import build_response, existing


def open_questions(survey: Survey) -> list:
    return [q for q in survey.questions if q.type in TEXT_TYPES and not q.personal]


def _attribution(consent: bool, age_band: str, place_name: str, sex: str) -> dict:
    """The attribution of a quote; ``DomainError`` for an unknown band or sex, and for
    details typed without the person's consent: refused rather than dropped silently (field
    test t26field, defect 3), as the online survey refuses a contact without consent."""
    if not consent and (age_band or place_name.strip() or sex):
        raise DomainError(_("Cochez la case d'accord de la personne pour garder ces "
                            "précisions, ou effacez-les."), field="consent")
    if age_band and age_band not in AGE_BANDS:
        raise DomainError(_("Tranche d'âge inconnue."), field="age_band")
    if sex and sex not in SEXES:
        raise DomainError(_("Valeur inconnue."), field="sex")
    return {"consent": consent, "age_band": age_band, "place_name": place_name.strip()[:200],
            "sex": sex}


def check_street(survey: Survey, texts: dict[int, str], place: str, consent: bool = False,
                 age_band: str = "", place_name: str = "", sex: str = "") -> tuple[dict, dict]:
    """The values to store and the attribution; ``DomainError`` (French, with its field)
    when the place is missing, no answer was noted or the attribution is unknown."""
    if not place.strip():
        raise DomainError(_("Indiquez où les réponses ont été recueillies."), field="place")
    questions = {q.id for q in open_questions(survey)}
    values = {qid: {"text": t.strip()[:MAX_TEXT]} for qid, t in texts.items()
              if qid in questions and t and t.strip()}
    if not values:
        raise DomainError(_("Notez au moins une réponse."), field="answers")
    return values, _attribution(consent, age_band, place_name, sex)


def add_street_response(survey: Survey, values: dict, attribution: dict, *, token: str,
                        place: str, user_id: int | None, submitted_at=None):
    """Add (flushed, not committed) the response and one Contribution per answer."""
    questions = {q.id: q for q in open_questions(survey)}
    extra = {"submitted_at": submitted_at} if submitted_at else {}
    response = build_response(survey, values, token=token, channel="micro_trottoir",
                              place=place.strip()[:200], created_by_id=user_id, **extra)
    db.session.add(response)
    db.session.flush()
    for answer in response.answers:
        question = questions[answer.question_id]
        record_contribution(
            survey.territory_id, answer.text, kind=question.contribution_kind,
            source_format="micro_trottoir", source_type="survey_answer", source_id=answer.id,
            source_label=f"{survey.title} — {response.place}", quartier_id=response.quartier_id,
            said_on=clock.local_day(response.submitted_at),
            challenge_ids=[c.id for c in question.challenges],
            attribution=attribution, created_by_id=user_id, commit=False, origin="question",
            suggest=True)
    return response


def record_street_answers(survey: Survey, texts: dict[int, str], *, token: str, place: str,
                          user_id: int | None, consent: bool = False, age_band: str = "",
                          place_name: str = "", sex: str = ""):
    """One interview in the street: answers + contributions, stored once per token."""
    if not place.strip():
        raise DomainError(_("Indiquez où les réponses ont été recueillies."), field="place")
    previous = existing(token)
    if previous is not None:
        return previous
    values, attribution = check_street(survey, texts, place, consent, age_band, place_name,
                                       sex)
    response = add_street_response(survey, values, attribution, token=token, place=place,
                                   user_id=user_id)
    db.session.commit()
    return response
