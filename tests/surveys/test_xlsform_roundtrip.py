"""XLSForm round trip: export, convert with pyxform, re-import: same questions."""
from __future__ import annotations

from pyxform.xls2xform import xls2xform_convert

from participation.surveys import services
from participation.surveys.imports import import_xlsform
from participation.surveys.xlsform_export import export_xlsform
from tests.surveys.helpers import survey_with_condition
from tests.surveys.test_hazebrouck import FIXTURES


def _shape(survey) -> list[tuple]:
    return [(q.name, q.type, q.label, q.required, q.personal, q.has_other,
             q.min_value, q.max_value,
             q.relevant, q.condition,
             [(o.name, o.label) for o in q.options]) for q in survey.questions]


def _round_trip(survey, tmp_path):
    path = tmp_path / "form.xlsx"
    path.write_bytes(export_xlsform(survey))
    xls2xform_convert(xlsform_path=str(path), xform_path=str(tmp_path / "form.xml"))
    assert (tmp_path / "form.xml").read_text().count("<bind") >= len(survey.questions)
    return import_xlsform(survey.territory_id, path.read_bytes())


def test_hazebrouck_round_trip(territory, tmp_path):
    survey = import_xlsform(territory.id, (FIXTURES / "questionnaire.xlsx").read_bytes())
    again = _round_trip(survey, tmp_path)
    assert _shape(again) == _shape(survey)


def test_every_type_round_trips(territory, tmp_path):
    survey = survey_with_condition(territory)
    services.add_question(survey, "multiple", "Ce qui manque", ["Bus", "Médecin", "Banque"],
                          has_other=True, name="manque")
    services.add_question(survey, "ranking", "Classez", ["Bus", "Médecin", "Banque"],
                          max_choices=2, name="classement")
    services.add_question(survey, "number", "Années dans le quartier", min_value=0,
                          max_value=90, name="annees")
    services.add_question(survey, "date", "Date d'arrivée", name="arrivee")
    services.add_question(survey, "long_text", "Une idée ?", name="idee")
    ranked = next(x for x in survey.questions if x.name == "classement")
    services.set_condition(ranked, "selected(${manque}, 'bus') and count-selected(${manque}) "
                                   ">= 2 or not(${info} = 'non')")
    again = _round_trip(survey, tmp_path)
    assert _shape(again) == _shape(survey)
