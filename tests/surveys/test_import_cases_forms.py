"""XLSForm fidelity (issue #12, kinds 1, 2 and 10): each case folder of import_cases as a
test with its right value, plus other instances of the same kinds. Runs on PostgreSQL too
(DATABASE_URL), where a value longer than its column is an error, not a silent truncation."""
from __future__ import annotations

from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from participation.core.errors import ImportRejected
from participation.extensions import db
from participation.surveys.answers_import import import_answers_csv
from participation.surveys.imports import import_xlsform
from participation.surveys.models import Survey
from participation.surveys.translations import text_map
from participation.surveys.xlsform_export import export_xlsform
from tests import factories
from tests.surveys.import_cases import case_bytes, form, options, results, upload_form
from tests.workbooks import xlsx


def _xlsx(survey_rows, choice_rows=(), settings=None) -> bytes:
    """A small XLSForm: rows are lists, the first one the header."""
    sheets = {"survey": survey_rows, "choices": [("list_name", "name", "label"), *choice_rows]}
    if settings:
        sheets["settings"] = [list(settings), list(settings.values())]
    return xlsx(sheets)


YES_NO = [("on", "oui", "Oui"), ("on", "non", "Non")]


def _rejected(territory, content: bytes) -> ImportRejected:
    before = db.session.scalar(select(func.count(Survey.id)))
    with pytest.raises(ImportRejected) as exc:
        import_xlsform(territory.id, content)
    assert db.session.scalar(select(func.count(Survey.id))) == before  # nothing stored
    return exc.value


# Kind 1: every schema limit is checked with the line (PostgreSQL raised DataError, HTTP 500)
@pytest.mark.parametrize("name, message", [
    ("form_long_label.xlsx", "libellé de choix trop long (337 caractères, 300 au plus)"),
    ("form_long_name.xlsx", "nom de choix trop long (73 caractères, 60 au plus)")])
def test_pg_long_choice_label_refused_with_the_choices_line(territory, name, message):
    error = _rejected(territory, case_bytes("pg-long-choice-label", name))
    assert error.errors == [(2, error.errors[0][1])]
    assert message in error.errors[0][1] and "feuille choices" in error.errors[0][1]


@pytest.mark.forms("surveys/index.html#2")
def test_pg_long_choice_label_web_upload_is_a_report_not_a_500(webapp, web_login):
    web_login("coordinator")
    for name in ("form_long_label.xlsx", "form_long_name.xlsx"):
        page = upload_form(webapp, "pg-long-choice-label", name, status=400)
        assert "rien n’a été enregistré" in page.text and "Ligne 2" in page.text
        assert "trop long" in page.text
    assert db.session.scalar(select(func.count(Survey.id))) == 0


def test_long_question_name_and_title_are_refused_with_their_line(territory):
    long = "q" * 61
    error = _rejected(territory, _xlsx([("type", "name", "label"), ("text", long, "Idée")],
                                       settings={"form_title": "T" * 301}))
    assert [line for line, _m in error.errors] == [2, 2]
    assert "nom de question trop long (61 caractères, 60 au plus)" in error.errors[0][1]
    assert "feuille settings : form_title trop long" in error.errors[1][1]


def test_a_sixty_character_name_is_kept_whole(territory):
    name = "n" * 60
    survey = import_xlsform(territory.id, _xlsx([("type", "name", "label"),
                                                 ("text", name, "Idée")]))
    assert survey.questions[0].name == name


# Kind 2: groups in every spelling; the group's condition applies to every question inside
def test_begin_group_with_space_is_skipped(territory):
    survey = form(territory, "begin-group-with-space")
    assert [(q.name, q.type) for q in survey.questions] == [("humidite", "yes_no")]


@pytest.mark.parametrize("begin, end", [("Begin Group", "End Group"),
                                        ("begin  group", "end_group"),
                                        ("BEGIN_GROUP", "end group")])
def test_group_spellings(territory, begin, end):
    survey = import_xlsform(territory.id, _xlsx(
        [("type", "name", "label"), (begin, "g", "G"), ("text", "idee", "Idée"),
         (end, "", "")]))
    assert [q.name for q in survey.questions] == ["idee"]


