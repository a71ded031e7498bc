"""The consent texts features show, one per purpose, with their version.

A feature shows ``consent_text(purpose)`` next to an *optional, unticked* checkbox (macro
``consent_box`` in templates/_macros/privacy.html) and, when ticked, stores the same text and
``CONSENT_VERSION`` with ``record_consent``. Change a text => change its version: records keep
the exact text each person saw.
"""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

CONSENT_VERSION = "2024-1"
CONSENT_TEXTS = {
    "recontact": _l("J'accepte que l'équipe du contrat de ville garde mon numéro de téléphone "
                    "ou mon e-mail pour me recontacter au sujet de cette démarche. Ils sont "
                    "conservés à part de mes réponses, puis effacés %(months)s mois après sa "
                    "fin. Je peux retirer mon accord à tout moment."),
    "reminders": _l("J'accepte de recevoir un rappel avant l'événement. Mon contact est effacé "
                    "%(months)s mois après l'événement. Je peux retirer mon accord à tout "
                    "moment depuis le lien reçu."),
    "council": _l("J'accepte que ma candidature au conseil citoyen (nom, contact, collège) soit "
                  "conservée pour le tirage au sort et la vie du conseil, %(months)s mois au "
                  "plus après la fin du mandat. Je peux retirer mon accord à tout moment."),
    "quote": _l("J'accepte que ma parole soit citée avec mon lieu de vie, ma tranche d'âge et "
                "mon sexe, jamais avec mon nom."),
}

# What withdrawing each purpose's consent erases and what stays, as the registry erases it
# (``consent.erase_consented_row``: the row the consent covers, ``privacy.registrations`` and
# each feature's ``privacy.py``). A sign-up's name is given for the sign-up itself, not for
# the reminders: it stays until the sign-up is cancelled (tester t28res read « sans votre
# nom » and found « Karim Haddad » on the registration).
WITHDRAWAL_EFFECTS = {
    "recontact": _l("Les coordonnées laissées avec vos réponses (nom, téléphone, e-mail) sont "
                    "effacées. Vos réponses restent, anonymes."),
    "reminders": _l("Votre téléphone ou votre e-mail est effacé : vous ne recevrez plus de "
                    "rappel. Votre inscription reste, à votre nom ; pour l'annuler, utilisez "
                    "le lien de votre inscription."),
    "council": _l("Le nom, le téléphone et l'e-mail de votre candidature au conseil citoyen "
                  "sont effacés."),
    "quote": _l("Votre parole n'est plus citée avec votre lieu de vie, votre tranche d'âge et "
                "votre sexe. Le texte reste, anonyme."),
}


def consent_text(purpose: str, months: int | None = None) -> str:
    """The text to show and to store, in the current language, with its period filled in."""
    text = str(CONSENT_TEXTS[purpose])
    return text % {"months": months} if "%(months)s" in text else text


def withdrawal_hint() -> str:
    return _("Vous pourrez retirer votre accord à tout moment, sans justification.")
