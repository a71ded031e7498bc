"""The built-in profile questions come with their translations from the catalogues in each
of the survey's languages the interface has (docs/surveys.md, "Languages"): inserted by a
coordinator, or later when a language is added; a coordinator's own wording or translation
is never overwritten."""
from __future__ import annotations

import pytest

from participation.extensions import db
from participation.surveys import services, translations
from participation.surveys.profiles import add_profile_question, store_translations
from tests.formfill import form_to
from tests.reading import plain
from tests.surveys.helpers import q, survey_with_condition


def _words(page) -> str:
    return " ".join(plain(page.html.get_text(" ")).split())


def _arabic(survey, obj) -> str | None:
    return translations.text_map(survey.id, "ar").get((translations.target_of(obj), "label"))


@pytest.mark.forms("surveys/edit.html#6", "surveys/edit.html#7")
def test_profile_questions_inserted_then_a_language_added(webapp, web_login, territory,
                                                          quartier):
    survey = survey_with_condition(territory, quartier, status="draft")
    survey.languages = "fr, ar"
    db.session.commit()
    web_login("coordinator")
    for title in ("Tranche d'âge", "Composition du foyer"):
        form = form_to(webapp.get(f"/surveys/{survey.id}"), f"/surveys/{survey.id}/profile")
        form.select("key", text=title)
        assert "Question de profil ajoutée." in form.submit().follow().text
    db.session.expire_all()
    age, household = q(survey, "profil_age"), q(survey, "profil_foyer")
    assert age.label == "Quelle est votre tranche d'âge ?"  # the default language's
    assert _arabic(survey, age) == "ما هي فئتكم العمرية؟"
    assert [_arabic(survey, o) for o in age.options] == [
        "أقل من 15 سنة", "من 15 إلى 24 سنة", "من 25 إلى 39 سنة", "من 40 إلى 59 سنة",
        "من 60 إلى 74 سنة", "75 سنة فما فوق"]
    assert translations.text_map(survey.id, "tr") == {}  # not a language of the survey yet
    # the coordinator rewords one option, then adds Turkish (and Romani) to the survey
    household.options[0].label = "Je vis seul(e)"
    db.session.commit()
    form = form_to(webapp.get(f"/surveys/{survey.id}"), f"/surveys/{survey.id}")
    form["languages"] = "fr, ar, tr, rom"
    assert "Questionnaire enregistré." in form.submit().follow().text
    turkish = translations.text_map(survey.id, "tr")
    assert turkish[(f"q{household.id}", "label")] == "Evinizde kimler yaşıyor?"
    assert (f"o{household.options[0].id}", "label") not in turkish  # reworded: not ours
    assert turkish[(f"o{household.options[1].id}", "label")] == "Çocuksuz çift"
    assert translations.text_map(survey.id, "rom") == {}  # no catalogue: the coordinator's
    services.set_status(survey, "open")
    page = webapp.get(f"/s/{survey.slug}?lang=tr")
    assert "Yaş aralığınız nedir?" in _words(page) and "75 yaş ve üzeri" in _words(page)


def test_a_translation_a_coordinator_wrote_is_kept(app, territory, quartier):
    survey = survey_with_condition(territory, quartier, status="draft")
    survey.languages = "fr, ar"
    db.session.commit()
    with app.test_request_context("/"):
        sex = add_profile_question(survey, "sexe")
        translations.set_text(survey, sex, "label", "ar", "الجنس:")
        db.session.commit()
        assert store_translations(survey) == 0
    assert _arabic(survey, sex) == "الجنس:"
    assert [_arabic(survey, o) for o in sex.options] == [
        "امرأة", "رجل", "آخر / أفضّل عدم الإجابة"]


def test_a_survey_written_in_english_gets_english_profile_questions(app, territory, quartier):
    survey = survey_with_condition(territory, quartier, status="draft")
    survey.languages = "en, fr, ar"
    db.session.commit()
    with app.test_request_context("/"):
        seniority = add_profile_question(survey, "anciennete")
    assert seniority.label == "How long have you lived in the neighbourhood?"
    french = translations.text_map(survey.id, "fr")
    assert french[(f"q{seniority.id}", "label")] == (
        "Depuis combien de temps habitez-vous le quartier ?")
    assert _arabic(survey, seniority.options[0]) == "أقل من سنة"


def test_the_tablet_interview_shows_the_profile_questions_in_the_residents_language(
        webapp, web_login, territory, quartier):
    """A facilitator hands the tablet to a resident who reads Turkish: the interview page
    (the residents' form, ``?lang=tr``) asks the profile questions in Turkish."""
    survey = survey_with_condition(territory, quartier, status="open")
    survey.languages = "fr, tr"
    db.session.commit()
    with webapp.app.test_request_context("/"):
        add_profile_question(survey, "statut")
    web_login("facilitator")
    page = webapp.get(f"/surveys/{survey.id}/interview?lang=tr")
    words = _words(page)
    assert "Konutunuzda durumunuz:" in words and "Sosyal konutta kiracı" in words
    assert "Locataire d'un logement social" not in words
