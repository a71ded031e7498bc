"""Coordinators build a questionnaire through the rendered forms (WebTest, CSRF on):
create, import, settings, status, duplicate, reorder, delete, profile question, question
editor and preview. Every form is filled as the page shows it and its effect is checked."""
from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import func, select

from participation.extensions import db
from participation.surveys import services
from participation.surveys.models import Survey
from participation.territory.services import current_tree
from tests import factories
from tests.formfill import form_to, text_of, tick
from tests.reading import plain
from tests.surveys.helpers import q, survey_with_condition
from tests.surveys.test_hazebrouck import FIXTURES


@pytest.mark.forms("surveys/index.html#1")
def test_create_survey_form_stores_title_and_quartier(webapp, web_login, territory, quartier):
    web_login("coordinator")
    form = form_to(webapp.get("/surveys/"), "/surveys/new")
    form["title"], form["intro"] = "Enquête de rentrée", "Deux minutes"
    tick(form, "Pasteur-Foch")
    page = form.submit().follow()
    survey = db.session.scalar(select(Survey).where(Survey.title == "Enquête de rentrée"))
    assert [x.name for x in survey.quartiers] == ["Pasteur-Foch"]
    assert survey.intro == "Deux minutes" and survey.languages == "fr"
    assert "<h1>Enquête de rentrée</h1>" in page.text


@pytest.mark.forms("surveys/index.html#1")
def test_create_survey_without_title_says_so_in_french(webapp, web_login, territory):
    survey_with_condition(territory)
    web_login("coordinator")
    form = form_to(webapp.get("/surveys/"), "/surveys/new")
    form["intro"] = "Deux minutes"
    page = form.submit(status=400)
    assert "Titre : Ce champ est obligatoire." in plain(page.text)
    assert form_to(page, "/surveys/new")["intro"].value == "Deux minutes"
    assert "Enquête flash" in text_of(page)  # the list stays (not "no questionnaire yet")
    assert "Aucun questionnaire" not in text_of(page)
    assert db.session.scalar(select(func.count(Survey.id))) == 1


@pytest.mark.forms("surveys/index.html#2")
def test_import_xlsform_through_the_upload_form(webapp, web_login, territory):
    web_login("coordinator")
    form = form_to(webapp.get("/surveys/"), "/surveys/import")
    form["file"] = ("questionnaire.xlsx", (FIXTURES / "questionnaire.xlsx").read_bytes())
    preview = form.submit().follow()  # the preview first: nothing stored yet
    assert db.session.scalar(select(Survey)) is None
    page = form_to(preview, "/confirm").submit().follow()
    survey = db.session.scalar(select(Survey))
    assert survey is not None and survey.status == "draft" and len(survey.questions) > 5
    assert f"Questionnaire importé : {len(survey.questions)} questions." in plain(page.text)


@pytest.mark.forms("surveys/edit.html#7")
def test_settings_form_saves_dates_and_quartiers(webapp, web_login, territory, quartier):
    other = factories.quartier(territory, name="Les Pâtures", names=("Cité des Pâtures",))
    survey = survey_with_condition(territory, quartier, status="draft")
    web_login("coordinator")
    form = form_to(webapp.get(f"/surveys/{survey.id}"), f"/surveys/{survey.id}")
    assert form["title"].value == "Enquête flash"
    form["title"] = "Enquête flash d'automne"
    tick(form, "Pasteur-Foch", on=False)
    tick(form, "Les Pâtures")
    form["opens_at"], form["closes_at"] = "2026-09-01T08:00", "2026-09-30T20:00"
    page = form.submit().follow()
    assert "Questionnaire enregistré." in page.text
    db.session.refresh(survey)
    assert survey.title == "Enquête flash d'automne"
    assert [x.id for x in survey.quartiers] == [other.id]
    assert survey.opens_at.replace(tzinfo=None) == datetime(2026, 9, 1, 8, 0)
    assert survey.closes_at.replace(tzinfo=None) == datetime(2026, 9, 30, 20, 0)


@pytest.mark.forms("surveys/edit.html#1",
                   "surveys/edit.html#2",
                   "surveys/edit.html#3",
                   "surveys/edit.html#4",
                   "surveys/edit.html#5")
