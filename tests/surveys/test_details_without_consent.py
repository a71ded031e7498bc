"""Details typed by the facilitator without the person's consent are refused, never dropped
silently (field test t26field, defect 3: a micro-trottoir's age band and lieu de vie with the
box unticked, a paper sheet's « Ali 06… » without the consent box, were stored without them
and « enregistrée » said). Nothing is stored and what was typed stays in the form, as the
online survey does. Walked through the rendered pages (WebTest)."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from participation.extensions import db
from participation.surveys import services
from participation.surveys.models import Response, SurveyContact
from tests.formfill import form_to, text_of, tick
from tests.surveys.helpers import q


@pytest.mark.forms("surveys/street.html")
def test_micro_trottoir_details_without_consent_are_refused(webapp, web_login, territory):
    survey = services.create_survey(territory.id, "Parole de rue")
    services.add_question(survey, "long_text", "Qu'est-ce qui manque ici ?", name="manque")
    services.set_status(survey, "open")
    web_login("facilitator")
    url = f"/surveys/{survey.id}/street"
    form = form_to(webapp.get(url), url)
    form["place"] = "Marché"
    form[f"q{q(survey, 'manque').id}"] = "Un banc"
    form.select("age_band", text="40-59 ans")
    form["place_name"] = "Résidence Foch"
    page = form.submit(status=400)
    assert "Cochez la case d'accord de la personne pour garder ces précisions, ou " \
           "effacez-les." in text_of(page)
    kept = form_to(page, url)
    assert (kept[f"q{q(survey, 'manque').id}"].value, kept["age_band"].value,
            kept["place_name"].value) == ("Un banc", "40-59 ans", "Résidence Foch")
    assert db.session.scalar(select(func.count(Response.id))) == 0
    tick(kept, "La personne accepte d’être citée ainsi")
    assert "Réponses enregistrées." in text_of(kept.submit().follow())
    assert db.session.scalar(select(func.count(Response.id))) == 1


@pytest.mark.forms("surveys/entry_home.html", "surveys/sheet.html")
def test_paper_contact_without_the_ticked_box_is_refused(webapp, web_login, territory):
    survey = services.create_survey(territory.id, "Le quartier")
    services.add_question(survey, "yes_no", "Voulez-vous être recontacté ?", name="rappel")
    services.add_question(survey, "short_text", "Nom et téléphone", personal=True,
                          name="contact")
    services.set_status(survey, "open")
    web_login("facilitator")
    form = form_to(webapp.get(f"/surveys/{survey.id}/entry"), f"/surveys/{survey.id}/batches")
    form["label"], form["collected_on"], form["place"] = "Pile", "2026-06-12", "Centre social"
    page = form.submit().follow()
    form = form_to(page, page.request.path)
    form[f"q{q(survey, 'rappel').id}"] = "1"
    form[f"q{q(survey, 'contact').id}"] = "Ali 06 12 34 56 78"
    refused = form.submit(status=400)
    assert "n’est pas cochée : cochez-la si elle l’est sur la feuille" in text_of(refused)
    assert "Feuille n° 1 enregistrée." not in text_of(refused)
    kept = form_to(refused, page.request.path)
    assert kept[f"q{q(survey, 'contact').id}"].value == "Ali 06 12 34 56 78"
    assert db.session.scalar(select(func.count(Response.id))) == 0
    tick(kept, "La case « j’accepte que mes coordonnées soient conservées » est cochée sur "
               "la feuille")
    assert "Feuille n° 1 enregistrée." in text_of(kept.submit().follow())
    assert db.session.scalars(select(SurveyContact.value).order_by(SurveyContact.id)).all() \
        == ["Ali 06 12 34 56 78"]
