"""A KoboToolbox export in its real format (XML names and values, ";") imports once."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from participation.core.errors import ImportRejected
from participation.extensions import db
from participation.surveys.answers_import import import_answers_csv
from participation.surveys.imports import import_xlsform
from participation.surveys.models import Answer, Response, SurveyContact
from tests.surveys.test_hazebrouck import FIXTURES

HEADER = ("start;end;cc_connu;cc_participer;contact;manques;insecurite;insecurite/tapage;"
          "insecurite/incivilite;insecurite/trafic;insecurite/violence;insecurite/nuisances;"
          "insecurite/aucune;insecurite/other;insecurite_other;info_quartier;info_canal;"
          "info_canal_other;venir_27_juin;securite_note;_id;_uuid;_submission_time;"
          "_validation_status;_notes;_status;_submitted_by;__version__;_tags;_index")
ROWS = [
    "2023-06-05T08:30:00.000+02:00;2023-06-05T08:35:51.000+02:00;oui;oui;Nadia 06 11 22 33 44;"
    "des bancs;tapage trafic other;1;0;1;0;0;0;1;les rodéos;oui;other;Par une voisine;oui;6;"
    "101;5b1c7a4e-1111-4c2a-9a57-0c6f1f3c0001;2023-06-05T06:36:02;;;submitted_via_web;;"
    "vGk3;;1",
    "2023-06-05T09:00:00.000+02:00;2023-06-05T09:03:10.000+02:00;non;non;;un médecin;aucune;"
    "0;0;0;0;0;1;0;;non;;;;4;102;5b1c7a4e-1111-4c2a-9a57-0c6f1f3c0002;2023-06-05T07:03:20;;;"
    "submitted_via_web;;vGk3;;2",
]


def _csv(rows) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode("utf-8")


def _survey(territory):
    return import_xlsform(territory.id, (FIXTURES / "questionnaire.xlsx").read_bytes())


def test_kobo_export_imports_and_reimport_adds_nothing(territory):
    survey = _survey(territory)
    report = import_answers_csv(survey, _csv(ROWS + [ROWS[0]]))  # a duplicated submission
    assert report["added"] == 2
    assert import_answers_csv(survey, _csv(ROWS))["added"] == 0
    assert db.session.scalar(select(func.count(Response.id))) == 2
    others = set(db.session.scalars(select(Answer.text).where(Answer.is_other.is_(True))))
    assert others == {"les rodéos", "Par une voisine"}
    # no consent column in this export: Nadia's contact is not kept (her answers are), and
    # the report says so (import_consent; the contacts with a consent column:
    # tests/surveys/test_import_consent_kobo.py)
    assert db.session.scalar(select(SurveyContact.value)) is None
    assert report["consent"]["counts"] == {"none": 1}
    first = db.session.scalar(select(Response).order_by(Response.id))
    # the response's date is the device's "end" (export_metadata: when the resident answered),
    # 2023-06-05T08:35:51+02:00 stored as UTC; the server received it 11 s later (06:36:02)
    assert first.submitted_at.isoformat() == "2023-06-05T06:35:51"


def test_kobo_unknown_choice_names_the_line(territory):
    survey = _survey(territory)
    bad = ROWS[1].replace(";non;non;;un médecin", ";peut-etre;non;;un médecin")
    with pytest.raises(ImportRejected) as exc:
        import_answers_csv(survey, _csv([ROWS[0], bad]))
    assert exc.value.errors[0][0] == 3 and "peut-etre" in exc.value.errors[0][1]
    assert db.session.scalar(select(func.count(Response.id))) == 0


def test_kobo_same_wrong_cell_on_several_lines_names_each_line(territory):
    """A cell is read once per distinct value (``cell_value_memo``): the refusal still names
    every line that holds it, and nothing is stored."""
    survey = _survey(territory)
    bad = [row.replace(";oui;oui;", ";peut-etre;oui;").replace(";non;non;", ";peut-etre;non;")
           for row in ROWS]
    with pytest.raises(ImportRejected) as exc:
        import_answers_csv(survey, _csv(bad))
    assert [line for line, _msg in exc.value.errors] == [2, 3]
    assert all("peut-etre" in msg for _line, msg in exc.value.errors)
    assert db.session.scalar(select(func.count(Response.id))) == 0


def test_platform_template_round_trips(client, auth, territory):
    survey = _survey(territory)
    auth.login("coordinator")
    template = client.get(f"/surveys/{survey.id}/template.csv").data.decode("utf-8-sig")
    header = template.splitlines()[0].split(";")
    assert header[0] == "_submission_time" and "cc_connu" in header
    filled = dict.fromkeys(header, "") | {"_submission_time": "2024-06-27T14:00:00",
                                           "cc_connu": "oui", "securite_note": "7",
                                           "_uuid": "ligne-1"}
    content = ";".join(header) + "\n" + ";".join(filled[h] for h in header) + "\n"
    assert import_answers_csv(survey, content.encode("utf-8-sig"))["added"] == 1


def test_ostrevent_style_json_gives_the_exact_share(runner, territory):
    """Ostrevent printed "73.27 % des personnes interrogées": 159 of 217 said "non".

    By hand: 159 / 217 = 0.732718… -> exact 73.27 (two decimals), printed 73 (half up)."""
    survey = _survey(territory)
    rows = []
    for i in range(217):
        row, ident = (ROWS[1], "102;5b1c7a4e-1111-4c2a-9a57-0c6f1f3c0002") if i < 159 else \
            (ROWS[0], "101;5b1c7a4e-1111-4c2a-9a57-0c6f1f3c0001")
        # 217 people: each filling has its own start, each contact is its own (the same
        # answers with the same contact or the same start would be one person sent twice,
        # surveys/duplicates.py)
        rows.append(row.replace(ident, f"{1000 + i};5b1c7a4e-1111-4c2a-9a57-{i:012d}")
                    .replace("08:30:00.000", f"08:{i // 60:02d}:{i % 60:02d}.000")
                    .replace("09:00:00.000", f"09:{i // 60:02d}:{i % 60:02d}.000")
                    .replace("Nadia 06 11 22 33 44", f"Personne n° {i}"))
    assert import_answers_csv(survey, _csv(rows))["added"] == 217
    result = runner.invoke(args=["surveys", "results", survey.slug, "--json"])
    assert result.exit_code == 0, result.output
    known = next(q for q in json.loads(result.output)["questions"] if q["name"] == "cc_connu")
    non = next(o for o in known["options"] if o["name"] == "non")
    assert (non["count"], non["base"], non["pct"], non["pct_exact"]) == (159, 217, 73, 73.27)
    assert non["share"] == pytest.approx(159 / 217) and round(non["share"], 6) == 0.732719
