"""Residents who left their contact on a public survey, as the privacy tests then look for
them by name or e-mail on /privacy/personne: each answers the rendered public page (WebTest,
one device passed from resident to resident) with the consent box ticked."""
from __future__ import annotations

from collections.abc import Iterable

from participation.surveys import services
from participation.surveys.models import Survey
from tests.formfill import form_to, text_of, tick
from tests.surveys.helpers import q


def leave_contact(webapp, survey: Survey, value: str) -> None:
    """A resident answers ``survey``'s public page "Oui" and leaves ``value`` in its personal
    question named "contact", the consent box ticked. AssertionError when the page does not
    thank them (``/s/<slug>/merci``)."""
    url = f"/s/{survey.slug}"
    page = webapp.get(url)
    if "Je suis une autre personne" in text_of(page):  # the same browser, another resident
        page = page.click(description="Je suis une autre personne")
    form = form_to(page, url)
    tick(form, "Oui")
    form[f"q{q(survey, 'contact').id}"] = value
    tick(form, "J’accepte que mes coordonnées soient conservées")
    assert form.submit().follow().request.path == f"{url}/merci"


def contacts_survey(webapp, territory, quartier, values: Iterable[str],
                    label: str = "Nom et téléphone") -> Survey:
    """An open survey "Le quartier" of ``territory`` on ``quartier`` (yes/no "rappel", then the
    personal short text "contact" asked as ``label``) on which one resident after another
    left each of ``values`` (``leave_contact``)."""
    survey = services.create_survey(territory.id, "Le quartier", quartier_ids=[quartier.id])
    services.add_question(survey, "yes_no", "Voulez-vous être recontacté ?", name="rappel")
    services.add_question(survey, "short_text", label, personal=True, name="contact")
    services.set_status(survey, "open")
    for value in values:
        leave_contact(webapp, survey, value)
    return survey
