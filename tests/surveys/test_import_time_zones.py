"""Response dates of imported answers files (issue: Google Forms timestamps shifted): every
instant is stored in UTC (``Response.submitted_at``, naive) and results.csv prints it at
Paris wall-clock time (``exports._paris_minute``). A time written with its offset is read
with it; a time without one is Paris time (Google Forms' French « Horodateur » is the form's
time zone; Excel and a phone's ``start``/``end`` without offset are local), except Kobo's
``_submission_time`` (UTC). Each value below is computed by hand: Paris is UTC+2 in June
(summer time) and UTC+1 in November and January."""
from __future__ import annotations

import csv
import io
from datetime import datetime

import pytest

from participation.surveys.answers_import import import_answers_csv
from participation.surveys.export_metadata import parse_instant
from tests.formfill import text_of
from tests.surveys.import_cases import (
    form,
    import_from_preview,
    previewed,
    stored_times,
    upload_answers,
)
from tests.workbooks import xlsx

PARIS_COLUMN = "date de réponse (heure de Paris)"


def _printed(webapp, survey) -> list[str]:
    """The Paris times results.csv prints, downloaded from the results page's link."""
    page = webapp.get(f"/surveys/{survey.id}/results").click(href="results.csv")
    rows = list(csv.DictReader(io.StringIO(page.body.decode("utf-8-sig")), delimiter=";"))
    return sorted(row[PARIS_COLUMN] for row in rows)


@pytest.mark.forms("surveys/results.html#1", "surveys/import_preview.html")
def test_google_forms_download_with_utc_offset(territory, webapp, web_login):
    """« 2024/06/04 6:10:00 PM UTC+2 »: 18:10 in Paris = 16:10 UTC, printed 18:10."""
    survey, preview = previewed(webapp, web_login, territory, "gforms-download-timestamp",
                                "answers_utc.csv")
    assert "Heures sans fuseau lues à l'heure de Paris (Europe/Paris)" in text_of(preview)
    import_from_preview(preview, "gforms-download-timestamp", "answers_utc.csv")
    assert stored_times(survey) == ["2024-06-04 16:10:00", "2024-06-04 16:12:30"]
    assert _printed(webapp, survey) == ["2024-06-04 18:10", "2024-06-04 18:12"]


@pytest.mark.forms("surveys/results.html#1")
def test_google_forms_french_horodateur_without_zone_is_paris_time(territory, webapp,
                                                                     web_login):
    """« 21/11/2026 09:15:02 » (French export, no zone, winter): 08:15:02 UTC, printed 09:15;
    « 04/06/2024 10:00:00 » (summer): 08:00 UTC, printed 10:00."""
    survey = form(territory, "gforms-download-timestamp")
    web_login("coordinator")
    content = (b"Horodateur,Dans quel quartier habitez-vous ?\n"
               b"21/11/2026 09:15:02,Haut-de-ville\n")
    assert import_answers_csv(survey, content)["added"] == 1
    assert stored_times(survey) == ["2026-11-21 08:15:02"]
    assert _printed(webapp, survey) == ["2026-11-21 09:15"]
    commas = form(territory, "gforms-semicolon-checkboxes")
    upload_answers(webapp, commas, "gforms-semicolon-checkboxes", "answers_commas.csv")
    assert stored_times(commas)[0] == "2024-06-04 08:00:00"
    assert _printed(webapp, commas)[0] == "2024-06-04 10:00"