def test_group_relevant_applies_to_the_questions_inside(territory):
    group = form(territory, "group-relevant-dropped", "form_group.xlsx")
    inner = group.questions[1]
    assert (inner.name, inner.relevant) == ("projet_plait", "${connait} = 'oui'")
    import_answers_csv(group, case_bytes("group-relevant-dropped", "answers_group.csv"))
    got = results(group)["projet_plait"]
    assert got["base"] == 4 and options(got) == {"oui": (3, 75), "non": (1, 25)}
    # the same submissions (_uuid r0…): in another territory, as one territory keeps a
    # submission once (surveys/reimport.py)
    flat = form(factories.territory(name="Autre agglo"), "group-relevant-dropped",
                "form_flat.xlsx")
    import_answers_csv(flat, case_bytes("group-relevant-dropped", "answers_flat.csv"))
    assert options(results(flat)["projet_plait"]) == options(got)
    exported = load_workbook(BytesIO(export_xlsform(group)))["survey"]
    relevant = {row[1]: row[5] for row in exported.iter_rows(min_row=2, values_only=True)}
    assert relevant["projet_plait"] == "${connait} = 'oui'"


def test_nested_groups_and_two_conditions(territory):
    rows = [("type", "name", "label", "relevant"), ("select_one on", "a", "A ?", ""),
            ("begin_group", "g", "G", "${a} = 'oui'"), ("begin group", "h", "H", ""),
            ("text", "b", "B", ""), ("end group", "", "", ""), ("end group", "", "", "")]
    survey = import_xlsform(territory.id, _xlsx(rows, YES_NO))
    assert survey.questions[1].relevant == "${a} = 'oui'"
    rows[4] = ("text", "b", "B", "${a} != ''")
    survey = import_xlsform(territory.id, _xlsx(rows, YES_NO))
    assert survey.questions[1].relevant == "(${a} = 'oui') and (${a} != '')"


def test_repeats_and_unclosed_groups_are_refused_with_their_line(territory):
    error = _rejected(territory, _xlsx([("type", "name", "label"),
                                        ("begin repeat", "r", "R"), ("text", "x", "X"),
                                        ("end repeat", "", ""), ("begin_group", "g", "G"),
                                        ("text", "y", "Y")]))
    assert [line for line, _m in error.errors] == [2, 5]
    assert "répétitions" in error.errors[0][1] and "jamais fermé" in error.errors[1][1]


# Kind 10: what is accepted is kept, what cannot be kept is refused with the line
def test_metadata_types_are_skipped(territory):
    survey = form(territory, "metadata-types-refused")
    assert [q.name for q in survey.questions] == ["idee"]
    more = [("type", "name", "label")] + [(t, t.replace(":", "_"), "") for t in (
        "today", "deviceid", "simserial", "subscriberid", "start-geopoint", "background-audio",
        "uri:deviceid", "uri:email", "uri:username", "calculate")] + [("text", "x", "X")]
    assert [q.name for q in import_xlsform(territory.id, _xlsx(more)).questions] == ["x"]


def test_xls_is_read(territory):
    survey = form(territory, "xls-not-xlsx", "form.xls")
    assert [(q.name, q.label) for q in survey.questions] == [
        ("idee", "Votre idée pour le quartier")]


