"""Reusable profile questions, inserted in one click (the respondent profile of seed 004)."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from participation.contributions.models import AGE_BANDS
from participation.core.errors import DomainError
from participation.extensions import db
from participation.surveys.models import Survey
from participation.surveys.quartier_link import quartier_question
from participation.surveys.services import add_question
from participation.territory.services import resident_name_choices

PROFILES = {
    "quartier": _l("Quartier (noms utilisés par les habitants)"),
    "age": _l("Tranche d'âge"),
    "sexe": _l("Sexe"),
    "foyer": _l("Composition du foyer"),
    "statut": _l("Statut d'occupation du logement"),
    "anciennete": _l("Ancienneté dans le quartier"),
}


def _fixed(key: str) -> tuple[str, list[str]]:
    table = {
        "age": (_("Quelle est votre tranche d'âge ?"), list(AGE_BANDS)),
        "sexe": (_("Vous êtes :"), [_("Une femme"), _("Un homme"),
                                   _("Autre / ne se prononce pas")]),
        "foyer": (_("Qui vit dans votre foyer ?"), [
            _("Personne seule"), _("Couple sans enfant"), _("Couple avec enfant(s)"),
            _("Famille monoparentale"), _("Autre situation")]),
        "statut": (_("Vous êtes :"), [
            _("Locataire d'un logement social"), _("Locataire d'un logement privé"),
            _("Propriétaire"), _("Hébergé(e) par un proche"), _("Autre situation")]),
        "anciennete": (_("Depuis combien de temps habitez-vous le quartier ?"), [
            _("Moins d'un an"), _("De 1 à 5 ans"), _("De 5 à 10 ans"), _("Plus de 10 ans")]),
    }
    return table[key]


def add_profile_question(survey: Survey, key: str):
    """Insert the profile question ``key``; the quartier one offers the names residents use
    for the survey's own quartiers (every quartier of the territory when it names none) and
    maps each name to its quartier; refused (``DomainError``) when the survey already has a
    question that gives the quartier (an imported one, ``quartier_link``)."""
    if key not in PROFILES:
        raise DomainError(_("Question de profil inconnue."), field="profile")
    if any(q.name == f"profil_{key}" for q in survey.questions):
        raise DomainError(_("Cette question de profil est déjà dans le questionnaire."),
                          field="profile")
    if key != "quartier":
        label, options = _fixed(key)
        return add_question(survey, "single", label, options, name=f"profil_{key}")
    existing = quartier_question(survey)
    if existing is not None:  # an imported one (quartier_link): a second would split answers
        raise DomainError(_("Ce questionnaire a déjà une question qui donne le quartier des "
                            "réponses : « %(q)s » (voir « Quartier des réponses »).",
                            q=existing.label[:120]), field="profile")
    return _add_quartier(survey)


def _add_quartier(survey: Survey):
    """The quartier profile question, each resident name mapped to its quartier."""
    concerned = {q.id for q in survey.quartiers}  # none: the survey is for the whole territory
    by_label = {name: qid for qid, name, _q in resident_name_choices(survey.territory_id)
                if not concerned or qid in concerned}
    if len(by_label) < 2:
        raise DomainError(_("Les quartiers de ce questionnaire n'ont pas encore assez de noms "
                            "(il en faut au moins deux)."), field="profile")
    question = add_question(survey, "single", _("Dans quel quartier habitez-vous ?"),
                            list(by_label), name="profil_quartier", commit=False)
    for option in question.options:
        option.quartier_id = by_label[option.label]
    db.session.commit()
    return question
