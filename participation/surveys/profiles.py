"""Reusable profile questions, inserted in one click (the respondent profile of seed 004)."""
from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from participation.contributions.models import AGE_BAND_LABELS, AGE_BANDS
from participation.core.errors import DomainError
from participation.core.i18n import in_language
from participation.extensions import db
from participation.surveys.models import Survey
from participation.surveys.quartier_link import quartier_question
from participation.surveys.services import add_question
from participation.surveys.translations import (
    default_language,
    set_text,
    stored_rows,
    survey_languages,
    target_of,
)
from participation.territory.services import resident_name_choices

PROFILES = {
    "quartier": _l("Quartier (noms utilisés par les habitants)"),
    "age": _l("Tranche d'âge"),
    "sexe": _l("Sexe"),
    "foyer": _l("Composition du foyer"),
    "statut": _l("Statut d'occupation du logement"),
    "anciennete": _l("Ancienneté dans le quartier"),
}


# The built-in questions (label, option labels), as catalogue strings: a question is written
# in the survey's default language and translated into its other languages from the
# catalogues (``store_translations``), as a coordinator would on the translation page.
QUARTIER_LABEL = _l("Dans quel quartier habitez-vous ?")
OTHER_SITUATION = _l("Autre situation")
FIXED = {
    "age": (_l("Quelle est votre tranche d'âge ?"), [AGE_BAND_LABELS[b] for b in AGE_BANDS]),
    "sexe": (_l("Vous êtes :"), [_l("Une femme"), _l("Un homme"),
                                _l("Autre / ne se prononce pas")]),
    "foyer": (_l("Qui vit dans votre foyer ?"), [
        _l("Personne seule"), _l("Couple sans enfant"), _l("Couple avec enfant(s)"),
        _l("Famille monoparentale"), OTHER_SITUATION]),
    "statut": (_l("Pour votre logement, vous êtes :"), [
        _l("Locataire d'un logement social"), _l("Locataire d'un logement privé"),
        _l("Propriétaire"), _l("Hébergé(e) par un proche"), OTHER_SITUATION]),
    "anciennete": (_l("Depuis combien de temps habitez-vous le quartier ?"), [
        _l("Moins d'un an"), _l("De 1 à 5 ans"), _l("De 5 à 10 ans"), _l("Plus de 10 ans")]),
}


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
        label, options = FIXED[key]
        source = default_language(survey)
        question = add_question(survey, "single", in_language(label, source),
                                [in_language(o, source) for o in options],
                                name=f"profil_{key}", commit=False)
        store_translations(survey, question)
        db.session.commit()
        return question
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
    question = add_question(survey, "single", in_language(QUARTIER_LABEL,
                                                          default_language(survey)),
                            list(by_label), name="profil_quartier", commit=False)
    for option in question.options:
        option.quartier_id = by_label[option.label]
    store_translations(survey, question)
    db.session.commit()
    return question


def _builtin_texts(question) -> list[tuple[object, object]]:
    """``(question or option, lazy string)`` of a built-in profile question: its label, and
    for the fixed ones each option by position (quartier names are names: not translated)."""
    key = (question.name or "").removeprefix("profil_")
    if key == "quartier":
        return [(question, QUARTIER_LABEL)]
    if key not in FIXED:
        return []
    label, options = FIXED[key]
    return [(question, label)] + list(zip(question.options, options, strict=False))


def store_translations(survey: Survey, question=None) -> int:
    """Give the built-in profile questions (``question``, or every one of the survey) their
    translations from the catalogues, in each of the survey's languages the interface has
    (``config.LANGUAGES``; "rom" is left to the coordinator): only a text still as the product
    wrote it and still without translation, so a coordinator's wording or translation is
    kept. The caller commits; returns the number of texts added. Source: docs/surveys.md,
    "Languages"."""
    db.session.flush()
    source = default_language(survey)
    tags = [t for t in survey_languages(survey)[1:] if t in current_app.config["LANGUAGES"]]
    questions = [question] if question is not None else [
        q for q in survey.questions if (q.name or "").startswith("profil_")]
    added = 0
    for tag in tags:
        rows = stored_rows(survey.id, tag)
        for q in questions:
            for obj, lazy in _builtin_texts(q):
                text = in_language(lazy, tag)
                if (obj.label != in_language(lazy, source) or text == obj.label
                        or (target_of(obj), "label") in rows):
                    continue
                set_text(survey, obj, "label", tag, text, rows)
                added += 1
    return added
