"""Storing one response: answers, the consented contact apart, contributions for the analyses.

``submit_response`` owns the transaction and the one-time token: posting the same token twice
(double click, retry on a flaky network) stores one response and returns it both times.
"""
from __future__ import annotations

import secrets
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from participation.contributions.models import Contribution
from participation.contributions.services import apply_source_tags, record_contribution
from participation.core import clock
from participation.core.errors import DomainError
from participation.core.i18n import current_language
from participation.extensions import db
from participation.surveys.models import (
    CONSENT_VERSION,
    TEXT_TYPES,
    Answer,
    Response,
    Survey,
    SurveyContact,
)
from participation.surveys.state import not_open_message


class SurveyClosed(DomainError):
    pass


def new_token() -> str:
    return secrets.token_urlsafe(24)


def consent_text() -> str:
    return _("J'accepte que mes coordonnées soient conservées pour être recontacté(e) au sujet "
             "de ce questionnaire. Elles restent séparées de mes réponses et ne sont jamais "
             "publiées ; je peux demander leur effacement à tout moment.")


ANSWER_KEYS = ("question_id", "option_id", "rank", "is_other", "text", "number", "date_value")


def answer_dicts(question, value: dict) -> list[dict]:
    """The answer rows of one value (shared by the ORM path and the bulk import)."""
    blank = dict.fromkeys(ANSWER_KEYS) | {"question_id": question.id, "is_other": False}
    if "options" in value:
        rows = [blank | {"option_id": oid, "rank": i + 1 if question.type == "ranking" else None}
                for i, oid in enumerate(value["options"])]
        if value.get("other"):
            rows.append(blank | {"is_other": True, "text": value["other"]})
        return rows
    return [blank | {"text": value.get("text"), "number": value.get("number"),
                     "date_value": value.get("date")}]


def _answers_for(question, value: dict) -> list[Answer]:
    return [Answer(**row) for row in answer_dicts(question, value)]


def quartier_from(survey: Survey, values: dict) -> int | None:
    for question in survey.questions:
        for option in question.options:
            if option.quartier_id and option.id in values.get(question.id, {}).get(
                    "options", []):
                return option.quartier_id
    return survey.quartiers[0].id if len(survey.quartiers) == 1 else None


def build_response(survey: Survey, values: dict, *, consent: bool = False,
                   consent_label: str | None = None, **fields) -> Response:
    """A Response with its answers and (only if ``consent``) its contacts; not yet added."""
    # the survey itself, not only its id: a write's territory is traced through it
    # (core.data_version), else every territory's version changes
    response = Response(survey=survey, token=fields.pop("token", None) or new_token(),
                        **fields)
    if response.quartier_id is None:
        response.quartier_id = quartier_from(survey, values)
    for question in survey.questions:
        value = values.get(question.id)
        if value is None:
            continue
        if question.personal:
            if consent and value.get("text"):
                response.contacts.append(SurveyContact(
                    question_id=question.id, value=value["text"],
                    consent_text=consent_label or consent_text(),
                    consent_version=CONSENT_VERSION, consent_language=current_language()))
            continue
        response.answers.extend(_answers_for(question, value))
    return response


def text_answers(survey: Survey, answers) -> list[tuple]:
    """(question, answer) for every free text of ``answers``: text questions and "other"."""
    questions = {q.id: q for q in survey.questions if not q.personal}
    found = []
    for answer in answers:
        question = questions.get(answer.question_id)
        if question is None or not (answer.text or "").strip():
            continue
        if question.type in TEXT_TYPES or answer.is_other:
            found.append((question, answer))
    return found


def record_contributions(survey: Survey, response: Response, suggest: bool = True) -> list:
    """Every free-text answer becomes a Contribution (needs flushed ids), tagged with its
    question's challenges (origin "question"), or, untagged question, with the best suggestion
    when ``suggest`` (the bulk import suggests once for all its rows). Their source is the
    survey's title, with the place of collection when there is one ("Enquête — Place du
    marché", as a micro-trottoir's: ``street.add_street_response``). Returns them."""
    recorded = []
    label = f"{survey.title} — {response.place}" if response.place else survey.title
    for question, answer in text_answers(survey, response.answers):
        recorded.append(record_contribution(
            survey.territory_id, answer.text, kind=question.contribution_kind,
            source_format="enquete", source_type="survey_answer", source_id=answer.id,
            source_label=label, quartier_id=response.quartier_id,
            said_on=clock.local_day(response.submitted_at), origin="question",
            challenge_ids=[c.id for c in question.challenges], commit=False, suggest=suggest))
    return recorded


def retag_question_answers(question) -> int:
    """The question's challenges changed: its answers' contributions follow (see
    ``contributions.services.apply_source_tags``). The caller commits."""
    answer_ids = select(Answer.id).where(Answer.question_id == question.id)
    found = db.session.scalars(select(Contribution).where(
        Contribution.source_type == "survey_answer", Contribution.source_id.in_(answer_ids)))
    return apply_source_tags(found.all(), [c.id for c in question.challenges])


def check_open(survey: Survey) -> None:
    """Raise ``SurveyClosed`` with the resident's message (``state.not_open_message``: it
    opens on a date to come, or it is closed) when the survey takes no answers now."""
    if not survey.is_open():
        raise SurveyClosed(not_open_message(survey))


def existing(token: str) -> Response | None:
    return db.session.scalar(select(Response).where(Response.token == token))


def stored_under(token: str, error: IntegrityError, lookup=existing):
    """After ``error`` on storing an answer: roll back and return what ``lookup(token)``
    finds (a concurrent double submit took the one-time token first: its answer stands);
    re-raise ``error`` when nothing holds the token (another constraint failed)."""
    db.session.rollback()
    earlier = lookup(token)
    if earlier is None:
        raise error
    return earlier


def submit_response(survey: Survey, values: dict, token: str, *, consent: bool = False,
                    channel: str = "web", place: str | None = None,
                    created_by_id: int | None = None, quartier_id: int | None = None,
                    submitted_at: datetime | None = None, must_be_open: bool = True,
                    language: str | None = None) -> Response:
    """Store the response once per token; a replayed token returns the stored response.
    ``language``: the tag the questionnaire was shown in (``page_language``)."""
    if not token or len(token) > 64:
        raise DomainError(_("Le formulaire a expiré. Rechargez la page et validez à nouveau."))
    previous = existing(token)
    if previous is not None:
        if previous.survey_id != survey.id:
            raise DomainError(_("Le formulaire a expiré. Rechargez la page."))
        return previous
    if must_be_open:
        check_open(survey)
    fields = {"token": token, "channel": channel, "place": place,
              "created_by_id": created_by_id, "quartier_id": quartier_id, "language": language}
    if submitted_at:
        fields["submitted_at"] = submitted_at
    response = build_response(survey, values, consent=consent, **fields)
    db.session.add(response)
    try:
        db.session.flush()
        recorded = record_contributions(survey, response, suggest=False)
        untagged = [c.id for c in recorded if not c.tags]
        suggest_later(survey.territory_id, untagged)
        db.session.commit()
    except IntegrityError as error:
        return stored_under(token, error)
    if untagged:
        from participation.analysis import pending

        pending.drain_soon()
    return response


def suggest_later(territory_id: int, contribution_ids: list[int]) -> None:
    """Queue the new untagged contributions for their suggested challenge
    (``analysis.pending``: scored in batches once the resident has the answer), in the
    answer's transaction; the caller commits, then calls ``pending.drain_soon``."""
    from participation.analysis import pending

    pending.enqueue(territory_id, contribution_ids)
