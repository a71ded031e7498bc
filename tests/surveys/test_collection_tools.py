"""An imported survey's collection channel is named (``surveys/collection_tools.py``).

The coordinator tester's case: the Kobo export of « Enquête habitants Pasteur-Foch 2026 »
(tests/surveys/data/reimport, 62 responses typed on KoboCollect tablets) gave the section
"Canaux de recueil : Import (62)." Now the import names the tool it reads from the file's
shape, the coordinator confirms or corrects it in the import form, and the survey's page
and the section (HTML, DOCX, ODT) name it.
"""
from __future__ import annotations

import csv
import io

import pytest

from participation.surveys.collection_tools import detect
from participation.surveys.imports import import_xlsform
from tests.analysis.quote_audit import docx_lines, odt_lines
from tests.formfill import form_to, text_of
from tests.reading import plain
from tests.surveys.import_cases import case_bytes
from tests.surveys.test_import_shape import data

KOBO_LINE = "Canaux de recueil : Tablettes KoboCollect (62)."


def _header(content: bytes) -> list[str]:
    text = content.decode("utf-8-sig")
    return next(csv.reader(io.StringIO(text), delimiter=";" if ";" in text.split("\n")[0]
                           else ","))


@pytest.mark.parametrize(("case", "name", "tool"), [
    ("gforms-download-timestamp", "answers_utc.csv", "google_forms"),
    ("odk-central-submissiondate", "central_export.csv", "odk_collect"),
    ("odk-central-group-columns", "central_export.csv", "odk_collect"),
    ("kobo-label-headers", "kobo_labels_export.csv", "kobocollect"),
    # re-saved by Excel with only the template's columns: nothing tells the tool
    ("excel-resaved-dates", "kobo_export_after_excel.csv", "tableur"),
])
def test_the_file_shape_gives_the_tool(case, name, tool):
    assert detect(_header(case_bytes(case, name))) == tool


def test_the_tester_kobo_export_is_kobocollect():
    assert detect(_header(data("kobo.csv"))) == "kobocollect"


def _block_lines(webapp, survey_id: int) -> list[str]:
    block = webapp.get("/exports/section").html.find(id=f"bloc-enquete-{survey_id}")
    return [plain(" ".join(p.get_text().split()))
            for p in block.find_all("p", recursive=False)]


@pytest.mark.forms("surveys/index.html#2", "surveys/import_questionnaire.html#1")
def test_detected_tool_reaches_the_survey_page_and_the_section(webapp, web_login, territory):
    web_login("coordinator")
    upload = form_to(webapp.get("/surveys/"), "/surveys/import")
    upload["file"] = ("form.xlsx", data("form.xlsx"))
    upload["answers"] = ("kobo.csv", data("kobo.csv"))
    preview = upload.submit().follow()
    assert "D’après le fichier : Tablettes KoboCollect." in text_of(preview)
    form = form_to(preview, "/confirm")
    assert form["recueil"].value == "kobocollect"
    page = form.submit().follow()  # the survey's page
    assert "Canaux de recueil : Tablettes KoboCollect (62)" in text_of(page)
    survey_id = int(page.request.path.rstrip("/").rsplit("/", 1)[1])
    assert KOBO_LINE in _block_lines(webapp, survey_id)
    assert KOBO_LINE in [plain(line) for line in docx_lines(
        webapp.get("/exports/section.docx").body)]
    assert KOBO_LINE in [plain(line) for line in odt_lines(
        webapp.get("/exports/section.odt").body)]


@pytest.mark.forms("surveys/results.html#1")
def test_the_coordinator_corrects_the_tool_on_the_results_page(webapp, web_login, territory):
    """The same export, answers imported on the results page of the imported form, the
    coordinator choosing Kobo's web form: that name, not the guess."""
    survey = import_xlsform(territory.id, data("form.xlsx"))
    web_login("coordinator")
    page = webapp.get(f"/surveys/{survey.id}/results")
    form = form_to(page, f"/surveys/{survey.id}/import-answers")
    form["file"] = ("kobo.csv", data("kobo.csv"))
    form["recueil"].select(text="Formulaire en ligne KoboToolbox (Enketo)")
    form.submit().follow()
    assert ("Canaux de recueil : Formulaire en ligne KoboToolbox (Enketo) (62)"
            in text_of(webapp.get(f"/surveys/{survey.id}")))
    assert ("Canaux de recueil : Formulaire en ligne KoboToolbox (Enketo) (62)."
            in _block_lines(webapp, survey.id))


@pytest.mark.forms("surveys/results.html#1")
def test_results_csv_names_the_channel_as_the_section(webapp, web_login, territory):
    """Tester t28coord: results.csv's « canal » said « Import » where the section said
    « Tablettes ODK Collect ». One source (``collection_tools.channel_label``): the 62
    responses of the Kobo export, imported as typed on ODK Collect tablets, are
    « Tablettes ODK Collect » in both."""
    survey = import_xlsform(territory.id, data("form.xlsx"))
    web_login("coordinator")
    form = form_to(webapp.get(f"/surveys/{survey.id}/results"),
                   f"/surveys/{survey.id}/import-answers")
    form["file"] = ("kobo.csv", data("kobo.csv"))
    form["recueil"].select(text="Tablettes ODK Collect")
    form.submit().follow()
    response = webapp.get(f"/surveys/{survey.id}/results").click(href="results.csv")
    rows = list(csv.DictReader(io.StringIO(response.body.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 62
    assert {row["canal"] for row in rows} == {"Tablettes ODK Collect"}
    assert "Canaux de recueil : Tablettes ODK Collect (62)." in _block_lines(webapp, survey.id)
