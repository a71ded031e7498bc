"""Facilitators collect answers through the rendered forms (WebTest, CSRF on): the tablet
interview, paper batches typed sheet by sheet, double entry resolved, the micro-trottoir."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from participation.contributions.models import Contribution
from participation.extensions import db
from participation.surveys import services
from participation.surveys.models import Batch, Response
from tests.formfill import form_to, text_of, tick
from tests.surveys.helpers import interview_form, q, survey_with_condition


def _options(response: Response) -> dict[str, list[str]]:
    """Question name -> the labels (or values) of the response's answers."""
    questions = {x.id: x for x in response.survey.questions}
    options = {o.id: o.label for x in questions.values() for o in x.options}
    found: dict[str, list[str]] = {}
    for a in response.answers:
        label = options[a.option_id] if a.option_id else (a.text or f"{a.number:g}")
        found.setdefault(questions[a.question_id].name, []).append(label)
    return found


@pytest.mark.forms("surveys/answer.html")
def test_tablet_interview_reveals_the_condition_then_stores(webapp, web_login, territory):
    survey = survey_with_condition(territory)
    form, url = interview_form(webapp, web_login, survey)
    form["place"] = "Marché"
    tick(form, "Oui")
    tick(form, "8")
    # without JavaScript the server adds the question "Oui" opens (Post/Redirect/Get)
    page = form.submit(status=303).follow()
    assert "Votre réponse ouvre une nouvelle question" in text_of(page)
    assert db.session.scalar(select(Response.id)) is None
    form = form_to(page, url)
    tick(form, "Facebook")
    page = form.submit().follow()
    assert "Entretien enregistré. Questionnaire suivant :" in text_of(page)
    response = db.session.scalar(select(Response))
    assert (response.channel, response.place) == ("entretien", "Marché")
    assert _options(response) == {"info": ["Oui"], "canal": ["Facebook"], "note": ["8"]}
    assert form_to(page, url)["place"].value == "Marché"  # the place is remembered


@pytest.mark.forms("surveys/answer.html")
def test_interview_without_place_keeps_the_answers(webapp, web_login, territory):
    survey = survey_with_condition(territory)
    form, url = interview_form(webapp, web_login, survey)
    form["place"] = ""
    tick(form, "Non")
    tick(form, "3")
    page = form.submit(status=303).follow()
    assert "Indiquez le lieu de recueil." in text_of(page)
    again = form_to(page, url)
    assert again["q" + str(q(survey, "note").id)].value == "3"
    assert db.session.scalar(select(Response.id)) is None


def _new_batch(webapp, survey, label: str, verifies: str | None = None):
    url = f"/surveys/{survey.id}/entry"
    form = form_to(webapp.get(url), f"/surveys/{survey.id}/batches")
    form["label"], form["collected_on"], form["place"] = label, "2026-06-12", "Centre social"
    if verifies:
        form.select("verifies_id", text=verifies)
    return form.submit().follow()


def _type_sheet(page, survey, sheet: str, info: str, canal: str, note: str, other=""):
    form = form_to(page, page.request.path)
    assert form["sheet"].value == sheet  # the next number is proposed
    form[f"q{q(survey, 'info').id}"] = info
    form[f"q{q(survey, 'canal').id}"] = canal
    form[f"q{q(survey, 'note').id}"] = note
    form[f"q{q(survey, 'canal').id}_autre"] = other
    return form.submit().follow()


