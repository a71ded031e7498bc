"""Build small surveys for the tests through the services."""
from __future__ import annotations

from participation.surveys import services


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