def test_status_duplicate_move_delete_buttons(webapp, web_login, territory, quartier):
    survey = survey_with_condition(territory, quartier, status="draft")
    web_login("coordinator")
    edit = f"/surveys/{survey.id}"
    form_to(webapp.get(edit), f"{edit}/status", contains="Ouvrir aux réponses").submit()
    db.session.refresh(survey)
    assert survey.status == "open"
    note = q(survey, "note")
    form_to(webapp.get(edit), f"/surveys/questions/{note.id}/move",
            contains="Monter").submit()
    db.session.expire_all()
    assert [x.name for x in survey.questions][:3] == ["info", "note", "canal"]
    form_to(webapp.get(edit), f"/surveys/questions/{note.id}/move",
            contains="Descendre").submit()
    db.session.expire_all()
    assert [x.name for x in survey.questions][:3] == ["info", "canal", "note"]
    page = form_to(webapp.get(edit), f"/surveys/questions/{note.id}/delete").submit().follow()
    assert "Question supprimée." in page.text
    db.session.expire_all()
    assert "note" not in [x.name for x in survey.questions]
    copy = form_to(webapp.get(edit), f"{edit}/duplicate").submit().follow()
    assert "Copie créée, en brouillon." in copy.text
    duplicate = db.session.scalar(select(Survey).where(Survey.id != survey.id))
    assert duplicate.status == "draft" and len(duplicate.questions) == 3


@pytest.mark.forms("surveys/edit.html#6")
def test_profile_question_chosen_by_its_title(webapp, web_login, territory, quartier):
    survey = survey_with_condition(territory, quartier, status="draft")
    web_login("coordinator")
    form = form_to(webapp.get(f"/surveys/{survey.id}"), f"/surveys/{survey.id}/profile")
    form.select("key", text="Tranche d'âge")
    assert "Question de profil ajoutée." in form.submit().follow().text
    db.session.expire_all()
    age = q(survey, "profil_age")
    assert age.label == "Quelle est votre tranche d'âge ?" and len(age.options) >= 4


@pytest.mark.forms("surveys/edit.html#6")
def test_quartier_profile_offers_the_names_of_the_surveys_quartiers(webapp, web_login,
                                                                    territory, quartier):
    factories.quartier(territory, name="Les Pâtures", names=("Cité des Pâtures",))
    survey = survey_with_condition(territory, quartier, status="draft")
    web_login("coordinator")
    form = form_to(webapp.get(f"/surveys/{survey.id}"), f"/surveys/{survey.id}/profile")
    form.select("key", text="Quartier (noms utilisés par les habitants)")
    form.submit().follow()
    db.session.expire_all()
    profile = q(survey, "profil_quartier")
    assert sorted(o.label for o in profile.options) == [
        "Cité Pasteur", "Pasteur-Foch", "Résidence Foch"]
    assert {o.quartier_id for o in profile.options} == {quartier.id}


@pytest.mark.forms("surveys/question.html")
def test_new_question_form_with_condition_chosen_by_title(webapp, web_login, territory):
    survey = survey_with_condition(territory, status="draft")
    web_login("coordinator")
    page = webapp.get(f"/surveys/{survey.id}/questions/new")
    form = form_to(page, f"/surveys/{survey.id}/questions/new")
    form.select("type", text="Choix multiple")
    form["label"] = "Qu'est-ce qui manque ?"
    form["options"] = "Bus\nMédecin\nBanque"
    tick(form, "Ajouter « Autre » avec une précision libre")
    form["max_choices"] = "2"
    form.select("rows-0-question", text="Savez-vous ce qu'il se passe ?")
    page = form.submit("ajouter")  # without JavaScript: the page again, a second row
    assert len(page.html.select("[data-row]")) == 2
    form = form_to(page, f"/surveys/{survey.id}/questions/new")
    # the value of a choice question is one of its choices, offered by their labels
    assert [o.text for o in page.html.select("#rows-0-value option")] == ["—", "Oui", "Non"]
    form.select("rows-0-op", text="est")
    form.select("rows-0-value", text="Oui")
    form.select("rows-1-question", text="Note de sécurité")
    form.select("rows-1-op", text="est au moins")
    form["rows-1-value"] = "7"
    tick(form, "au moins une (ou)")
    tick(form, "Réponse obligatoire")
    page = form.submit().follow()
    assert "Question enregistrée." in page.text
    db.session.expire_all()
    added = survey.questions[-1]
    assert (added.label, added.type, added.max_choices, added.has_other, added.required) == \
        ("Qu'est-ce qui manque ?", "multiple", 2, True, True)
    assert [o.label for o in added.options] == ["Bus", "Médecin", "Banque"]
    assert added.relevant == "${info} = 'oui' or ${note} >= 7"


