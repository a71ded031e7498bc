"""Answers files as the tools export them (issue #12, kinds 3-9): each case folder of
import_cases with its right value, plus other instances of the same kinds. Runs on
PostgreSQL too (DATABASE_URL)."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from participation.core.errors import ImportRejected
from participation.extensions import db
from participation.surveys.answers_import import import_answers_csv
from participation.surveys.models import Response, SurveyContact
from tests.surveys.import_cases import (
    case_bytes,
    form,
    import_from_preview,
    imported,
    options,
    previewed,
    results,
    stored_times,
    upload_answers,
)
from tests.workbooks import xlsx


def _count(survey) -> int:
    return db.session.scalar(select(func.count(Response.id)).where(
        Response.survey_id == survey.id))


def _rejected(survey, content: bytes) -> ImportRejected:
    before = _count(survey)
    with pytest.raises(ImportRejected) as exc:
        import_answers_csv(survey, content)
    assert _count(survey) == before  # nothing half-imported
    return exc.value


# Kind 4: ODK Central and Kobo exports, identity and review states
def test_odk_central_submissiondate(territory):
    survey = form(territory, "odk-central-submissiondate")
    content = case_bytes("odk-central-submissiondate", "central_export.csv")
    assert import_answers_csv(survey, content)["added"] == 2
    assert options(results(survey)["quartier"]) == {"haut": (1, 50), "bas": (1, 50)}
    assert stored_times(survey) == ["2024-06-03 09:00:00", "2024-06-04 09:00:00"]
    later = content.decode().replace("\n", "\n2024-06-05T10:00:00.000Z,haut,uuid:d3,uuid:d3,5,"
                                     "Tablette A,0,0,,,,0,1\n", 1).encode()
    report = import_answers_csv(survey, later)
    assert (report["added"], report["skipped"]) == (1, 2)


def test_odk_central_cli_and_same_submission_from_kobo(territory, runner):
    survey = form(territory, "odk-central-submissiondate")
    path = "tests/surveys/data/import_cases/odk-central-submissiondate/central_export.csv"
    result = runner.invoke(args=["surveys", "import-responses", survey.slug, path])
    assert result.exit_code == 0, result.output
    assert "2 réponses ajoutées, 0 déjà présente, 0 ligne écartée" in result.output
    kobo = b"_submission_time;quartier;_uuid\n2024-06-04T09:00:00;bas;d1\n"
    assert import_answers_csv(survey, kobo)["skipped"] == 1  # uuid:d1 is the same submission


def test_review_states_rejected_are_left_out_and_reported(territory, runner):
    survey = form(territory, "odk-central-submissiondate")
    central = (b"SubmissionDate,quartier,KEY,ReviewState\n"
               b"2024-06-04T09:00:00.000Z,bas,uuid:a,approved\n"
               b"2024-06-04T09:05:00.000Z,haut,uuid:b,rejected\n"
               b"2024-06-04T09:10:00.000Z,haut,uuid:c,hasIssues\n")
    report = import_answers_csv(survey, central)
    assert report["added"] == 2 and [n for n, _w in report["left_out"]] == [3]
    assert "rejetée" in report["left_out"][0][1]
    kobo = (b"_submission_time;quartier;_uuid;_validation_status\n"
            b"2024-06-05T09:00:00;bas;k1;validation_status_not_approved\n"
            b"2024-06-05T09:01:00;bas;k2;validation_status_on_hold\n")
    report = import_answers_csv(survey, kobo)
    assert report["added"] == 1 and report["left_out"][0][0] == 2
    assert options(results(survey)["quartier"]) == {"bas": (2, 67), "haut": (1, 33)}


# Kind 2 (columns with their group path) on ODK Central's "-" separator
def test_odk_central_group_columns(territory):
    survey = form(territory, "odk-central-group-columns")
    report = import_answers_csv(survey, case_bytes("odk-central-group-columns",
                                                   "central_export.csv"))
    assert report["added"] == 2
    got = results(survey)
    assert options(got["transport"]) == {"bus": (1, 50), "velo": (1, 50), "pied": (0, 0)}
    assert got["note"]["mean"] == 4.5
    assert ("g1-transport", "transport") in report["matched"]
    assert ("SubmitterName", report["personal"][0][1]) in report["personal"]


# Kind 5: Kobo labels as headers, HXL row
def test_kobo_label_headers_and_hxl_row(territory):
    survey = form(territory, "kobo-label-headers")
    report = import_answers_csv(survey, case_bytes("kobo-label-headers",
                                                   "kobo_labels_export.csv"))
    assert report["added"] == 1
    assert ("Votre quartier ?", "quartier") in report["matched"]
    got = results(survey)
    assert options(got["quartier"])["haut"] == (1, 100) and got["enfants"]["mean"] == 2
    report = import_answers_csv(survey, case_bytes("kobo-label-headers",
                                                   "kobo_xml_with_hxl_row.csv"))
    assert (report["added"], report["skipped"]) == (0, 1)  # same submission k-1
    assert "HXL" in report["notes"][0]


def test_unknown_headers_name_the_kobo_export_setting(territory):
    survey = form(territory, "kobo-label-headers")
    error = _rejected(survey, b"_uuid;Which neighbourhood?\nk1;Upper town\n")
    assert "Valeurs et en-têtes XML" in error.errors[0][1]


# Kind 3: one 0/1 (or True/False) column per choice
def test_kobo_split_only_multiple(territory):
    survey = form(territory, "kobo-split-only-multiple")
    import_answers_csv(survey, case_bytes("kobo-split-only-multiple", "answers.csv"))
    assert options(results(survey)["equipements"]) == {
        "mediatheque": (2, 67), "piscine": (1, 33), "stade": (1, 33)}


def test_split_true_false_and_combined_column_first(territory):
    survey, _report = imported(territory, "kobo-split-only-multiple", (
        b"today,quartier,equipements/piscine,equipements/mediatheque,equipements/stade,"
        b"meta/instanceID,_submission_time\n"
        b"2024-05-02,haut,True,False,True,uuid:o1,2024-05-02T08:05:00\n"
        b"2024-05-02,bas,False,False,False,uuid:o2,2024-05-02T08:06:00\n"))
    assert options(results(survey)["equipements"])["stade"] == (1, 50)
    both = (b"_submission_time;equipements;equipements/piscine;equipements/stade;_uuid\n"
            b"2024-05-03T08:00:00;stade;1;0;c1\n")
    report = import_answers_csv(survey, both)
    assert [h for h, _w in report["ignored"]] == ["equipements/piscine", "equipements/stade"]
    bad = b"_submission_time;equipements/piscine;_uuid\n2024-05-03T08:00:00;peut-etre;c2\n"
    error = _rejected(form(territory, "kobo-split-only-multiple"), bad)
    assert error.errors[0][0] == 2 and "0/1 ou True/False" in error.errors[0][1]


# Kind 6: Google Forms
def test_gforms_download_timestamps(territory):
    survey = form(territory, "gforms-download-timestamp")
    for name in ("answers_utc.csv", "answers_gmt.csv"):
        import_answers_csv(survey, case_bytes("gforms-download-timestamp", name))
    assert options(results(survey)["quartier"]) == {"haut": (2, 67), "bas": (1, 33)}
    # 6:10 PM UTC+2 (Paris summer time) = 16:10 UTC, stored in UTC (test_import_time_zones)
    assert stored_times(survey) == ["2024-06-04 16:10:00", "2024-06-04 16:10:00",
                                    "2024-06-04 16:12:30"]


@pytest.mark.parametrize("name", ["answers_semicolons.csv", "answers_commas.csv"])
def test_gforms_semicolon_checkboxes(territory, name):
    survey = form(territory, "gforms-semicolon-checkboxes")
    import_answers_csv(survey, case_bytes("gforms-semicolon-checkboxes", name))
    got = results(survey)["activites"]
    assert options(got) == {"numerique": (2, 100), "couture": (1, 50), "cuisine": (1, 50)}
    assert "other" not in got


def test_gforms_duplicate_labels_map_in_order(territory):
    survey = form(territory, "gforms-duplicate-labels")
    import_answers_csv(survey, case_bytes("gforms-duplicate-labels", "answers.csv"))
    got = results(survey)
    assert sorted(got["ludo_precis"]["texts"]) == ["jeux de société",
                                                   "le mercredi après l'école"]
    assert sorted(got["brocante_precis"]["texts"]) == ["en voisine", "pour vendre des livres"]
    header = "Horodateur,Allez-vous à la ludothèque ?,Précisez :,Précisez :,Précisez :\n"
    error = _rejected(survey, (header + "03/06/2024 18:10:00,Oui,a,b,c\n").encode())
    assert "3 colonnes portent cet intitulé" in error.errors[0][1]


# Kind 7: dates and numbers, ambiguity refused as a whole
def test_excel_resaved_dates_read_day_first(territory):
    survey = form(territory, "excel-resaved-dates")
    import_answers_csv(survey, case_bytes("excel-resaved-dates", "kobo_export_after_excel.csv"))
    assert stored_times(survey) == ["2024-05-02 08:05:00", "2024-05-02 09:40:00"]


def test_month_first_file_and_mixed_file(territory):
    survey = form(territory, "excel-resaved-dates")
    us = b"_submission_time;quartier;_uuid\n05/02/2024 8:05 AM;haut;u1\n05/13/2024 9:40 PM;bas;u2\n"
    import_answers_csv(survey, us)
    assert stored_times(survey) == ["2024-05-02 08:05:00", "2024-05-13 21:40:00"]
    other = form(territory, "excel-resaved-dates")
    mixed = b"_submission_time;quartier;_uuid\n13/05/2024 08:05;haut;m1\n05/14/2024 09:40;bas;m2\n"
    error = _rejected(other, mixed)
    assert error.errors[0][0] == 1 and "les deux sens" in error.errors[0][1]
    unreadable = b"_submission_time;quartier;_uuid\nmardi;haut;m3\n"
    message = _rejected(other, unreadable).errors[0][1]
    assert "« mardi »" in message and "jj/mm/aaaa" in message


# Kind 8: spreadsheet round trips
def test_semicolon_csv_with_commas_in_labels(territory):
    survey = form(territory, "semicolon-csv-commas-in-labels")
    import_answers_csv(survey, case_bytes("semicolon-csv-commas-in-labels",
                                          "answers_excel_fr.csv"))
    got = results(survey)
    assert options(got["lumiere"]) == {"oui": (1, 50), "non": (1, 50)}
    assert options(got["quartier"]) == {"haut": (1, 50), "bas": (1, 50)}


@pytest.mark.parametrize("encoding, sep", [("mac_roman", ";"), ("utf-16", "\t"),
                                           ("cp1252", ",")])
def test_encodings_separators_spellings_and_stray_columns(territory, encoding, sep):
    survey = form(territory, "semicolon-csv-commas-in-labels")
    label = '"Le soir,  dans votre rue, l\u2019éclairage est-il suffisant, selon vous\u00a0?"'
    text = sep.join(["Horodateur", label, "votre quartier ?", "", ""]) + "\r\n" + \
        sep.join(["12/03/2024 10:01", "oui", "Haut-de-ville", "", ""]) + "\r\n"
    import_answers_csv(survey, text.encode(encoding))
    assert options(results(survey)["lumiere"])["oui"] == (1, 100)


def test_unknown_column_names_the_separator_assumed(territory):
    survey = form(territory, "semicolon-csv-commas-in-labels")
    error = _rejected(survey, b"Date|Reponse\n12/03/2024|oui\n")
    assert any("séparateur supposé : « | »" in m for _l, m in error.errors)


# Kind 9: personal columns are consented contacts apart, never answers (and, without a
# consent answer in the file, not kept at all: import_consent)
def test_personal_labels_become_contacts_not_answers(territory, webapp, web_login):
    survey = form(territory, "personal-labels-not-detected")
    assert [q.name for q in survey.questions if q.personal] == [
        "nom", "mail", "portable", "adresse", "tel"]
    report = import_answers_csv(survey, case_bytes("personal-labels-not-detected",
                                                   "answers.csv"))
    assert [h for h, _w in report["personal"]] == ["nom", "mail", "portable", "adresse", "tel"]
    # answers.csv has no consent column: its one row's contacts are not kept (were 5
    # contacts, kept "as left on the original form" before import_consent)
    assert report["consent"]["counts"] == {"none": 1}
    assert db.session.scalar(select(func.count(SurveyContact.id))) == 0
    assert list(results(survey)) == ["idee"]
    web_login("coordinator")
    csv_text = webapp.get(f"/surveys/{survey.id}/results.csv").body.decode("utf-8-sig")
    assert "Un composteur collectif" in csv_text
    for value in ("Exemplaire", "alex.exemple", "06 00 00 00", "allée des Essais"):
        assert value not in csv_text


# The preview, as a coordinator uses it on the results page
@pytest.mark.forms("surveys/results.html#1", "surveys/import_preview.html")
def test_web_preview_lists_columns_then_imports(territory, webapp, web_login):
    survey, page = previewed(webapp, web_login, territory, "odk-central-group-columns",
                             "central_export.csv")
    assert "rien n’est encore enregistré" in page.text
    assert "g1-transport" in page.text and "SubmitterName" in page.text
    assert "2 réponses à ajouter" in page.text and _count(survey) == 0
    done = import_from_preview(page, "odk-central-group-columns", "central_export.csv").follow()
    assert "2 réponses ajoutées" in done.text and _count(survey) == 2


@pytest.mark.forms("surveys/results.html#1")
def test_web_refusal_names_the_line_and_stores_nothing(territory, webapp, web_login):
    survey = form(territory, "excel-resaved-dates")
    web_login("coordinator")
    page = upload_answers(webapp, survey, "gforms-duplicate-labels", "answers.csv", status=400)
    assert "rien n’a été enregistré" in page.text and "Ligne 1" in page.text
    assert "aucune question n&#39;a cet intitulé" in page.text or \
        "aucune question n'a cet intitulé" in page.text
    assert _count(survey) == 0


@pytest.mark.parametrize("raw, dayfirst, expected", [
    ("2024-06-04T09:00:00.000Z", True, "2024-06-04 09:00:00"),
    ("2024-05-02T10:00:00.000+02:00", True, "2024-05-02 10:00:00"),
    ("2024/06/04 6:10:00 PM GMT+2", True, "2024-06-04 18:10:00"),
    ("2026/04/08 10:04:06 AM UTC+05:30", True, "2026-04-08 10:04:06"),
    ("02/05/2024 08:05", True, "2024-05-02 08:05:00"),
    ("02/05/2024 08:05", False, "2024-02-05 08:05:00"),
    ("02.05.24", True, "2024-05-02 00:00:00"),
    ("4 août 2024 10h05", True, "2024-08-04 10:05:00"),
    ("04-juin-24", True, "2024-06-04 00:00:00"),
    ("Jun 4, 2024 9:00:00 PM", True, "2024-06-04 21:00:00")])
def test_date_formats(app, raw, dayfirst, expected):
    from participation.surveys.formats import parse_datetime

    assert parse_datetime(raw, dayfirst).isoformat(sep=" ") == expected


@pytest.mark.parametrize("raw, expected", [
    ("12", 12), ("12,5", 12.5), ("12.5", 12.5), ("1 234,5", 1234.5), ("1\u202f234,5", 1234.5),
    ("1.234,5", 1234.5), ("1,234.5", 1234.5), ("1,234,567", 1234567), ("-3", -3)])
def test_number_formats(app, raw, expected):
    from participation.surveys.formats import parse_number

    assert parse_number(raw) == expected


@pytest.mark.parametrize("raw", ["douze", "nan", "inf", "1,2,3.4.5"])
def test_numbers_refused(app, raw):
    from participation.surveys.formats import parse_number

    with pytest.raises(ValueError, match="n'est pas un nombre"):
        parse_number(raw)


def test_google_empty_stray_column_is_ignored(territory):
    survey = form(territory, "gforms-download-timestamp")
    content = ("Horodateur;Dans quel quartier habitez-vous ?;Colonne1\n"
               "04/06/2024 18:10:00;Haut-de-ville;\n").encode("cp1252")
    report = import_answers_csv(survey, content)
    assert report["added"] == 1 and report["ignored"][0][0] == "Colonne1"


def test_kobo_xlsx_export_and_central_zip(territory):
    import io
    import zipfile
    from datetime import datetime

    survey = form(territory, "odk-central-group-columns")
    report = import_answers_csv(survey, xlsx({"Sheet": [
        ["start", "quartier", "g1/transport", "g1/note", "_uuid", "_submission_time", None],
        [datetime(2024, 6, 3, 8, 50), "haut", "bus", 4, "x1", datetime(2024, 6, 3, 9, 0),
         None]]}))
    # the device's "start" (no "end" column) gives the date, not the server's reception;
    # an Excel time has no zone: 08:50 Paris (summer) = 06:50 UTC
    assert report["added"] == 1 and stored_times(survey) == ["2024-06-03 06:50:00"]
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("form.csv", case_bytes("odk-central-group-columns", "central_export.csv"))
        zipped.writestr("form-repeat.csv", "PARENT_KEY,KEY\n")
    report = import_answers_csv(survey, archive.getvalue())
    assert report["added"] == 2 and "form-repeat.csv" in report["notes"][0]
    assert results(survey)["note"]["mean"] == 4.33
