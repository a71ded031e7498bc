"""An exercise's title, group names and prompts in the residents' languages
(docs/johari.md, "Languages"): the defaults come translated, a coordinator translates the
rest on /johari/<id>/traductions, the residents' page shows the page's language."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from participation.extensions import db
from participation.johari import translations
from participation.johari.models import JohariTranslation
from tests.formcheck import pick_form
from tests.reading import plain


def _words(page) -> str:
    return " ".join(plain(page.html.get_text(" ")).split())


def _texts(exercise, language: str) -> dict:
    return translations.text_map(exercise.id, language)


def test_a_new_exercise_has_its_default_prompts_in_every_language(app, exercise):
    residents = exercise.group("habitants")
    arabic, turkish = _texts(exercise, "ar"), _texts(exercise, "tr")
    target = f"g{residents.id}"
    assert arabic[(target, "prompt_publique")] == "ما الذي نعرفه جميعًا عن حيّنا؟"
    assert turkish[(target, "prompt_cachee")] == "Mahallem hakkında yalnızca benim bildiğim ne?"
    assert arabic[(target, "name")] == "السكان"
    easy = _texts(exercise, "fr-x-falc")
    assert easy[(target, "prompt_publique")] == (
        "Qu'est-ce que nous savons tous sur notre quartier ?")
    assert (target, "name") not in easy  # the same words in easy-read French: French shows
    # the facilitator's title has no translation until one is written: French shows
    assert ("exercise", "title") not in arabic
    assert translations.missing_counts(exercise) == {"fr-x-falc": 3, "en": 1, "ar": 1, "tr": 1}


@pytest.mark.forms("_macros/translations.html")
def test_coordinator_translates_the_title_and_a_resident_reads_it(webapp, web_login, exercise):
    web_login("coordinator")
    page = webapp.get(f"/johari/{exercise.id}")
    page = page.click(href=f"/johari/{exercise.id}/traductions")
    page = page.click(href="langue=tr")
    assert _words(page).count("Mahallemiz hakkında hepimizin bildiği ne?") == 1  # stored
    form = pick_form(page, field="exercise-title")
    form["exercise-title"] = "Mangalda Johari penceresi"
    page = form.submit().follow()
    assert "Traductions enregistrées (Turc)." in _words(page)
    assert _texts(exercise, "tr")[("exercise", "title")] == "Mangalda Johari penceresi"
    quartier = webapp.get(f"/quartiers/{exercise.quartier_id}?lang=tr")
    assert "Johari penceresi: Mangalda Johari penceresi" in _words(quartier)
    fr = webapp.get(f"/quartiers/{exercise.quartier_id}?lang=fr")
    assert "Fenêtre de Johari : Johari du barbecue" in _words(fr)


@pytest.mark.forms("_macros/translations.html")
def test_a_translation_too_long_stores_nothing_and_keeps_what_was_typed(webapp, web_login,
                                                                        exercise):
    web_login("coordinator")
    form = pick_form(webapp.get(f"/johari/{exercise.id}/traductions?langue=ar"),
                     field="exercise-title")
    residents = exercise.group("habitants")
    form["exercise-title"] = "نافذة جوهاري"
    form[f"g{residents.id}-prompt_aveugle"] = "س" * 301
    page = form.submit(status=400)
    assert "Traduction trop longue (301 caractères, 300 au plus)." in _words(page)
    assert pick_form(page, field="exercise-title")["exercise-title"].value == "نافذة جوهاري"
    assert ("exercise", "title") not in _texts(exercise, "ar")


@pytest.mark.forms("johari/prompts.html")
def test_a_reworded_prompt_loses_its_translations_the_others_keep_theirs(webapp, web_login,
                                                                        exercise):
    web_login("coordinator")
    residents = exercise.group("habitants")
    form = pick_form(webapp.get(f"/johari/{exercise.id}/groups/habitants/questions"),
                     field="publique")
    form["publique"] = "Que savons-nous tous du quartier ?"
    page = form.submit().follow()
    assert "jusqu'à leur nouvelle traduction" in _words(page)
    arabic = _texts(exercise, "ar")
    assert (f"g{residents.id}", "prompt_publique") not in arabic
    assert arabic[(f"g{residents.id}", "prompt_aveugle")] == "ما الذي لا أعرفه عن حيّي؟"
    shown = _words(webapp.get(f"/johari/{exercise.id}/habitants?lang=ar"))
    assert "Que savons-nous tous du quartier ?" in shown  # French until translated
    assert "ما الذي لا أعرفه عن حيّي؟" in shown


@pytest.mark.parametrize(("lang", "prompt", "name"), [
    ("ar", "ما الذي لا نعرفه عن حيّنا؟", "السكان"),
    ("tr", "Mahallemiz hakkında bilmediğimiz ne?", "Mahalle sakinleri"),
    ("fr-x-falc", "Qu'est-ce que personne ne sait sur notre quartier ?", "Habitants"),
])
@pytest.mark.forms("johari/public.html")
def test_resident_page_and_its_errors_read_in_the_language(webapp, exercise, lang, prompt,
                                                           name):
    page = webapp.get(f"/johari/{exercise.id}/habitants?lang={lang}")
    assert prompt in _words(page) and f"· {name}" in _words(page)
    assert "Qu'est ce que nous ne connaissons pas" not in _words(page)
    form = pick_form(page, field="inconnue")
    form["inconnue"] = "x" * 501
    summary = form.submit(status=422)
    assert prompt in " ".join(summary.html.select_one(".error-summary").get_text(" ").split())


def test_deleting_the_exercise_deletes_its_translations(app, exercise):
    db.session.delete(exercise)
    db.session.commit()
    assert db.session.scalars(select(JohariTranslation.id).order_by(
        JohariTranslation.id)).all() == []


def test_the_poster_in_arabic_prints_the_arabic_prompts_and_links_to_them(webapp, web_login,
                                                                          exercise):
    web_login("facilitator")
    page = webapp.get(f"/johari/{exercise.id}/affiche?lang=ar")
    assert "ما الذي نعرفه جميعًا عن حيّنا؟" in _words(page)
    assert f"/johari/{exercise.id}/habitants?lang=ar" in _words(page)
    assert f"/johari/{exercise.id}/habitants/qr.svg?lang=ar" in page.text