@pytest.mark.forms("surveys/entry_home.html", "surveys/sheet.html", "surveys/compare.html")
def test_paper_batch_sheets_and_double_entry(webapp, web_login, territory):
    survey = survey_with_condition(territory)
    web_login("facilitator")
    page = _new_batch(webapp, survey, "Pile du marché")
    first = db.session.scalar(select(Batch))
    assert (first.label, first.place, first.collected_on.isoformat()) == \
        ("Pile du marché", "Centre social", "2026-06-12")
    page = _type_sheet(page, survey, "1", "1", "3", "7", "Une voisine")  # Oui, Autre
    assert "Feuille n° 1 enregistrée." in text_of(page)
    page = _type_sheet(page, survey, "2", "2", "", "4")
    assert "2 feuilles saisies" in text_of(page)
    first_responses = sorted(first.responses, key=lambda r: r.sheet_number)
    assert [r.channel for r in first_responses] == ["papier", "papier"]
    assert _options(first_responses[0]) == {"info": ["Oui"], "canal": ["Une voisine"],
                                            "note": ["7"]}
    assert _options(first_responses[1]) == {"info": ["Non"], "note": ["4"]}
    page = _new_batch(webapp, survey, "Pile du marché (vérif.)", verifies="Pile du marché")
    second = db.session.scalar(select(Batch).where(Batch.id != first.id))
    assert second.verifies_id == first.id
    _type_sheet(page, survey, "1", "1", "2", "7")  # Facebook on the second keying
    _type_sheet(webapp.get(f"/surveys/batches/{second.id}"), survey, "2", "2", "", "4")
    compare = webapp.get(f"/surveys/batches/{second.id}/compare")
    assert "1 différence à vérifier" in text_of(compare)
    page = form_to(compare, f"/surveys/batches/{second.id}/adopt",
                   contains="feuille 1").submit().follow()
    assert "Les deux saisies sont identiques." in text_of(page)
    db.session.expire_all()
    sheet_one = next(r for r in first.responses if r.sheet_number == 1)
    assert _options(sheet_one)["canal"] == ["Facebook"]


@pytest.mark.forms("surveys/entry_home.html", "surveys/sheet.html")
def test_paper_sheet_with_a_wrong_digit_stores_nothing(webapp, web_login, territory):
    survey = survey_with_condition(territory)
    web_login("facilitator")
    page = _new_batch(webapp, survey, "Pile")
    form = form_to(page, page.request.path)
    form[f"q{q(survey, 'info').id}"] = "5"
    page = form.submit(status=400)
    assert "Tapez un numéro entre 1 et 2." in text_of(page)
    assert form_to(page, page.request.path)[f"q{q(survey, 'info').id}"].value == "5"
    assert db.session.scalar(select(Response.id)) is None


@pytest.mark.forms("surveys/street.html")
def test_micro_trottoir_form_stores_answer_and_attribution(webapp, web_login, territory):
    survey = services.create_survey(territory.id, "Parole de rue")
    services.add_question(survey, "long_text", "Qu'est-ce qui manque ici ?", name="manque")
    services.set_status(survey, "open")
    web_login("facilitator")
    url = f"/surveys/{survey.id}/street"
    form = form_to(webapp.get(url), url)
    form["place"] = "Sortie d'école"
    form[f"q{q(survey, 'manque').id}"] = "Un banc à l'ombre"
    tick(form, "La personne accepte d’être citée ainsi")
    form.select("age_band", text="40-59 ans")
    form.select("sex", text="Femme")
    form["place_name"] = "Résidence Marcel Pagnol"
    page = form.submit().follow()
    assert "Réponses enregistrées. Personne suivante :" in text_of(page)
    response = db.session.scalar(select(Response))
    assert (response.channel, response.place) == ("micro_trottoir", "Sortie d'école")
    contribution = db.session.scalar(select(Contribution))
    assert contribution.text == "Un banc à l'ombre"
    assert (contribution.attribution_consent, contribution.age_band, contribution.sex,
            contribution.place_name) == (True, "40-59 ans", "f", "Résidence Marcel Pagnol")


@pytest.mark.forms("surveys/entry_home.html")
def test_new_batch_without_date_keeps_what_was_typed(webapp, web_login, territory):
    survey = survey_with_condition(territory)
    web_login("facilitator")
    form = form_to(webapp.get(f"/surveys/{survey.id}/entry"), f"/surveys/{survey.id}/batches")
    form["label"], form["place"] = "Pile du marché", "Centre social"
    page = form.submit(status=400)
    assert "Date du recueil : Ce champ est obligatoire." in text_of(page)
    again = form_to(page, f"/surveys/{survey.id}/batches")
    assert (again["label"].value, again["place"].value) == ("Pile du marché", "Centre social")
    assert db.session.scalar(select(Batch.id)) is None
