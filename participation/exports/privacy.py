"""Staff-written texts of the section declared to the privacy registry (tester t26coord,
defect 3).

A coordinator's own wording of a section block, or a challenge's validated draft
(``SectionText``), may name a resident (« Nadia Bouchareb, habitante… (contact : 06 71 82 93
04) ») and goes public in the DOCX/ODT/HTML section. The person search finds it by the phone,
e-mail or name it holds; the erasure replaces the mentions (``privacy.redaction``), the rest
of the text stays. The year-on-year choices ("choix:…", codes) are not texts.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from participation.core.personal_data import PersonalTable, register_personal_table
from participation.exports.models import SectionText
from participation.extensions import db
from participation.privacy.redaction import redact_fields


def _sample(territory):
    row = SectionText(territory_id=territory.id, key="theme-exemple",
                      text="Une habitante est venue au conseil.")
    db.session.add(row)
    db.session.flush()
    return row


def _canary(row, phone, email, token):
    row.text = f"Rencontrée : {token}, habitante (contact : {phone}, {email})."


register_personal_table(PersonalTable(
    model=SectionText, fields=("text",),
    label=_l("Textes rédigés par l’équipe (section du contrat, textes validés)"),
    purpose=_l("Rédiger la section participation du contrat de ville ; un texte qui nomme "
               "une personne ou donne son contact est retrouvé par ce nom ou ce contact."),
    data=_l("Texte rédigé ou validé par la coordination (la mention de la personne)."),
    legal_basis="public_task", recipients=_l("Signataires du contrat de ville, public"),
    erase="redact", redact=redact_fields(("text",)), text_fields=("text",),
    name_in_text=True, holds_data=lambda: ~SectionText.key.startswith("choix:"),
    sample=_sample, canary=_canary,
    retention_key=None, retention_months=None, retention_from=None))