@pytest.mark.forms("surveys/question.html")
def test_question_edit_form_submitted_as_rendered_keeps_everything(webapp, web_login,
                                                                   territory):
    survey = survey_with_condition(territory, status="draft")
    canal = q(survey, "canal")
    web_login("coordinator")
    url = f"/surveys/questions/{canal.id}"
    page = webapp.get(url)
    form = form_to(page, url)
    assert (form["rows-0-question"].value, form["rows-0-op"].value,
            form["rows-0-value"].value) == ("info", "=", "oui")
    assert page.html.select_one("#rows-0-value option[selected]").text == "Oui"
    assert form["relevant"].value == ""  # the rows show it: the advanced field stays empty
    form["help"] = "Une seule réponse"
    assert "Question enregistrée." in form.submit().follow().text
    db.session.expire_all()
    canal = q(survey, "canal")
    assert canal.help == "Une seule réponse" and canal.has_other and canal.required
    assert [o.label for o in canal.options] == ["Bouche à oreille", "Facebook"]
    assert canal.relevant == "${info} = 'oui'"


@pytest.mark.forms("surveys/question.html")
def test_question_tagged_with_a_challenge_ticked_by_its_label(webapp, web_login, territory):
    survey = survey_with_condition(territory, status="draft")
    challenge = next(c for c in current_tree(territory.current_contract) if c.depth == 0)
    web_login("coordinator")
    url = f"/surveys/{survey.id}/questions/new"
    form = form_to(webapp.get(url), url)
    form.select("type", text="Texte long")
    form["label"] = "Que faudrait-il changer ?"
    tick(form, challenge.label)
    form.select("contribution_kind", text="Proposition")
    form.submit().follow()
    db.session.expire_all()
    added = survey.questions[-1]
    assert [c.id for c in added.challenges] == [challenge.id]
    assert added.contribution_kind == "proposition"


@pytest.mark.forms("surveys/answer.html")
def test_preview_form_checks_answers_without_storing(webapp, web_login, territory):
    from participation.surveys.models import Response

    survey = survey_with_condition(territory, status="draft")
    web_login("coordinator")
    url = f"/surveys/{survey.id}/preview"
    form = form_to(webapp.get(url), url)
    tick(form, "Non")
    tick(form, "7")
    page = form.submit(status=303).follow()  # Post/Redirect/Get
    assert "Aperçu : les réponses sont valides (rien n'a été enregistré)." in text_of(page)
    assert db.session.scalar(select(Response.id)) is None


@pytest.mark.forms("surveys/question.html")
def test_condition_value_that_is_no_choice_is_refused_in_words(webapp, web_login, territory):
    survey = survey_with_condition(territory, status="draft")
    web_login("coordinator")
    url = f"/surveys/{survey.id}/questions/new"
    form = form_to(webapp.get(url), url)
    form["label"] = "Depuis quand ?"
    form.select("type", text="Texte court")
    form["relevant"] = "${info} = 'peut_etre'"
    page = form.submit()
    assert "« peut_etre » n'est pas un choix de la question « info » (choix : non, oui)" in \
        text_of(page)
    form = form_to(page, url)
    form["relevant"] = "${info} = 'oui' and today() > '2024-01-01'"
    page = form.submit()
    assert "Expression avancée : fonction « today() » non prise en charge" in text_of(page)
    assert form_to(page, url)["label"].value == "Depuis quand ?"  # nothing to type again
    assert form_to(page, url)["relevant"].value == "${info} = 'oui' and today() > '2024-01-01'"
    assert len(survey.questions) == 4


@pytest.mark.forms("surveys/question.html")
def test_condition_rows_removed_and_an_advanced_expression_kept(webapp, web_login, territory):
    survey = survey_with_condition(territory, status="draft")
    web_login("coordinator")
    note = q(survey, "note")
    services.set_condition(note, "selected(${canal}, 'facebook') and ${info} != 'non'")
    url = f"/surveys/questions/{note.id}"
    page = webapp.get(url)
    assert len(page.html.select("[data-row]")) == 2
    form = form_to(page, url)
    assert (form["rows-1-op"].value, form["rows-1-value"].value) == ("!=", "non")
    page = form.submit("retirer", index=1)  # "Retirer cette condition" of the second row
    assert len(page.html.select("[data-row]")) == 1
    form = form_to(page, url)
    assert form["rows-0-question"].value == "canal"
    form.submit().follow()
    db.session.expire_all()
    assert q(survey, "note").relevant == "selected(${canal}, 'facebook')"
    # what the rows cannot say stays in the advanced field, as written
    services.set_condition(q(survey, "note"), "(${info} = 'oui' or ${canal} = 'other') and "
                                              "count-selected(${canal}) = 1")
    form = form_to(webapp.get(url), url)
    assert form["relevant"].value == \
        "(${info} = 'oui' or ${canal} = 'other') and count-selected(${canal}) = 1"
    form["help"] = "Aide"
    form.submit().follow()
    db.session.expire_all()
    assert q(survey, "note").relevant.startswith("(${info} = 'oui' or ${canal} = 'other')")


