"""Texts the staff write about a contribution, declared to the registry (task s27erase):
the public reply to it (« Merci Mme Bouchareb, … ») and the label of its source (« Carnet
de M. Haddad »). The contribution's own text is registered with the foundation's tables
(``privacy.registrations``)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from participation.contributions.models import Contribution
from participation.privacy.staff_texts import register_staff_text


def _where(contribution: Contribution) -> str:
    from flask_babel import gettext as _

    from participation.core.templating import day

    return _("Contribution n° %(id)s du %(date)s", id=contribution.id,
             date=day(contribution.said_on))


def _sample(territory) -> Contribution:
    from participation.contributions.services import record_contribution

    return record_contribution(territory.id, "Le square ferme trop tôt.",
                               source_label="Permanence du centre social")


REPLIES = register_staff_text(
    Contribution, ("public_reply", "source_label"), key="contribution_reply",
    label=_l("Contributions : réponses publiques et sources écrites par l’équipe"),
    purpose=_l("Répondre publiquement aux contributions et dire d’où elles viennent ; une "
               "réponse ou une source qui nomme une personne est retrouvée par ce nom."),
    where=_where, sample=_sample)
