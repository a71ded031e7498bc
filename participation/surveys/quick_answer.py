"""A resident's plain answer stored with a few Core statements (issue #16, writes).

The answer POST's usual case — a first, valid submission of an open survey with a fresh
one-time token — is read against the survey's snapshot (``surveys.snapshot``: no ORM load)
with the same functions as always (``form_pages.read_submission``: the same conditions,
messages and consent rule) and written in one transaction on one pooled driver connection
outside the ORM session (``core.driver_insert.DriverConnection``: the session's transaction
bookkeeping cost more than SQLite's commit; the session's own connection when it already
holds one in this request, ``writer_for``):

0. the one-time token is looked up first (a replay goes to the full path, thanked again);
1. the response (``INSERT … RETURNING id``; its unique ``token`` is the one-time token: a
   concurrent double submit fails on it, and gets the stored response, as
   ``responses.submit_response`` does);
2. its answers in one ``executemany`` (``responses.answer_dicts``, the rows of the ORM path
   and the imports), each free text (text question, "Autre") with its own ``RETURNING``;
3. one Contribution per free text (``record_contribution``'s values: source
   "survey_answer", format "enquete", the response's quartier and day), tagged with its
   question's challenges (origin "question"), else queued for its suggestion
   (``analysis.pending``: scored in batches after the response);
4. the consented contacts apart (``SurveyContact``, only with consent, as ``build_response``);
5. the commit. No version is written: the analyses' data version counts the territory's
   responses (``core.data_version``: no row that every answer of a territory would update
   and lock until its commit), and answers never show on the public pages
   (``core.pagecache``: their models are quiet).

Anything else (unknown survey, bot, replayed token, closed survey, errors, newly shown
questions, a browser that already answered) goes through the view's full path, unchanged.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError

from participation.analysis import pending
from participation.contributions.models import Contribution, ContributionChallenge
from participation.core import clock
from participation.core.database import SQLiteWriters
from participation.core.driver_insert import (
    DriverInsert,
    DriverQuery,
    integrity_errors,
    writer_for,
)
from participation.core.i18n import current_language
from participation.core.models import utcnow
from participation.core.security import HONEYPOT_FIELD
from participation.extensions import db
from participation.surveys.form_pages import read_submission
from participation.surveys.models import (
    CONSENT_VERSION,
    TEXT_TYPES,
    Answer,
    Response,
    SurveyContact,
)
from participation.surveys.page_language import page_language
from participation.surveys.responses import (
    ANSWER_KEYS,
    answer_dicts,
    consent_text,
    quartier_from,
    stored_under,
)
from participation.surveys.snapshot import QuestionSnapshot, SurveySnapshot, survey_snapshot

RESPONSES, ANSWERS = Response.__table__, Answer.__table__
CONTRIBUTIONS, TAGS = Contribution.__table__, ContributionChallenge.__table__
TOKEN_USED = DriverQuery(select(RESPONSES.c.id).where(RESPONSES.c.token == bindparam("token")))
# Inserts compiled once per dialect and run on the driver's cursor (``core.driver_insert``:
# SQLAlchemy's execution cost five to ten times SQLite running these small statements).
# None of them needs the ORM's listeners: no public page shows these rows (their models are
# quiet, ``core.pagecache``) and the analyses' version counts the responses
# (``core.data_version``).
ANSWER_COLUMNS = (*ANSWER_KEYS, "response_id")
INSERT_RESPONSE = DriverInsert(RESPONSES, ("survey_id", "token", "channel", "quartier_id",
                                           "submitted_at", "language"), returning="id")
INSERT_ANSWER = DriverInsert(ANSWERS, ANSWER_COLUMNS)
INSERT_FREE_TEXT = DriverInsert(ANSWERS, ANSWER_COLUMNS, returning="id")
INSERT_CONTRIBUTION = DriverInsert(CONTRIBUTIONS, (
    "territory_id", "text", "kind", "author_role", "source_format", "source_type",
    "source_id", "source_label", "quartier_id", "said_on", "created_at", "updated_at"),
    returning="id")
INSERT_TAG = DriverInsert(TAGS, ("contribution_id", "challenge_id", "origin", "tagged_by_id",
                                 "tagged_at"))
INSERT_CONTACT = DriverInsert(SurveyContact.__table__, (
    "response_id", "question_id", "value", "consent_text", "consent_version",
    "consent_language"))
MAX_TOKEN = 64  # ``Response.token``'s length (``responses.submit_response`` refuses longer)


def plain_survey(slug: str, form) -> SurveySnapshot | None:
    """The survey's snapshot when the request may take the quick path: the survey exists and
    is open, no honeypot, a well-formed one-time token (whether it was used is checked by
    ``store_if_valid``, on its connection); else None."""
    token = form.get("token", "")
    if not token or len(token) > MAX_TOKEN or form.get(HONEYPOT_FIELD, "").strip():
        return None
    survey = survey_snapshot(slug)
    if survey is None or not survey.is_open():
        return None
    return survey


def token_used(token: str, connection=None) -> int | None:
    """The id of the response stored under ``token``, or None; read on ``connection`` (a
    ``DriverConnection``), else on the session's."""
    return TOKEN_USED.scalar(connection if connection is not None else
                             db.session.connection(), {"token": token})


