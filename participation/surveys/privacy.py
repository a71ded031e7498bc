"""Survey personal data declared to the privacy registry (core/personal_data.py).

``survey_contact.value`` holds what the person typed ("Patrick 06 47 24 61 67") after
ticking the consent box; answers stay anonymous in ``survey_response``/``survey_answer`` —
except when a resident writes their own phone or e-mail into a free-text answer (security
finding 5), or names someone ("Mr Martin du 12 rue Pasteur…", tester t25coord): such an
answer is found by that contact or that name and blanked on erasure, as is a removed
question's answer kept on an offline receipt.
"""
from __future__ import annotations

import json
import uuid
from collections import Counter
from collections.abc import Callable

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from participation.core.personal_data import PersonalTable, register_personal_table
from participation.extensions import db
from participation.privacy.consent import register_consent_source
from participation.privacy.mentions import names_mentioned
from participation.surveys.access import contact_access, submission
from participation.surveys.contact_consents import record_missing
from participation.surveys.models import Answer, Response, Survey, SurveyContact
from participation.surveys.offline_models import OfflineReceipt


def erase_responses(ids: set[int]) -> Counter:
    """Delete the survey responses ``ids`` with their answers and contacts, and erase the
    contributions made of their free texts (``contributions.services.erase_texts``): a
    person's words, at their request. Flushed, not committed; returns what was erased per
    kind: ``{("survey", title): responses, "answers": n, "contributions": n}`` (a response
    deleted before counts nothing)."""
    from participation.contributions.models import Contribution
    from participation.contributions.services import erase_texts

    erased: Counter = Counter()
    if not ids:
        return erased
    answers = list(db.session.scalars(select(Answer.id).where(Answer.response_id.in_(ids))))
    erased["contributions"] += erase_texts((Contribution.source_type == "survey_answer")
                                           & Contribution.source_id.in_(answers)) \
        if answers else 0
    erased["answers"] += len(answers)
    for response in db.session.scalars(select(Response).where(Response.id.in_(ids))
                                       .order_by(Response.id)):
        erased[("survey", response.survey.title)] += 1
        db.session.delete(response)
    db.session.flush()
    return +erased


def _response_words(rows: list) -> Callable[[], Counter]:
    """The responses the rows belong to are the person's words (``PersonalTable.words``)."""
    ids = {row.response_id for row in rows if row.response_id}
    return lambda: erase_responses(ids)


def response_identities(rows: list) -> set[str]:
    """The identities of the submissions ``rows`` (contacts, answers, receipts) belong to:
    each response's ``external_id`` (import, ``reimport``) and its offline entry's
    ``client_uuid`` (``sync``), buried by an erasure (``privacy.tombstones``)."""
    ids = {row.response_id for row in rows if row.response_id}
    if not ids:
        return set()
    found = set(db.session.scalars(select(Response.external_id).where(
        Response.id.in_(ids), Response.external_id.is_not(None))))
    found |= set(db.session.scalars(select(OfflineReceipt.client_uuid).where(
        OfflineReceipt.response_id.in_(ids))))
    return found


def _same_response(row):
    return ("survey_response", row.response_id) if row.response_id else None


def _own_response(row):
    """An answer's (or receipt's) submission, when its text holds a whole phone or e-mail
    (``sets.contacts_of``): the author wrote their own contact, the response is theirs and
    its contacts are found with it (tester t28coord: Karima's phone, written in her answer,
    did not find the e-mail she left in the same response). An answer found only because
    it names someone ("Mme Benali fait du bruit") is a neighbour's: no bond, or erasing
    Mme Benali would erase the neighbour's contacts."""
    from participation.privacy.sets import contacts_of

    return _same_response(row) if contacts_of(row.__tablename__, row) else None


def _response_ids(bonds: set) -> set[int]:
    """The response ids among ``bonds`` (other features bond their own rows: an event
    sign-up and its reminder contact, ``events.privacy``)."""
    return {ident for kind, ident in bonds if kind == "survey_response"}


def _contacts_of_responses(bonds: set) -> list:
    ids = _response_ids(bonds)
    return list(db.session.scalars(select(SurveyContact).where(
        SurveyContact.response_id.in_(ids)).order_by(SurveyContact.id)))


def _answers_of_responses(bonds: set) -> list:
    """The answers of the responses ``bonds`` where the author wrote a whole phone or e-mail
    (``_own_response``): found with the submission's contacts."""
    ids = _response_ids(bonds)
    answers = db.session.scalars(select(Answer).where(
        Answer.response_id.in_(ids), Answer.text.is_not(None)).order_by(Answer.id))
    return [answer for answer in answers if _own_response(answer)]


