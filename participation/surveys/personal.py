"""Which questions and columns hold personal data (name, phone, e-mail, address).

Source of the rule: the labels French forms really use for contact data (Google Forms
« Nom », « Prénom », « Adresse mail », « Numéro de portable », « Adresse postale »; the
Hazebrouck « Commentaire : numéro de téléphone et Nom/prénom ») and the usual XLSForm names
(``nom``, ``email``, ``telephone``…). A personal question is optional, its answers go to
``survey_contact`` (consented, apart) and never to results or exports (docs/surveys.md).
"""
from __future__ import annotations

import re
import unicodedata

LABEL = re.compile(
    r"t[ée]l[ée]phone|\bt[ée]l\b|num[ée]ro de (portable|mobile|gsm)|^\s*(votre )?(portable|mobile)"
    r"\b|nom ?/ ?pr[ée]nom|"
    r"\bpr[ée]noms?\b|e-?mail|\bmail\b|courriel|adresse (e-?mail|[ée]lectronique|postale)|"
    r"coordonn[ée]es|nom de famille|nom (et|&) pr[ée]nom",
    re.IGNORECASE)
# A label that is only "Nom", "Votre nom", "Adresse", "Votre adresse" (with or without ":")
WHOLE = re.compile(r"^(votre |vos |ton |ta |tes )?(nom|noms|adresse|adresse compl[èe]te|"
                   r"identit[ée]|nom complet)\s*[:?*.]*$", re.IGNORECASE)
NAMES = {"nom", "prenom", "name", "first_name", "last_name", "firstname", "lastname",
         "full_name", "nom_prenom", "email", "e_mail", "mail", "courriel", "telephone", "tel",
         "phone", "phone_number", "portable", "mobile", "adresse", "address", "contact",
         "coordonnees", "numero_telephone", "adresse_mail", "adresse_postale"}
TRUE = {"yes", "true", "1", "oui", "true()"}
FALSE = {"no", "false", "0", "non", "false()"}
TYPES = ("short_text", "long_text", "number")


def _plain(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def label_is_personal(label: str) -> bool:
    """True when a label or a column header asks for a name, phone, e-mail or address."""
    text = " ".join((label or "").replace("\u2019", "'").split())
    return bool(LABEL.search(text) or WHOLE.match(text))


def name_is_personal(name: str) -> bool:
    """True for the usual field names of contact data (``nom``, ``email``, ``tel``…)."""
    return _plain(name).strip("_ ").replace("-", "_") in NAMES


def is_personal(flag: str, kind: str, label: str, name: str) -> bool:
    """An XLSForm line's personal flag: ``pdq_personal`` wins, else label or name of a
    text (or number: phone numbers are often typed as integers) question."""
    flag = (flag or "").strip().lower()
    if flag in TRUE:
        return True
    if flag in FALSE or kind not in TYPES:
        return False
    return label_is_personal(label) or name_is_personal(name)
