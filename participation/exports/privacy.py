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

from participation.exports.models import SectionText
from participation.extensions import db
from participation.privacy.staff_texts import register_staff_text


def _sample(territory):
    row = SectionText(territory_id=territory.id, key="theme-exemple",
                      text="Une habitante est venue au conseil.")
    db.session.add(row)
    db.session.flush()
    return row


def _where(row: SectionText) -> str:
    from flask_babel import gettext as _

    return _("Section du contrat, bloc « %(key)s »", key=row.key)


register_staff_text(
    SectionText, ("text",),
    label=_l("Textes rédigés par l’équipe (section du contrat, textes validés)"),
    purpose=_l("Rédiger la section participation du contrat de ville ; un texte qui nomme "
               "une personne ou donne son contact est retrouvé par ce nom ou ce contact."),
    where=_where, sample=_sample, holds_data=lambda: ~SectionText.key.startswith("choix:"))
