"""A survey contact's consent as a consent record (tester t28res: a phone left in a survey
was never found by the public withdrawal form nor offered « Retirer ce consentement » on
/privacy/personne, both of which read ``privacy.models.ConsentRecord``).

A survey keeps its consent beside the contact (``SurveyContact.consent_text``, version,
language, date) and stores contacts by several paths (the form, offline sync, the quick
answer, bulk imports through driver inserts). So the records are made from the stored
contacts, whatever wrote them: ``record_missing`` gives each response holding consented
contacts one record (purpose « recontact »), keyed by the first phone and e-mail its
contacts hold (``masking.contacts_in``), pointing to its first contact; withdrawing it erases
every contact of that response (``privacy.consent.erase_consented_row``: one consent
covered them all), the anonymous answers stay. A response whose contacts hold no phone and
no e-mail (a name only) gets none: no one can be found, nor reached, by it.
"""
from __future__ import annotations

from sqlalchemy import select

from participation.extensions import db
from participation.privacy.models import ConsentRecord
from participation.surveys.models import Response, Survey, SurveyContact

SOURCE = "survey_contact"


def _keys(contacts: list[SurveyContact]) -> tuple[str | None, str | None]:
    """The first phone and the first e-mail written in ``contacts`` (normalised)."""
    from participation.privacy.masking import contacts_in

    found = [c for contact in contacts for c in sorted(contacts_in(contact.value))]
    phone = next((c for c in found if "@" not in c), None)
    return phone, next((c for c in found if "@" in c), None)


def _unrecorded(territory_id: int | None,
                response_id: int | None = None) -> dict[int, list[SurveyContact]]:
    """``{response id: [contacts]}`` of the responses (of ``territory_id``, or only
    ``response_id``) none of whose contacts a consent record points to, in id order."""
    recorded = select(ConsentRecord.source_id).where(ConsentRecord.source_table == SOURCE,
                                                     ConsentRecord.source_id.is_not(None))
    covered = select(SurveyContact.response_id).where(SurveyContact.id.in_(recorded))
    stmt = (select(SurveyContact).join(Response, Response.id == SurveyContact.response_id)
            .join(Survey, Survey.id == Response.survey_id)
            .where(SurveyContact.response_id.not_in(covered)))
    if territory_id is not None:
        stmt = stmt.where(Survey.territory_id == territory_id)
    if response_id is not None:
        stmt = stmt.where(SurveyContact.response_id == response_id)
    found: dict[int, list[SurveyContact]] = {}
    for contact in db.session.scalars(stmt.order_by(SurveyContact.response_id,
                                                    SurveyContact.id)):
        found.setdefault(contact.response_id, []).append(contact)
    return found


def record_missing(territory_id: int | None = None, response_id: int | None = None) -> int:
    """Record the consent of every survey response of ``territory_id`` (None: all) holding
    a consented phone or e-mail and no record yet; flushed, not committed. Returns how
    many records were made. The record keeps the text, version, language and date the
    contact was stored with (``SurveyContact.consent_*``)."""
    from participation.privacy.consent import record_consent

    made = 0
    for contacts in _unrecorded(territory_id, response_id).values():
        phone, email = _keys(contacts)
        if not phone and not email:
            continue
        first = contacts[0]
        consent = record_consent(
            first.response.survey.territory_id, "recontact", first.consent_text,
            first.consent_version, phone=phone, email=email, source_table=SOURCE,
            source_id=first.id, language=first.consent_language)
        consent.given_at = first.consented_at or consent.given_at
        made += 1
    if made:
        db.session.flush()
    return made


def response_consent(response_id: int | None) -> ConsentRecord | None:
    """The active consent record of the contacts a response kept, recorded now if it was
    not yet (committed); None when the response kept no phone nor e-mail. For the
    thank-you page, which says what was kept and gives its withdrawal link."""
    if response_id is None:
        return None
    if record_missing(response_id=response_id):
        db.session.commit()
    contacts = select(SurveyContact.id).where(SurveyContact.response_id == response_id)
    return db.session.scalar(select(ConsentRecord).where(
        ConsentRecord.source_table == SOURCE, ConsentRecord.source_id.in_(contacts),
        ConsentRecord.withdrawn_at.is_(None)).order_by(ConsentRecord.id))


def survey_of_consent(consent: ConsentRecord | None) -> int | None:
    """The survey id of an active survey contact consent; None for any other consent."""
    if consent is None or not consent.active or consent.source_table != SOURCE:
        return None
    return db.session.scalar(select(Response.survey_id).join(
        SurveyContact, SurveyContact.response_id == Response.id).where(
        SurveyContact.id == consent.source_id))


def survey_id_of(response_id: int) -> int:
    return db.session.scalar(select(Response.survey_id).where(Response.id == response_id))
