"""Conseil citoyen personal data declared to the privacy registry (core/personal_data.py).

A candidate's name and contact are in ``council_candidate_contact`` (consent given on the
form); the candidacy keeps profile fields used for the draw with parity; invitations hold a
survey contact. Members' public names are the council's public record and are not purged.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from participation.core.personal_data import (
    PersonalTable,
    register_personal_table,
    text_contains_contact,
)
from participation.council.models import Candidacy, CandidateContact, Council, Invitation

RECIPIENTS = _l("Coordination du contrat de ville ; comité du tirage au sort")


def _contact_match(phone, email):
    conditions = [c for c in (text_contains_contact(CandidateContact.phone, phone, None),
                              text_contains_contact(CandidateContact.email, None, email))
                  if c is not None]
    return or_(*conditions) if conditions else None


def _candidacy_match(phone, email):
    match = _contact_match(phone, email)
    if match is None:
        return None
    return Candidacy.id.in_(select(CandidateContact.candidacy_id).where(match))


def _canary_contact(row, phone, email, token):
    row.name, row.phone, row.email = token, phone, email


register_personal_table(PersonalTable(
    model=CandidateContact, fields=("name", "phone", "email"),
    label=_l("Candidats au conseil citoyen : identité et contact"),
    purpose=_l("Tirer au sort les membres du collège habitants et les contacter."),
    data=_l("Nom, téléphone, e-mail, date du consentement."),
    legal_basis="consent", recipients=RECIPIENTS, erase="delete", match=_contact_match,
    joins=lambda stmt: stmt.join(Candidacy, Candidacy.id == CandidateContact.candidacy_id)
    .join(Council, Council.id == Candidacy.council_id),
    territory=lambda: Council.territory_id,
    retention_key="council", retention_months=48,
    retention_from=lambda: Candidacy.created_at, canary=_canary_contact))

register_personal_table(PersonalTable(
    model=Candidacy, fields=("sex", "age_band", "place_name", "structure_name", "motivation",
                             "availability"),
    label=_l("Candidatures au conseil citoyen : profil"),
    purpose=_l("Tirage au sort avec parité femmes-hommes ; composition du conseil."),
    data=_l("Sexe, tranche d'âge, lieu de vie, structure, motivation, disponibilités."),
    legal_basis="consent", recipients=RECIPIENTS, erase="blank", match=_candidacy_match,
    joins=lambda stmt: stmt.join(Council, Council.id == Candidacy.council_id),
    territory=lambda: Council.territory_id,
    retention_key="council", retention_months=48,
    retention_from=lambda: Candidacy.created_at))

register_personal_table(PersonalTable(
    model=Invitation, fields=("contact",),
    label=_l("Invitations à candidater"),
    purpose=_l("Inviter à candidater les habitants qui l'ont demandé dans un questionnaire."),
    data=_l("Téléphone ou e-mail tel que laissé dans le questionnaire."),
    legal_basis="consent", recipients=RECIPIENTS, erase="delete",
    match=lambda phone, email: text_contains_contact(Invitation.contact, phone, email),
    retention_key="contacts", retention_months=6,
    retention_from=lambda: Invitation.created_at,
    sample=lambda territory: _sample_invitation(territory),
    canary=lambda row, phone, email, token: setattr(row, "contact", f"{token} {phone}")))


def _sample_invitation(territory):
    import secrets

    from participation.extensions import db

    invitation = Invitation(territory_id=territory.id, contact="06 00 00 00 00",
                            token=secrets.token_hex(8))
    db.session.add(invitation)
    return invitation
