"""A questionnaire in several languages: XLSForm label::lang round trip (pyxform accepts the
export), the coordinator's translation page, missing counts, the definition version."""
from __future__ import annotations

from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook
from pyxform.xls2xform import xls2xform_convert

from participation.surveys import services
from participation.surveys.definition import survey_definition
from participation.surveys.imports import import_xlsform
from participation.surveys.translations import (
    missing_counts,
    tag_of_language_name,
    text_map,
)
from participation.surveys.xlsform_export import export_xlsform
from tests.surveys.helpers import survey_with_condition

AR, FR = "Arabic (ar)", "Français (fr)"


def _xlsform() -> bytes:
    """Kobo's way: French and Arabic columns, Arabic hint/messages, settings in French."""
    book = Workbook()
    sheet = book.active
    sheet.title = "survey"
    sheet.append(["type", "name", f"label::{FR}", f"label::{AR}", f"hint::{FR}", f"hint::{AR}",
                  "required", f"required_message::{FR}", f"required_message::{AR}",
                  "constraint", f"constraint_message::{FR}", f"constraint_message::{AR}"])
    sheet.append(["select_one parc", "parc", "Le parc est-il propre ?", "هل الحديقة نظيفة؟",
                  "Pensez aux allées.", "فكروا في الممرات.", "yes", "Répondez, svp.",
                  "أجيبوا من فضلكم.", "", "", ""])
    sheet.append(["integer", "annees", "Depuis combien d'années ?", "منذ كم سنة؟", "", "", "",
                  "", "", ". >= 0 and . <= 90", "Entre 0 et 90.", "بين 0 و 90."])
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", f"label::{FR}", f"label::{AR}"])
    choices.append(["parc", "propre", "Propre", "نظيفة"])
    choices.append(["parc", "sale", "Sale", "متسخة"])
    settings = book.create_sheet("settings")
    settings.append(["form_title", "form_id", "default_language"])
    settings.append(["Le parc", "parc", FR])
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _arabic(survey) -> dict:
    """``{(question or option name, field): text}`` of the Arabic translations."""
    names = {f"q{q.id}": q.name for q in survey.questions}
    names |= {f"o{o.id}": o.name for q in survey.questions for o in q.options}
    return {(names[t], f): text for (t, f), text in text_map(survey.id, "ar").items()}


def test_kobo_language_names_map_to_their_code():
    assert [tag_of_language_name(n) for n in (
        "Arabic (ar)", "Français (fr)", "ar", "English", "Turc", "Martien", "fr-x-falc")] == [
        "ar", "fr", "ar", "en", "tr", None, "fr-x-falc"]


def test_arabic_and_french_xlsform_imports_exports_and_pyxform_accepts_it(territory, tmp_path):
    survey = import_xlsform(territory.id, _xlsform())
    assert survey.languages == "fr, ar"
    parc, annees = survey.questions
    assert (parc.label, parc.help, parc.required_message) == (
        "Le parc est-il propre ?", "Pensez aux allées.", "Répondez, svp.")
    assert (annees.constraint_message, [o.label for o in parc.options]) == (
        "Entre 0 et 90.", ["Propre", "Sale"])
    expected = {("parc", "label"): "هل الحديقة نظيفة؟", ("parc", "help"): "فكروا في الممرات.",
                ("parc", "required_message"): "أجيبوا من فضلكم.",
                ("annees", "label"): "منذ كم سنة؟", ("annees", "constraint_message"): "بين 0 و 90.",
                ("propre", "label"): "نظيفة", ("sale", "label"): "متسخة"}
    assert _arabic(survey) == expected

    path = tmp_path / "form.xlsx"
    path.write_bytes(export_xlsform(survey))
    header = next(load_workbook(path)["survey"].iter_rows(values_only=True))
    assert {"label::Français (fr)", "label::Arabe (ar)", "hint::Arabe (ar)",
            "constraint_message::Arabe (ar)", "required_message::Arabe (ar)"} <= set(header)
    xls2xform_convert(xlsform_path=str(path), xform_path=str(tmp_path / "form.xml"))
    xform = (tmp_path / "form.xml").read_text()
    assert 'lang="Arabe (ar)"' in xform and "هل الحديقة نظيفة؟" in xform and "متسخة" in xform

    again = import_xlsform(territory.id, path.read_bytes())
    assert again.languages == "fr, ar" and _arabic(again) == expected
    assert [(q.label, q.help, q.constraint_message, q.required_message) for q in again.questions
            ] == [(q.label, q.help, q.constraint_message, q.required_message)
                  for q in survey.questions]


def test_a_language_without_code_is_refused_with_its_column(territory):
    book = Workbook()
    book.active.title = "survey"
    book.active.append(["type", "name", "label", "label::Martien"])
    book.active.append(["text", "idee", "Une idée ?", "?"])
    buffer = BytesIO()
    book.save(buffer)
    from participation.core.errors import ImportRejected

    try:
        import_xlsform(territory.id, buffer.getvalue())
    except ImportRejected as exc:
        assert "label::Martien" in exc.errors[0][1] and "(ar)" in exc.errors[0][1]
    else:
        raise AssertionError("imported")


def test_missing_counts_and_a_translation_leaves_the_definition_version(territory):
    survey = survey_with_condition(territory)
    services.update_survey(survey, survey.title, "Deux minutes.", [], "fr, ar, tr")
    version = survey_definition(survey)["survey"]["version"]
    # texts: title, intro; info label + 2 options (Oui, Non); canal label + 2 options;
    # note label; contact label = 10
    assert missing_counts(survey) == {"ar": 10, "tr": 10}
    from participation.surveys.translations import save_translations

    info = survey.questions[0]
    assert save_translations(survey, "ar", {f"q{info.id}-label": "هل تعرف ما يحدث؟",
                                            f"o{info.options[0].id}-label": "نعم"}) == {}
    assert missing_counts(survey) == {"ar": 8, "tr": 10}
    assert survey_definition(survey)["survey"]["version"] == version


@pytest.mark.forms("_macros/translations.html")
def test_translation_page_lists_counts_and_saves_through_the_rendered_form(
        webapp, web_login, territory):
    web_login("coordinator")
    survey = survey_with_condition(territory)
    services.update_survey(survey, survey.title, "", [], "fr, ar, fr-x-falc")
    edit = webapp.get(f"/surveys/{survey.id}")
    assert "18 textes à traduire" in edit.text  # 9 texts (title, 4 labels, 4 options) x 2
    page = edit.click("Traductions")
    assert page.html.select_one('[data-missing="ar"]').text == "9"
    assert page.html.select_one('[data-missing="fr-x-falc"]').text == "9"
    info = survey.questions[0]
    form = page.forms["traductions"]
    assert form[f"q{info.id}-label"].value == ""
    form[f"q{info.id}-label"] = "هل تعرف ما يحدث؟"
    saved = form.submit().follow()
    assert "Traductions enregistrées" in saved.text
    assert saved.html.select_one('[data-missing="ar"]').text == "8"
    assert saved.html.select_one(f'textarea[name="q{info.id}-label"]')["dir"] == "rtl"
    falc = saved.click(href="langue=fr-x-falc")
    form = falc.forms["traductions"]
    form[f"q{info.id}-label"] = "x" * 5001
    refused = form.submit(status=400)
    assert "Rien n’a été enregistré" in refused.text
    assert refused.forms["traductions"][f"q{info.id}-label"].value == "x" * 5001
    assert missing_counts(survey) == {"ar": 8, "fr-x-falc": 9}