@pytest.mark.forms("surveys/question.html")
def test_a_count_condition_opens_in_a_number_box_and_is_saved_unchanged(webapp, web_login,
                                                                        territory):
    """Fresh-eyes test: the count of a count-selected() row was shown as a list of choices
    with "—" selected, so saving the page unchanged stored ``>= ''`` and hid the question."""
    survey = survey_with_condition(territory, status="draft")
    services.set_condition(q(survey, "note"), "count-selected(${canal}) >= 2")
    web_login("coordinator")
    url = f"/surveys/questions/{q(survey, 'note').id}"
    page = webapp.get(url)
    box = page.html.select_one("#rows-0-value")
    assert (box.name, box.get("value"), box.get("inputmode")) == ("input", "2", "numeric")
    form = form_to(page, url)
    assert (form["rows-0-question"].value, form["rows-0-op"].value) == ("canal", "count")
    assert "Question enregistrée." in form.submit().follow().text
    db.session.expire_all()
    assert q(survey, "note").relevant == "count-selected(${canal}) >= 2"


@pytest.mark.forms("surveys/question.html")
def test_a_count_or_a_number_compared_with_a_word_or_nothing_is_refused(webapp, web_login,
                                                                       territory):
    """Never stored silently: a text where a number is needed, or a row without its value;
    a choice typed by its label is read as the choice."""
    survey = survey_with_condition(territory, status="draft")
    web_login("coordinator")
    url = f"/surveys/{survey.id}/questions/new"
    form = form_to(webapp.get(url), url)
    form["label"] = "Pourquoi ?"
    form.select("type", text="Texte court")
    form["relevant"] = "count-selected(${canal}) >= 'deux'"
    page = form.submit()
    assert "count-selected(${canal}) se compare à un nombre, pas à « deux »" in text_of(page)
    form = form_to(page, url)
    form["relevant"] = "${note} > ''"
    assert "${note} se compare à un nombre, pas à « »" in text_of(form.submit())
    form["relevant"] = ""
    form.select("rows-0-question", text="Note de sécurité")
    form.select("rows-0-op", text="est au moins")
    assert "Condition n° 1 : indiquez une valeur." in text_of(form.submit())
    assert len(survey.questions) == 4  # nothing stored
    form.select("rows-0-question", text="Savez-vous ce qu'il se passe ?")
    form.select("rows-0-op", text="est")
    form["rows-0-value"] = "Non"  # typed as the label shows it (the text box of a page
    # whose question was picked without JavaScript)
    assert "Question enregistrée." in form.submit().follow().text
    db.session.expire_all()
    assert survey.questions[-1].relevant == "${info} = 'non'"


@pytest.mark.forms("surveys/question.html")
def test_a_new_free_text_question_takes_its_kind_from_its_wording(webapp, web_login,
                                                                  territory):
    """Fresh tester: "Ce que vous aimez ici" left at the builder's default became
    "Constat / manquement", so what residents like was counted as faiblesses. The default
    now reads the wording (``kinds.kind_for_question``); a kind chosen is kept."""
    survey = survey_with_condition(territory, status="draft")
    web_login("coordinator")
    url = f"/surveys/{survey.id}/questions/new"
    for label, chosen, kind in [("Ce que vous aimez ici", None, "atout"),
                                ("Vos idées pour le square", None, "proposition"),
                                ("Qu'est-ce qui manque ?", None, "constat"),
                                ("Ce que vous aimez ici, en un mot", "Constat / manquement",
                                 "constat")]:
        form = form_to(webapp.get(url), url)
        assert form["contribution_kind"].value == ""
        form.select("type", text="Texte long")
        form["label"] = label
        if chosen:
            form.select("contribution_kind", text=chosen)
        assert "Question enregistrée." in form.submit().follow().text
        db.session.expire_all()
        assert (survey.questions[-1].label, survey.questions[-1].contribution_kind) == (
            label, kind)
