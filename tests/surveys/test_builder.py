"""Coordinators build a questionnaire through the staff pages."""
from __future__ import annotations

from sqlalchemy import select

from participation.extensions import db
from participation.surveys.models import Question, Survey
from tests.reading import plain
from tests.surveys.helpers import q, survey_with_condition


def _create(client, title="Enquête de rentrée") -> Survey:
    response = client.post("/surveys/new", data={"title": title, "intro": "Deux minutes",
                                                 "languages": "fr"})
    assert response.status_code == 302
    return db.session.scalar(select(Survey).where(Survey.title == title))


def test_coordinator_builds_a_survey_with_a_condition(client, auth, territory):
    auth.login("coordinator")
    survey = _create(client)
    assert client.post(f"/surveys/{survey.id}/questions/new", data={
        "type": "yes_no", "label": "Connaissez-vous le conseil citoyen ?", "required": "y",
        "contribution_kind": "constat", "condition_question_id": "0"}).status_code == 302
    first = survey.questions[0]
    assert [o.label for o in first.options] == ["Oui", "Non"]
    response = client.post(f"/surveys/{survey.id}/questions/new", data={
        "type": "multiple", "label": "Qu'est-ce qui manque ?", "options": "Bus\nMédecin\nBanque",
        "has_other": "y", "max_choices": "2", "relevant": f"${{{first.name}}} = 'oui'",
        "contribution_kind": "constat"})
    assert response.status_code == 302
    second = survey.questions[1]
    assert second.relevant == f"${{{first.name}}} = 'oui'"
    assert second.condition == {"op": "=", "args": [{"ref": first.name}, {"lit": "oui"}]}
    assert second.max_choices == 2 and second.has_other


def test_wrong_question_shows_a_french_message(client, auth, territory):
    auth.login("coordinator")
    survey = _create(client)
    page = client.post(f"/surveys/{survey.id}/questions/new", data={
        "type": "single", "label": "Un seul choix", "options": "A",
        "condition_question_id": "0", "contribution_kind": "constat"}).get_data(as_text=True)
    assert "Donnez au moins deux choix, un par ligne." in page
    assert db.session.scalar(select(Question.id)) is None


def test_reorder_duplicate_profile_status_preview_qr(client, auth, territory, quartier):
    auth.login("coordinator")
    survey = survey_with_condition(territory, quartier, status="draft")
    note = q(survey, "note")
    client.post(f"/surveys/questions/{note.id}/move", data={"step": "up"})
    assert [x.name for x in survey.questions][:3] == ["info", "note", "canal"]
    client.post(f"/surveys/questions/{note.id}/move", data={"step": "down"})
    page = client.post(f"/surveys/questions/{q(survey, 'canal').id}/move",
                       data={"step": "up"}, follow_redirects=True).get_data(as_text=True)
    assert "doit rester après celle dont elle" in page
    client.post(f"/surveys/{survey.id}/profile", data={"key": "quartier"})
    profile = q(survey, "profil_quartier")
    assert {o.label for o in profile.options} >= {"Résidence Foch", "Cité Pasteur"}
    assert all(o.quartier_id == quartier.id for o in profile.options)
    client.post(f"/surveys/{survey.id}/duplicate")
    copy = db.session.scalar(select(Survey).where(Survey.title.contains("(copie)")))
    assert copy.status == "draft" and len(copy.questions) == len(survey.questions)
    assert q(copy, "canal").relevant == "${info} = 'oui'"
    client.post(f"/surveys/{survey.id}/status", data={"status": "open"})
    assert survey.status == "open"
    assert "Aperçu" in client.get(f"/surveys/{survey.id}/preview").get_data(as_text=True)
    svg = client.get(f"/surveys/{survey.id}/qr.svg")
    assert svg.mimetype == "image/svg+xml" and b"<svg" in svg.data
    png = client.get(f"/surveys/{survey.id}/qr.png")
    assert png.data.startswith(b"\x89PNG")


def test_a_question_a_condition_reads_is_not_deleted(client, auth, territory):
    auth.login("coordinator")
    survey = survey_with_condition(territory)
    page = plain(client.post(f"/surveys/questions/{q(survey, 'info').id}/delete",
                             follow_redirects=True).get_data(as_text=True))
    assert "affichage de « Par quel biais ? » lit cette question : modifiez-la" in page
    assert [x.name for x in survey.questions][:2] == ["info", "canal"]
    client.post(f"/surveys/questions/{q(survey, 'canal').id}/delete")
    client.post(f"/surveys/questions/{q(survey, 'info').id}/delete")
    assert [x.name for x in survey.questions] == ["note", "contact"]


def test_staff_pages_need_the_coordinator_role(client, auth, territory):
    survey = survey_with_condition(territory)
    assert client.get("/surveys/").status_code == 302  # to login
    auth.login("facilitator")
    assert client.get(f"/surveys/{survey.id}").status_code == 403
    assert client.get(f"/surveys/{survey.id}/results").status_code == 403


def test_other_territory_is_invisible(client, auth, territory):
    from tests import factories

    other = factories.territory(name="Autre agglo")
    survey = survey_with_condition(other)
    auth.login("coordinator")
    assert client.get(f"/surveys/{survey.id}").status_code == 404


def test_profile_question_offers_the_surveys_own_quartiers_names(webapp, web_login, territory,
                                                                 quartier):
    from participation.surveys import services
    from tests import factories
    from tests.formfill import form_to

    other = factories.quartier(territory, name="Les Glycines", names=("Cité des Fleurs",))
    survey = services.create_survey(territory.id, "Vivre à Pasteur-Foch",
                                    quartier_ids=[quartier.id])
    web_login("coordinator")
    url = f"/surveys/{survey.id}/profile"
    form = form_to(webapp.get(f"/surveys/{survey.id}"), url)
    form["key"] = "quartier"
    form.submit().follow()
    labels = {o.label for o in q(survey, "profil_quartier").options}
    assert labels == {"Pasteur-Foch", "Résidence Foch", "Cité Pasteur"}
    assert other.id not in {o.quartier_id for o in q(survey, "profil_quartier").options}