def _canary(row, phone, email, token):
    row.value = f"{token} {phone} {email}"


register_personal_table(PersonalTable(
    model=SurveyContact, fields=("value",),
    label=_l("Contacts laissés dans les questionnaires"),
    purpose=_l("Recontacter les habitants qui l'ont demandé (par exemple pour le conseil "
               "citoyen ou un événement)."),
    data=_l("Nom, téléphone ou e-mail tels que saisis, avec le texte du consentement ; à "
            "part des réponses, qui restent anonymes. Ceux d'un fichier de réponses importé "
            "(Kobo, ODK, Google Forms, Excel) seulement pour les lignes dont le fichier porte "
            "le consentement, ou sur la déclaration de la coordination, inscrite au journal, "
            "d'un consentement recueilli hors du fichier."),
    legal_basis="consent", recipients=_l("Coordination du contrat de ville"),
    erase="delete",
    text_fields=("value",), name_in_text=True,
    joins=lambda stmt: stmt.join(Response, Response.id == SurveyContact.response_id)
    .join(Survey, Survey.id == Response.survey_id),
    territory=lambda: Survey.territory_id,
    retention_key="contacts", retention_months=6,
    retention_from=lambda: Survey.closes_at, canary=_canary, words=_response_words,
    submissions=response_identities, bond=_same_response, bonded=_contacts_of_responses,
    access=contact_access))


def _canary_answer(row, phone, _email, token):
    row.text = f"{token} rappelez-moi au {phone}"


def _canary_receipt(row, _phone, email, token):
    row.removed_answers = json.dumps([{"question": "Contact", "values": [f"{token} {email}"]}])


def _sample_receipt(territory):
    survey = db.session.scalar(select(Survey).where(Survey.territory_id == territory.id))
    if survey is None:
        survey = Survey(territory_id=territory.id, slug=f"exemple-{uuid.uuid4().hex[:8]}",
                        title="Exemple", intro="")
        db.session.add(survey)
        db.session.flush()
    response = Response(survey_id=survey.id, token=uuid.uuid4().hex, channel="papier")
    receipt = OfflineReceipt(client_uuid=str(uuid.uuid4()), survey_id=survey.id, response=response,
                             mode="papier")
    db.session.add(receipt)
    db.session.flush()
    return receipt


def _by_survey(stmt):
    return stmt.join(Response, Response.id == Answer.response_id).join(
        Survey, Survey.id == Response.survey_id)


register_personal_table(PersonalTable(
    model=Answer, fields=("text",),
    label=_l("Réponses libres contenant les coordonnées ou le nom d’une personne"),
    purpose=_l("Les réponses aux questionnaires sont anonymes ; une réponse où la personne a "
               "écrit son téléphone ou son e-mail est retrouvée par ce contact, une réponse "
               "qui nomme quelqu’un (« M. Martin ») par ce nom."),
    data=_l("Texte libre de la réponse (qui contient le téléphone, l'e-mail ou le nom)."),
    legal_basis="public_task", recipients=_l("Coordination du contrat de ville"),
    erase="blank", text_fields=("text",), joins=_by_survey, canary=_canary_answer, content=True,
    territory=lambda: Survey.territory_id, words=_response_words, mentions=names_mentioned,
    submissions=response_identities, bond=_own_response, bonded=_answers_of_responses,
    access=submission,
    retention_key=None, retention_months=None, retention_from=None))

register_personal_table(PersonalTable(
    model=OfflineReceipt, fields=("removed_answers",),
    label=_l("Réponses hors ligne à des questions retirées"),
    purpose=_l("Garder, avec le reçu d'une saisie hors ligne, les réponses aux questions "
               "retirées depuis ; retrouvées si elles contiennent le contact d'une personne."),
    data=_l("Libellé de la question retirée et réponses saisies."),
    legal_basis="public_task", recipients=_l("Coordination du contrat de ville"),
    erase="blank", blank={"removed_answers": ""}, text_fields=("removed_answers",), content=True,
    joins=lambda stmt: stmt.join(Survey, Survey.id == OfflineReceipt.survey_id),
    territory=lambda: Survey.territory_id, sample=_sample_receipt, canary=_canary_receipt,
    words=_response_words, submissions=response_identities, bond=_own_response,
    access=submission, retention_key=None, retention_months=None, retention_from=None))


register_consent_source(record_missing)
