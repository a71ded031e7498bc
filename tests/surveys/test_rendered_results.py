"""Residents answer and coordinators work on results through the rendered forms (WebTest,
CSRF on): the public questionnaire, the answers import, the contacts' erasure and the
invitation to the conseil citoyen."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from participation.council.models import Invitation
from participation.extensions import db
from participation.surveys.models import Response, Survey, SurveyContact
from tests.formfill import form_to, text_of, tick
from tests.rows import count_rows as _count
from tests.surveys.helpers import q, survey_with_condition
from tests.surveys.test_hazebrouck import FIXTURES, _import


@pytest.mark.forms("surveys/answer.html")
def test_resident_answers_the_public_page_with_contact(webapp, territory, quartier):
    survey = survey_with_condition(territory, quartier)
    url = f"/s/{survey.slug}"
    form = form_to(webapp.get(url), url)
    tick(form, "Oui")
    tick(form, "6")
    # "Oui" opens "Par quel biais ?" (no JavaScript here), by Post/Redirect/Get
    page = form.submit(status=303).follow()
    form = form_to(page, url)
    tick(form, "Bouche à oreille")
    form[f"q{q(survey, 'contact').id}"] = "Samia 06 12 34 56 78"
    page = form.submit(status=303).follow()
    assert "Cochez la case pour que nous gardions vos coordonnées" in text_of(page)
    form = form_to(page, url)
    tick(form, "J’accepte que mes coordonnées soient conservées")
    page = form.submit().follow()
    assert page.request.path == f"/s/{survey.slug}/merci"
    response = db.session.scalar(select(Response))
    assert response.channel == "web" and len(response.answers) == 3
    contact = db.session.scalar(select(SurveyContact))
    assert contact.value == "Samia 06 12 34 56 78" and contact.response_id == response.id


@pytest.mark.forms("surveys/answer.html")
def test_too_many_choices_is_said_with_the_right_plural(webapp, territory):
    from participation.surveys import services

    survey = services.create_survey(territory.id, "Mobilité")
    services.add_question(survey, "multiple", "Comment venez-vous ?", ["Bus", "Vélo", "À pied"],
                          max_choices=1, name="mode")
    services.set_status(survey, "open")
    url = f"/s/{survey.slug}"
    form = form_to(webapp.get(url), url)
    tick(form, "Bus")
    tick(form, "Vélo")
    page = form.submit(status=303).follow()  # Post/Redirect/Get
    # no colon after a label ending in « ? » (core.punctuation)
    assert "Comment venez-vous ? Choisissez au plus 1 réponse." in text_of(page)
    assert db.session.scalar(select(Response.id)) is None


@pytest.mark.forms("surveys/results.html", "surveys/import_preview.html")
def test_import_answers_form_checks_then_imports(webapp, web_login, runner, territory):
    result = runner.invoke(args=["surveys", "import-form", str(FIXTURES / "questionnaire.xlsx"),
                                 "--territory", territory.slug])
    assert result.exit_code == 0, result.output
    survey_id = db.session.scalar(select(Survey.id).where(Survey.slug == result.output.strip()))
    web_login("coordinator")
    url = f"/surveys/{survey_id}/results"
    action = f"/surveys/{survey_id}/import-answers"
    csv = (FIXTURES / "reponses-google-forms.csv").read_bytes()
    form = form_to(webapp.get(url), action)
    form["file"] = ("reponses.csv", csv)
    tick(form, "Vérifier seulement (rien n’est enregistré)")
    preview = form.submit()
    assert "112 réponses à ajouter, 0 déjà présente" in text_of(preview)
    assert _count(Response) == 0
    form = form_to(preview, action)  # "Importer pour de bon": the file kept at the preview
    page = form.submit().follow()
    assert "112 réponses ajoutées, 0 déjà présente" in text_of(page)
    assert _count(Response) == 112
    assert "112 avis récoltés" in text_of(page)


@pytest.mark.forms("surveys/contacts.html#1", "surveys/contacts.html#2")
def test_contacts_erase_button_and_council_invitation(webapp, web_login, runner, territory):
    survey = _import(runner, territory)
    contacts = _count(SurveyContact)
    web_login("coordinator")
    url = f"/surveys/{survey.id}/contacts"
    form = form_to(webapp.get(url), f"/surveys/{survey.id}/contacts/invite")
    label = q(survey, "cc_participer").label
    assert len(label) <= 80  # shown whole in the select
    form.select("question_id", text=label)
    page = form.submit().follow()
    invited = _count(Invitation)
    assert invited > 0
    assert f"{invited} personnes invitées à candidater au conseil citoyen" in text_of(page)
    first = list_first_contact(survey)
    given = len(first.response.contacts)  # one person's contacts are erased together
    page = form_to(webapp.get(url), f"/surveys/{survey.id}/contacts/{first.id}/erase").submit()
    assert "Coordonnées effacées. Les réponses anonymes restent." in text_of(page.follow())
    assert _count(SurveyContact) == contacts - given
    assert db.session.get(SurveyContact, first.id) is None


def list_first_contact(survey):
    from participation.surveys.contacts import list_contacts

    return list_contacts(survey)[0][0]


@pytest.mark.forms("surveys/contacts.html#1")
def test_a_name_and_a_phone_of_one_answer_are_one_person(webapp, web_login, territory,
                                                         quartier):
    """Fresh tester: 20 imported answers each with a name and a phone read "40 personnes ont
    laissé leurs coordonnées", each value on its own line, and erasing the name left the
    phone. One answer's contacts are one person: counted once, on one line, erased
    together."""
    from participation.surveys import services
    from participation.surveys.models import Response
    from participation.surveys.responses import submit_response

    survey = services.create_survey(territory.id, "Rappel", quartier_ids=[quartier.id])
    name = services.add_question(survey, "short_text", "Votre nom", personal=True)
    phone = services.add_question(survey, "short_text", "Votre téléphone", personal=True)
    services.add_question(survey, "long_text", "Un mot ?", name="mot")
    services.set_status(survey, "open")
    people = (("Martin Dupont", "06 00 00 00 00"), ("Martin Dupont", "06 00 00 00 01"),
              ("Inès Kaci", "07 11 22 33 44"))
    for i, (who, number) in enumerate(people):
        submit_response(survey, {name.id: {"text": who}, phone.id: {"text": number},
                                 survey.questions[2].id: {"text": "le square"}}, f"token-{i}",
                        consent=True)
    web_login("coordinator")
    assert "3 personnes ont laissé leurs coordonnées" in text_of(
        webapp.get(f"/surveys/{survey.id}/results"))
    page = webapp.get(f"/surveys/{survey.id}/contacts")
    rows = [" ".join(td.get_text(" ").split())
            for td in page.html.select("tbody tr td:first-child")]
    assert rows == ["Votre nom : Martin Dupont Votre téléphone : 06 00 00 00 00",
                    "Votre nom : Martin Dupont Votre téléphone : 06 00 00 00 01",
                    "Votre nom : Inès Kaci Votre téléphone : 07 11 22 33 44"]
    first = db.session.scalars(select(Response).order_by(Response.id)).first()
    erase = f"/surveys/{survey.id}/contacts/{first.contacts[0].id}/erase"
    form_to(page, erase).submit().follow()
    values = {c.value for c in db.session.scalars(select(SurveyContact))}
    assert values == {"Martin Dupont", "06 00 00 00 01", "Inès Kaci", "07 11 22 33 44"}
