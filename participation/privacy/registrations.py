"""The foundation's personal data, declared to the registry (core/personal_data.py).

Staff accounts (``user_account``) are not residents' data and are left out. Other features
declare their own tables in ``participation/<feature>/privacy.py`` (see docs/privacy.md).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_

from participation.contributions.models import Contribution
from participation.core import clock
from participation.core.personal_data import PersonalTable, register_personal_table
from participation.privacy.access import consent_access
from participation.privacy.mentions import names_mentioned
from participation.privacy.models import ConsentRecord, WithdrawalRequest


def _contribution_words(rows: list) -> Callable[[], Counter]:
    """The contributions themselves are the person's words (``PersonalTable.words``)."""
    ids = {row.id for row in rows}

    def erase() -> Counter:
        from participation.contributions.services import erase_texts

        return +Counter(contributions=erase_texts(Contribution.id.in_(ids)) if ids else 0)
    return erase


def _sample_contribution(territory):
    from participation.contributions.services import record_contribution

    return record_contribution(territory.id, "Il manque un médecin.", attribution={
        "consent": True, "age_band": "25-39 ans", "place_name": "Cité Pasteur", "sex": "f"})


def _consent_match(phone, email):
    from participation.privacy.consent import contact_key

    keys = [(ConsentRecord.phone_key, contact_key(phone)),
            (ConsentRecord.email_key, contact_key(email))]
    conditions = [column == key for column, key in keys if key]
    return or_(*conditions) if conditions else None


def _sample_consent(territory):
    from participation.privacy.consent import record_consent

    return record_consent(territory.id, "recontact", "J'accepte d'être recontacté(e).", "v1",
                          phone="06 00 00 00 00", email="exemple@example.org")


def _canary_consent(row, phone, email, _token):
    from participation.privacy.consent import contact_key

    row.phone_key, row.email_key = contact_key(phone), contact_key(email)


CONTRIBUTION = register_personal_table(PersonalTable(
    model=Contribution, fields=("age_band", "place_name", "sex"),
    label=_l("Attribution des citations (contributions)"),
    purpose=_l("Signer une citation comme le font les contrats : « Habitante de la résidence "
               "Foch, 25-39 ans »."),
    data=_l("Tranche d'âge, lieu de vie (nom d'usage), sexe — seulement avec l'accord de la "
            "personne ; le texte de la contribution reste, anonyme."),
    legal_basis="consent", recipients=_l("Équipe du contrat de ville ; publications du "
                                          "contrat (citations)"),
    erase="blank", blank={"attribution_consent": False},
    holds_data=lambda: Contribution.attribution_consent.is_(True),
    retention_key="attribution", retention_months=36,
    retention_from=lambda: Contribution.said_on, sample=_sample_contribution,
    words=_contribution_words))

CONSENT = register_personal_table(PersonalTable(
    model=ConsentRecord, fields=("phone_key", "email_key"),
    label=_l("Preuves de consentement"),
    purpose=_l("Prouver le consentement donné (texte exact, version, date) et permettre son "
               "retrait."),
    data=_l("Empreintes chiffrées (HMAC) du téléphone et de l'e-mail, finalité, texte et "
            "version, dates."),
    legal_basis="legal_obligation", recipients=_l("Coordination du contrat de ville"),
    erase="blank", blank={"withdrawn_at": lambda row: row.withdrawn_at or clock.now(),
                          "withdrawn_by": lambda row: row.withdrawn_by or "erasure"},
    match=_consent_match,
    holds_data=lambda: or_(ConsentRecord.phone_key.is_not(None),
                           ConsentRecord.email_key.is_not(None)),
    retention_key="consent_proof", retention_months=72,
    retention_from=lambda: ConsentRecord.given_at, sample=_sample_consent,
    canary=_canary_consent, access=consent_access))



def _canary_text(row, phone, _email, token):
    row.text = f"{token} rappelez-moi au {phone}"


def _sample_plain_contribution(territory):
    from participation.contributions.services import record_contribution

    return record_contribution(territory.id, "Il manque un banc.")


# Contributions are anonymous, but a resident may write their phone or e-mail in one (a
# post-it, a table citoyenne, a paper form), or name someone ("Mme Dupont la gardienne…"):
# found by that contact or that name, the text is replaced on erasure (security finding 5).
CONTRIBUTION_TEXT = register_personal_table(PersonalTable(
    model=Contribution, key="contribution_text", fields=("text",),
    label=_l("Contributions contenant les coordonnées ou le nom d’une personne"),
    purpose=_l("Les contributions sont anonymes ; une contribution où la personne a écrit son "
               "téléphone ou son e-mail est retrouvée par ce contact, une contribution qui "
               "nomme quelqu’un (« M. Martin ») par ce nom."),
    data=_l("Texte de la contribution (qui contient le téléphone, l'e-mail ou le nom)."),
    legal_basis="public_task", recipients=_l("Équipe du contrat de ville"),
    erase="blank", blank={"text": "", "erased_at": lambda _row: clock.now()},
    text_fields=("text",), content=True,
    retention_key=None, retention_months=None, retention_from=None,
    sample=_sample_plain_contribution, canary=_canary_text, words=_contribution_words,
    mentions=names_mentioned))


def _sample_withdrawal_request(territory):
    from participation.core.person_keys import normalise_email, normalise_phone
    from participation.extensions import db

    row = WithdrawalRequest(territory_id=territory.id, phone=normalise_phone("06 00 00 00 01"),
                            email=normalise_email("exemple@example.org"), consents=1)
    db.session.add(row)
    db.session.flush()
    return row


# A resident's request to withdraw, from the public page, when the links could not be sent
# (``privacy.withdrawal_requests``): the contact they typed, until the team handles it.
WITHDRAWAL_REQUEST = register_personal_table(PersonalTable(
    model=WithdrawalRequest, fields=("phone", "email"),
    label=_l("Demandes de retrait du consentement"),
    purpose=_l("Retirer votre accord quand le lien de retrait n'a pas pu vous être envoyé : "
               "l'équipe traite la demande."),
    data=_l("Le téléphone ou l'e-mail que vous avez donné, la date de la demande."),
    legal_basis="rights_request", recipients=_l("Coordination du contrat de ville"),
    erase="delete", phone_field="phone", email_field="email",
    retention_key="withdrawal_request", retention_months=6,
    retention_from=lambda: WithdrawalRequest.created_at,
    sample=_sample_withdrawal_request))
