"""Build small surveys for the tests through the services."""
from __future__ import annotations

from participation.surveys import services
from tests.formfill import form_to


def survey_with_condition(territory, quartier=None, status="open"):
    """Knows what happens (oui/non) -> how (single + Autre, only if oui); score; contact."""
    survey = services.create_survey(territory.id, "Enquête flash",
                                    quartier_ids=[quartier.id] if quartier else ())
    services.add_question(survey, "yes_no", "Savez-vous ce qu'il se passe ?",
                          required=True, name="info")
    how = services.add_question(survey, "single", "Par quel biais ?",
                                ["Bouche à oreille", "Facebook"], has_other=True,
                                required=True, name="canal")
    services.set_condition(how, "${info} = 'oui'")
    services.add_question(survey, "scale", "Note de sécurité", min_value=1, max_value=10,
                          required=True, name="note")
    services.add_question(survey, "short_text", "Nom et téléphone", personal=True,
                          name="contact")
    services.set_status(survey, status)
    return survey


def q(survey, name):
    return next(x for x in survey.questions if x.name == name)


def opt(question, name):
    return str(next(o.id for o in question.options if o.name == name))


def needs_survey(territory):
    """An open survey of one required free-text question, "manques" (no challenge): each
    answer becomes an untagged contribution waiting for its suggestion."""
    survey = services.create_survey(territory.id, "Besoins du quartier")
    services.add_question(survey, "long_text", "Que vous manque-t-il ?", required=True,
                          name="manques")
    services.set_status(survey, "open")
    return survey


def park_questions(territory):
    """A draft survey "Le parc": yes/no "jardin", scale 1-10 "note", number "minutes" (in
    that order); returns ``(survey, garden, note, walk)`` for the caller to add questions
    and open it."""
    survey = services.create_survey(territory.id, "Le parc")
    garden = services.add_question(survey, "yes_no", "Avez-vous un jardin ?", name="jardin")
    note = services.add_question(survey, "scale", "Note du parc", min_value=1, max_value=10,
                                 name="note")
    walk = services.add_question(survey, "number", "Minutes à pied", name="minutes")
    return survey, garden, note, walk


def interview_form(webapp, web_login, survey):
    """The tablet interview form of ``survey`` as a facilitator opens it (signed in through
    the rendered login form): ``(form, url)``, the form as WebTest parsed it."""
    web_login("facilitator")
    url = f"/surveys/{survey.id}/interview"
    return form_to(webapp.get(url), url), url


def equipements_survey(territory):
    """A draft survey "Équipements": single "quartier" (haut, bas) and multiple "activites"
    (couture, numerique, cuisine, with "Autre"), the shape of the unlisted-values imports."""
    survey = services.create_survey(territory.id, "Équipements")
    services.add_question(survey, "single", "Dans quel quartier habitez-vous ?",
                          ["Haut-de-ville", "Bas-de-ville"], name="quartier",
                          option_names=["haut", "bas"])
    services.add_question(survey, "multiple", "Quelles activités voudriez-vous ?",
                          ["Atelier couture", "Aide numérique", "Cuisine"], has_other=True,
                          name="activites", option_names=["couture", "numerique", "cuisine"])
    return survey
