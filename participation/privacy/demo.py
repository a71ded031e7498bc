"""Demo: one attributed quote with its consent, findable by a fictional phone number, and a
withdrawal request for it from the public page (a task on /privacy/personne)."""
from __future__ import annotations

from sqlalchemy import select

from participation.contributions.models import Contribution
from participation.core.person_keys import normalise_phone
from participation.extensions import db
from participation.privacy.consent import record_consent
from participation.privacy.models import ConsentRecord, WithdrawalRequest

DEMO_PHONE = "06 00 00 00 99"
QUOTE_TEXT = ("J'accepte que ma parole soit citée avec mon lieu de vie, ma tranche d'âge et mon "
              "sexe, sans mon nom.")


def load(territory) -> None:
    if db.session.scalar(select(ConsentRecord.id).where(
            ConsentRecord.territory_id == territory.id, ConsentRecord.purpose == "quote",
            ConsentRecord.source_table == "contribution")):
        return
    contribution = db.session.scalar(select(Contribution).where(
        Contribution.territory_id == territory.id).order_by(Contribution.id))
    if contribution is None:
        return
    contribution.attribution_consent = True
    contribution.age_band, contribution.sex = "40-59 ans", "f"
    contribution.place_name = "Cité Pasteur"
    record_consent(territory.id, "quote", QUOTE_TEXT, "2024-01", phone=DEMO_PHONE,
                   source_table="contribution", source_id=contribution.id)
    db.session.add(WithdrawalRequest(territory_id=territory.id,
                                     phone=normalise_phone(DEMO_PHONE), consents=1))
    db.session.commit()