def store_if_valid(survey: SurveySnapshot, form) -> int | None:
    """Read ``form`` (``read_submission``); without errors nor newly shown questions, and
    with a one-time token not used yet, store it and return the response id, else None
    (nothing written: the full path answers, a replay with its "already sent" thanks)."""
    values, errors, _shown, newly = read_submission(survey, form)
    if errors or newly:
        return None
    token = form.get("token", "")
    with writer_for(db.session, db.engine) as connection:
        if token_used(token, connection) is not None:
            return None
        return store(survey, values, token, consent=bool(form.get("consent")),
                     language=page_language(), connection=connection)


def store(survey: SurveySnapshot, values: dict, token: str, *, consent: bool,
          language: str | None, connection=None) -> int:
    """Store the response (see the module docstring) on ``connection`` (a
    ``core.driver_insert`` ``DriverConnection`` or ``SessionConnection``; ``writer_for``'s
    when None) and commit; returns its id, or the id of the response a concurrent request
    stored first under the same token."""
    if connection is None:
        with writer_for(db.session, db.engine) as own:
            return store(survey, values, token, consent=consent, language=language,
                         connection=own)
    now, quartier_id = utcnow(), quartier_from(survey, values)
    try:
        with SQLiteWriters.of(db.engine):  # one quick writer at a time on a SQLite file
            response_id = INSERT_RESPONSE.one(connection, {
                "survey_id": survey.id, "token": token, "channel": "web",
                "quartier_id": quartier_id, "submitted_at": now, "language": language})
            free = _answers(connection, survey, response_id, values, consent)
            untagged = _contributions(connection, survey, free, quartier_id, now)
            pending.enqueue(survey.territory_id, untagged, connection)
            connection.commit()
    except (IntegrityError, *integrity_errors(connection)) as error:
        connection.rollback()
        return stored_under(token, error, lambda used: token_used(used, connection))
    if untagged:
        pending.drain_soon()
    return response_id


def _is_free_text(question: QuestionSnapshot, row: dict) -> bool:
    """A free text that becomes a contribution (``responses.text_answers``)."""
    return bool((row["text"] or "").strip()) and (
        question.type in TEXT_TYPES or bool(row["is_other"]))


def _answers(connection, survey: SurveySnapshot, response_id: int, values: dict,
             consent: bool) -> list[tuple[QuestionSnapshot, int, str]]:
    """Insert the answers and consented contacts; returns ``(question, answer id, text)`` of
    the free texts."""
    rows, free_rows, contacts = [], [], []
    for question in survey.questions:
        value = values.get(question.id)
        if value is None:
            continue
        if question.personal:
            if consent and value.get("text"):
                contacts.append({"response_id": response_id, "question_id": question.id,
                                 "value": value["text"], "consent_text": consent_text(),
                                 "consent_version": CONSENT_VERSION,
                                 "consent_language": current_language()})
            continue
        for row in answer_dicts(question, value):
            row["response_id"] = response_id
            (free_rows if _is_free_text(question, row) else rows).append((question, row))
    INSERT_ANSWER.many(connection, [row for _question, row in rows])
    INSERT_CONTACT.many(connection, contacts)
    return [(question, INSERT_FREE_TEXT.one(connection, row), row["text"].strip())
            for question, row in free_rows]


def _contributions(connection, survey: SurveySnapshot, free: list, quartier_id: int | None,
                   now: datetime) -> list[int]:
    """One contribution per free text, tagged with its question's challenges; returns the
    ids of those left untagged (to suggest)."""
    untagged, tags = [], []
    for question, answer_id, text in free:
        contribution_id = INSERT_CONTRIBUTION.one(connection, {
            "territory_id": survey.territory_id, "text": text,
            "kind": question.contribution_kind, "author_role": "habitant",
            "source_format": "enquete", "source_type": "survey_answer", "source_id": answer_id,
            "source_label": survey.title, "quartier_id": quartier_id,
            "said_on": clock.local_day(now), "created_at": now, "updated_at": now})
        if not question.challenge_ids:
            untagged.append(contribution_id)
        tags.extend({"contribution_id": contribution_id, "challenge_id": challenge_id,
                     "origin": "question", "tagged_by_id": None, "tagged_at": now}
                    for challenge_id in question.challenge_ids)
    INSERT_TAG.many(connection, tags)
    return untagged