def test_kobo_odk_offsets_and_kobo_server_time(territory, webapp, web_login):
    """ISO with offset read with it (``end`` 10:05+02:00 = 08:05 UTC, printed 10:05); ODK
    Central's ``…Z`` is UTC (09:00 UTC, printed 11:00); Kobo's ``_submission_time`` without
    offset is UTC (08:01, printed 10:01); ``start`` without offset is Paris time (09:30 in
    January = 08:30 UTC, printed 09:30)."""
    survey = form(territory, "odk-central-submissiondate")
    web_login("coordinator")
    content = (b"end;quartier;_uuid;_submission_time\n"
               b"2024-06-04T10:05:00+02:00;haut;k1;2024-06-04T08:06:00\n"
               b";bas;k2;2024-06-04T08:01:00\n")
    assert import_answers_csv(survey, content)["added"] == 2
    central = b"SubmissionDate,quartier,KEY\n2024-06-05T09:00:00.000Z,bas,uuid:c1\n"
    assert import_answers_csv(survey, central)["added"] == 1
    local = b"start;quartier;_uuid;_submission_time\n2025-01-15 09:30:00;haut;s1;" \
            b"2025-01-15T08:40:00\n"
    report = import_answers_csv(survey, local)
    assert report["added"] == 1
    assert ("Heures sans fuseau lues à l'heure de Paris (Europe/Paris), enregistrées en UTC "
            "et affichées à l'heure de Paris ; une heure suivie de son décalage (« UTC+2 », "
            "« +02:00 », « Z ») est lue avec lui.") in report["notes"]
    assert stored_times(survey) == ["2024-06-04 08:01:00", "2024-06-04 08:05:00",
                                    "2024-06-05 09:00:00", "2025-01-15 08:30:00"]
    assert _printed(webapp, survey) == ["2024-06-04 10:01", "2024-06-04 10:05",
                                        "2024-06-05 11:00", "2025-01-15 09:30"]


def test_excel_dates_are_paris_time(territory, webapp, web_login):
    """An Excel export (dates as serial numbers, no zone): ``start`` 2024-06-03 08:50 is
    Paris time, 06:50 UTC, printed 08:50; a winter one 2026-01-15 09:30 is 08:30 UTC."""
    survey = form(territory, "odk-central-group-columns")
    web_login("coordinator")
    assert import_answers_csv(survey, xlsx({"Sheet": [
        ["start", "quartier", "g1/transport", "g1/note", "_uuid", "_submission_time"],
        [datetime(2024, 6, 3, 8, 50), "haut", "bus", 4, "x1", datetime(2024, 6, 3, 9, 0)],
        [datetime(2026, 1, 15, 9, 30), "bas", "bus", 3, "x2", datetime(2026, 1, 15, 9, 0)],
    ]}))["added"] == 2
    assert stored_times(survey) == ["2024-06-03 06:50:00", "2026-01-15 08:30:00"]
    assert _printed(webapp, survey) == ["2024-06-03 08:50", "2026-01-15 09:30"]


@pytest.mark.parametrize("raw, expected", [
    ("2024/06/04 6:10:00 PM UTC+2", "2024-06-04 16:10:00"),
    ("2022/11/30 10:39:41 PM GMT+1", "2022-11-30 21:39:41"),
    ("2026/04/08 10:04:06 AM UTC+05:30", "2026-04-08 04:34:06"),
    ("2024-06-04T18:10:00-04:00", "2024-06-04 22:10:00"),
    ("2024-06-04T09:00:00.000Z", "2024-06-04 09:00:00"),
    ("2024-06-04 09:00:00 UTC", "2024-06-04 09:00:00"),
    ("21/11/2026 09:15:02", "2026-11-21 08:15:02"),
    ("04/06/2024 10:00:00", "2024-06-04 08:00:00"),
    ("4 août 2024 10h05", "2024-08-04 08:05:00"),
    # the autumn's repeated hour: the first (summer time, UTC+2)
    ("27/10/2024 02:30:00", "2024-10-27 00:30:00"),
    # a day without a time: noon in Paris, the same day in UTC
    ("2024-06-05", "2024-06-05 10:00:00"),
    ("15/01/2025", "2025-01-15 11:00:00")])
def test_parse_instant(app, raw, expected):
    assert parse_instant(raw).isoformat(sep=" ") == expected
