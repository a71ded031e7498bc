"""What the public « Vos données personnelles » page says (RGPD art. 13 and 14), read from
the product's own sources so that it cannot drift from what is stored:

- who is responsible: ``PRIVACY_CONTROLLER`` else the territory's name, and
  ``PRIVACY_CONTACT`` (the DPO's address) when set (the territory model holds no DPO);
- what is kept, why, on which legal basis, seen by whom: one entry per table of the
  registry (``core.personal_data.PERSONAL_TABLES``, its resident-facing texts translated);
- how long: the territory's retention settings (``privacy.retention.retention_months``),
  in months, or « kept with the record » for a table without a period of its own.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext

from participation.core.personal_data import PERSONAL_TABLES
from participation.privacy.registre import LEGAL_BASES
from participation.privacy.retention import retention_keys, retention_months
from participation.territory.models import Territory

CNIL_COMPLAINT_URL = "https://www.cnil.fr/fr/adresser-une-plainte"


@dataclass(frozen=True)
class Processing:
    """One kind of personal data as the resident reads it: the texts are translated
    strings, ``retention`` a sentence (« 6 mois… »)."""

    label: str
    purpose: str
    data: str
    legal_basis: str
    recipients: str
    retention: str


def controller(territory: Territory | None) -> dict[str, str | None]:
    """``{"name": responsible body or None, "contact": DPO address or None}``."""
    config = current_app.config
    name = config.get("PRIVACY_CONTROLLER") or (territory.name if territory else None)
    return {"name": name, "contact": config.get("PRIVACY_CONTACT") or None}


def _retention(entry, months: dict[str, int]) -> str:
    if entry.retention_key is None:
        return _("Aussi longtemps que ce à quoi elles appartiennent (un questionnaire, une "
                 "contribution) ; effacées si vous le demandez.")
    text = ngettext("%(num)s mois.", "%(num)s mois.", months[entry.retention_key])
    if entry.retention_override is not None:
        text += " " + _("Une autre durée peut être annoncée là où vous les avez données : "
                        "c’est elle qui compte.")
    return text


def processings(territory_id: int | None) -> list[Processing]:
    """Every registered table, in the registry's order; periods of ``territory_id`` (its
    settings), or the registry's defaults on the general page (``None``)."""
    months = retention_months(territory_id) if territory_id else retention_keys()
    return [Processing(
        label=str(entry.label), purpose=str(entry.purpose), data=str(entry.data),
        legal_basis=str(LEGAL_BASES.get(entry.legal_basis, entry.legal_basis)),
        recipients=str(entry.recipients) or _("Coordination du contrat de ville"),
        retention=_retention(entry, months)) for entry in PERSONAL_TABLES.values()]
