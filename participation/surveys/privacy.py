"""Survey personal data declared to the privacy registry (core/personal_data.py).

``survey_contact.value`` holds what the person typed ("Patrick 06 47 24 61 67") after
ticking the consent box; answers stay anonymous in ``survey_response``/``survey_answer``.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from participation.core.personal_data import (
    PersonalTable,
    register_personal_table,
    text_contains_contact,
)
from participation.surveys.models import Response, Survey, SurveyContact


def _canary(row, phone, email, token):
    row.value = f"{token} {phone} {email}"


register_personal_table(PersonalTable(
    model=SurveyContact, fields=("value",),
    label=_l("Contacts laissés dans les questionnaires"),
    purpose=_l("Recontacter les habitants qui l'ont demandé (par exemple pour le conseil "
               "citoyen ou un événement)."),
    data=_l("Nom, téléphone ou e-mail tels que saisis, avec le texte du consentement ; à "
            "part des réponses, qui restent anonymes."),
    legal_basis="consent", recipients=_l("Coordination du contrat de ville"),
    erase="delete",
    match=lambda phone, email: text_contains_contact(SurveyContact.value, phone, email),
    joins=lambda stmt: stmt.join(Response, Response.id == SurveyContact.response_id)
    .join(Survey, Survey.id == Response.survey_id),
    territory=lambda: Survey.territory_id,
    retention_key="contacts", retention_months=6,
    retention_from=lambda: Survey.closes_at, canary=_canary))
