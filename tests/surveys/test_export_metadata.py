"""Metadata columns of every export shape are named for what they are in the import preview
(never a blanket "date de la soumission"), and the response's date comes from the device's
``end``, else ``start``/``today``, else the server's reception (participation/surveys/
export_metadata.py says why). Runs on PostgreSQL too (DATABASE_URL)."""
from __future__ import annotations

import pytest

from participation.surveys.answers_import import import_answers_csv
from tests.surveys.import_cases import case_bytes, form, imported, previewed, stored_times

END_CHOSEN = "fin de la saisie (horloge de l'appareil) — retenue comme date de la réponse"
START = "début de la saisie (horloge de l'appareil) — retenue seulement quand « end » est vide"


def _roles(report: dict) -> dict[str, str]:
    return {h: w for key in ("matched", "ignored", "personal") for h, w in report[key]}


def test_odk_central_columns_are_named_and_the_date_is_the_devices_end(territory):
    survey = form(territory, "odk-central-group-columns")
    report = import_answers_csv(survey, case_bytes("odk-central-group-columns",
                                                   "central_export.csv"))
    roles = _roles(report)
    assert roles["end"] == END_CHOSEN and roles["start"] == START
    assert roles["SubmissionDate"] == (
        "date de réception sur le serveur ODK Central — retenue seulement quand l'heure de "
        "l'appareil manque ou est fausse")
    assert roles["KEY"].startswith("clé de la soumission (ODK Central)")
    assert roles["meta-instanceID"].startswith("identifiant unique de la soumission")
    assert roles["DeviceID"] == "identifiant de l'appareil : métadonnée de l'export, non lue"
    assert roles["SubmitterName"] == ("nom du compte qui a envoyé (ODK Central) : donnée "
                                      "personnelle, non enregistrée")
    assert roles["ReviewState"].startswith("statut de relecture (ODK Central)")
    assert roles["FormVersion"].startswith("version du formulaire")
    assert not any("date de la soumission" in w for w in roles.values())
    # end 08:55+02:00 on both days = 06:55 UTC (the server received them at 09:00 UTC)
    assert stored_times(survey) == ["2024-06-03 06:55:00", "2024-06-04 06:55:00"]
    assert "Date de la réponse prise dans « end » (fin de la saisie (horloge de l'appareil)) : " \
        "2 lignes." in report["notes"]


def test_kobo_columns_are_named(territory):
    survey = form(territory, "kobo-label-headers")
    report = import_answers_csv(survey, case_bytes("kobo-label-headers",
                                                   "kobo_labels_export.csv"))
    roles = _roles(report)
    assert roles["_submission_time"].startswith(
        "date de réception sur le serveur KoboToolbox (heure UTC) — retenue seulement")
    assert roles["_id"].startswith("numéro de la soumission sur le serveur KoboToolbox")
    assert roles["_uuid"].startswith("identifiant unique de la soumission")
    assert roles["_index"].startswith("numéro de ligne de l'export")
    assert roles["_submitted_by"].startswith("compte qui a envoyé (KoboToolbox)")
    assert roles["_validation_status"].startswith("statut de validation (KoboToolbox)")
    assert roles["end"] == END_CHOSEN
    assert stored_times(survey) == ["2024-05-02 08:04:00"]  # end 10:04+02:00


def test_device_columns_today_and_deviceid_and_server_only(territory):
    survey = form(territory, "odk-central-submissiondate")
    only_server = b"SubmissionDate,quartier,KEY\n2024-06-04T09:00:00.000Z,bas,uuid:s1\n"
    report = import_answers_csv(survey, only_server)
    assert _roles(report)["SubmissionDate"] == (
        "date de réception sur le serveur ODK Central — retenue comme date de la réponse")
    today = (b"today;deviceid;quartier;_uuid;_submission_time\n"
             b"2024-06-05;collect:abc;haut;t1;2024-06-07T18:00:00\n")
    report = import_answers_csv(survey, today)
    roles = _roles(report)
    assert roles["today"] == "jour de la saisie (appareil) — retenue comme date de la réponse"
    assert roles["deviceid"] == "identifiant de l'appareil : métadonnée de l'export, non lue"
    # a day without a time: noon in Paris (summer) = 10:00 UTC, the same day both ways
    assert stored_times(survey) == ["2024-06-04 09:00:00", "2024-06-05 10:00:00"]


def test_a_wrong_device_clock_gives_way_to_the_reception_date(territory):
    survey, report = imported(territory, "odk-central-submissiondate", (
        b"start;end;quartier;_uuid;_submission_time\n"
        b"2024-06-09T10:00:00+02:00;2024-06-09T10:05:00+02:00;haut;w1;2024-06-04T09:00:00\n"
        b"1970-01-01T00:01:00+00:00;1970-01-01T00:03:00+00:00;bas;w2;2024-06-04T10:00:00\n"
        b"2024-06-01T10:00:00+02:00;2024-06-01T10:05:00+02:00;bas;w3;2024-06-04T11:00:00\n"))
    # w1: device 5 days ahead of the server; w2: factory date; w3: collected offline on the
    # 1st and sent on the 4th: its own day counts (10:05+02:00 = 08:05 UTC)
    assert stored_times(survey) == ["2024-06-01 08:05:00", "2024-06-04 09:00:00",
                                    "2024-06-04 10:00:00"]
    assert ("2 lignes dont l'horloge de l'appareil était fausse (en avance sur la réception "
            "par le serveur, ou avant l'an 2000) : date de réception retenue.") in report["notes"]


def test_google_timestamp_is_named(territory):
    survey = form(territory, "gforms-download-timestamp")
    report = import_answers_csv(survey, case_bytes("gforms-download-timestamp",
                                                   "answers_utc.csv"), dry_run=True)
    assert _roles(report)["Horodateur"] == (
        "horodateur Google Forms : envoi du formulaire, retenu comme date de la réponse")


@pytest.mark.forms("surveys/results.html#1")
def test_web_preview_names_each_metadata_column(territory, webapp, web_login):
    _survey, page = previewed(webapp, web_login, territory, "odk-central-group-columns",
                              "central_export.csv")
    rows = {tr.th.get_text(strip=True): " ".join(tr.td.get_text().split())  # typography
            for tr in page.html.select("table tbody tr") if tr.th and tr.td}
    assert rows["end"] == END_CHOSEN and rows["start"] == START
    assert rows["SubmissionDate"].startswith("date de réception sur le serveur ODK Central")
    assert "date de la soumission" not in page.text


def test_ona_and_kobo_server_columns_are_named(territory):
    survey = form(territory, "odk-central-submissiondate")
    content = (b"quartier;_uuid;_submission_time;_date_modified;_duration;_xform_id;"
               b"meta/instanceName;_media_count\n"
               b"bas;o1;2024-06-04T09:00:00;2024-06-05T10:00:00;312;77;Entretien 1;0\n")
    roles = _roles(import_answers_csv(survey, content))
    assert roles["_date_modified"] == ("date de la dernière modification sur le serveur : "
                                       "métadonnée de l'export, non lue")
    assert roles["_duration"].startswith("durée de la saisie (secondes)")
    assert roles["meta/instanceName"].startswith("nom donné à la soumission par le formulaire")
    assert roles["_media_count"].startswith("nombre de pièces jointes reçues")
    assert roles["_submission_time"].endswith("retenue comme date de la réponse")
    assert stored_times(survey) == ["2024-06-04 09:00:00"]