def test_unreadable_file_says_to_save_as_xlsx(territory):
    error = _rejected(territory, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 not really a workbook")
    assert "enregistrez-le en .xlsx" in error.errors[0][1]
    error = _rejected(territory, b"type,name,label\ntext,x,X\n")
    assert "enregistrez le questionnaire en .xlsx" in error.errors[0][1]


@pytest.mark.forms("surveys/index.html#2")
def test_empty_survey_is_refused(territory, webapp, web_login):
    error = _rejected(territory, case_bytes("empty-survey-accepted", "form.xlsx"))
    assert "aucune question" in error.message
    web_login("coordinator")
    page = upload_form(webapp, "empty-survey-accepted", "form.xlsx", status=400)
    assert "aucune question" in page.text


def test_choice_filter_is_refused_with_its_line(territory):
    error = _rejected(territory, case_bytes("choice-filter-ignored", "form.xlsx"))
    assert error.errors[0][0] == 3 and "choice_filter « ${commune} = cf »" in error.errors[0][1]


def test_duplicate_choice_labels_name_the_list_label_and_lines(territory):
    error = _rejected(territory, case_bytes("duplicate-choice-labels", "form.xlsx"))
    line, message = next(e for e in error.errors if "feuille choices" in e[1])
    assert line == 5
    for part in ("liste « rue »", "« Rue de la Gare »", "ligne 4", "distinct"):
        assert part in message


def test_yes_no_labels_are_kept(territory):
    survey = form(territory, "yes-no-labels-replaced")
    question = survey.questions[0]
    assert question.type == "single"
    assert [(o.name, o.label) for o in question.options] == [
        ("oui", "Oui, souvent"), ("non", "Non, presque jamais")]
    choices = load_workbook(BytesIO(export_xlsform(survey)))["choices"]
    assert [r[2] for r in choices.iter_rows(min_row=2, values_only=True)] == [
        "Oui, souvent", "Non, presque jamais"]


@pytest.mark.parametrize("name", ["form_comma.xlsx", "form_semicolon.xlsx"])
def test_range_parameters_separators(territory, name):
    question = form(territory, "range-parameters-separators", name).questions[0]
    assert (question.type, question.min_value, question.max_value) == ("scale", 1, 5)


@pytest.mark.parametrize("params, message", [
    ("START=0 End=4", None), ("start=un end=5", "paramètre « start » de range : « un »"),
    ("start=0 end=10 step=2", "seul le pas 1")])
def test_range_parameters_keys_and_messages(territory, params, message):
    content = _xlsx([("type", "name", "label", "parameters"), ("range", "n", "N", params)])
    if message is None:
        question = import_xlsform(territory.id, content).questions[0]
        assert (question.min_value, question.max_value) == (0, 4)
    else:
        assert message in _rejected(territory, content).errors[0][1]


def test_every_language_is_kept_and_a_labels_export_in_any_of_them_reads(territory):
    fr, en = "label::Français (fr)", "label::English (en)"
    content = _xlsx([("type", "name", fr, en), ("select_multiple eq", "eq", "Équipements ?",
                                                "Facilities?")],
                    [("eq", "piscine", "Piscine", "Pool"), ("eq", "stade", "Stade", "Stadium")])
    workbook = load_workbook(BytesIO(content))
    workbook["choices"]["C1"], workbook["choices"]["D1"] = fr, en
    settings = workbook.create_sheet("settings")
    settings.append(["form_title", "default_language"])
    settings.append(["Équipements", "Français (fr)"])
    buffer = BytesIO()
    workbook.save(buffer)
    survey = import_xlsform(territory.id, buffer.getvalue())
    assert survey.questions[0].label == "Équipements ?"
    assert survey.languages == "fr, en"
    exported = load_workbook(BytesIO(export_xlsform(survey)))
    survey_sheet = list(exported["survey"].iter_rows(values_only=True))
    en_column = survey_sheet[0].index("label::Anglais (en)")
    assert survey_sheet[1][en_column] == "Facilities?"
    assert [r[-1] for r in exported["choices"].iter_rows(min_row=2, values_only=True)] == [
        "Pool", "Stadium"]
    again = import_xlsform(territory.id, export_xlsform(survey))
    assert [text_map(again.id, "en")[(f"o{o.id}", "label")] for o in again.questions[0].options
            ] == ["Pool", "Stadium"]
    english = (b"_submission_time;Facilities?;_uuid\n"
               b"2024-05-02T08:05:00;Pool Stadium;e1\n")  # Kobo joins by spaces
    report = import_answers_csv(survey, english)
    assert ("Facilities?", "eq") in report["matched"]
    assert options(results(survey)["eq"]) == {"piscine": (1, 100), "stade": (1, 100)}


def test_sheet_and_column_names_in_any_case(territory):
    workbook = load_workbook(BytesIO(_xlsx([("Type", "Name", "Label::Français (fr)"),
                                            ("text", "idee", "Votre idée")])))
    workbook["survey"].title = "tmp"
    workbook["tmp"].title = "Survey"
    buffer = BytesIO()
    workbook.save(buffer)
    question = import_xlsform(territory.id, buffer.getvalue()).questions[0]
    assert (question.name, question.label) == ("idee", "Votre idée")
