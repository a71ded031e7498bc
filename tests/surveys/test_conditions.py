"""Display conditions as real XLSForms write them (surveys/conditions.py), one semantics
everywhere: the evaluator on a table of expressions x answers (the same table runs in the
browser, tests/e2e/test_conditions.py), an XLSForm imported, answered on the phone form
without JavaScript, its bases computed by hand, exported back unchanged, and what is refused.

The form (lines of its survey sheet):
 2 transport (En bus / À pied / En voiture)    3 age (integer)    4 manque (multiple)
 5 bus_avis  relevant ${transport} = 'bus'
 6 begin group adultes relevant ${age} >= 18
 7   idee    relevant count-selected(${manque}) >= 2   -> (group) and (own)
 8   travail (text, the group's condition only)
 9 end group
10 arrivee (date)
11 recent    relevant ${arrivee} >= '2020-01-01' and not(${transport} = 'voiture')
             or selected(${manque}, 'banque')
Four residents (hand-computed, see ``RESIDENTS``): bus_avis applies to R1, R4 (base 2);
idee to R1, R3 (base 2: oui 1 = 50 %, non 1 = 50 %); travail to R1, R3, R4 (base 3, 2
answered); recent to all four (oui 2 = 50 %). R2 typed an answer to bus_avis, which did not
apply: it is neither stored nor counted.
"""
from __future__ import annotations

import json
from io import BytesIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from flask import g
from openpyxl import load_workbook
from sqlalchemy import select

from participation.core.errors import ImportRejected
from participation.extensions import db
from participation.surveys import conditions, services
from participation.surveys.answers_import import import_answers_csv
from participation.surveys.imports import import_xlsform
from participation.surveys.models import Response
from participation.surveys.xlsform_export import export_xlsform
from tests.formfill import form_to, text_of, tick
from tests.surveys.helpers import q
from tests.surveys.import_cases import options, results
from tests.workbooks import xlsx as workbook

TABLE = json.loads((Path(__file__).parent / "data" / "condition_table.json").read_text())
HEADER = ("type", "name", "label", "relevant")
SURVEY = [
    HEADER,
    ("select_one tr", "transport", "Comment venez-vous ?", ""),
    ("integer", "age", "Votre âge ?", ""),
    ("select_multiple mq", "manque", "Qu'est-ce qui manque ?", ""),
    ("text", "bus_avis", "Que pensez-vous du bus ?", "${transport} = 'bus'"),
    ("begin_group", "adultes", "Adultes", "${age} >= 18"),
    ("select_one id", "idee", "Une idée à proposer ?", "count-selected(${manque}) >= 2"),
    ("text", "travail", "Où travaillez-vous ?", ""),
    ("end_group", "", "", ""),
    ("date", "arrivee", "Date d'arrivée", ""),
    ("select_one rc", "recent", "Arrivé(e) après 2020 ?",
     "${arrivee} >= '2020-01-01' and not(${transport} = 'voiture') or "
     "selected(${manque}, 'banque')"),
]
CHOICES = [("tr", "bus", "En bus"), ("tr", "pied", "À pied"), ("tr", "voiture", "En voiture"),
           ("mq", "bus", "Des bus"), ("mq", "medecin", "Un médecin"),
           ("mq", "banque", "Une banque"), ("id", "oui", "Oui, une idée"),
           ("id", "non", "Pas d'idée"), ("rc", "oui", "Oui, après 2020"),
           ("rc", "non", "Non, avant")]
# (first page: transport, age, manque, arrivee; then the questions it opens; hidden typing)
RESIDENTS = [
    ({"transport": "En bus", "age": "30", "manque": ["Des bus", "Un médecin"],
      "arrivee": "2021-05-01"},
     {"bus_avis": "Trop lent", "idee": "Oui, une idée", "travail": "Lille",
      "recent": "Oui, après 2020"}, {}),
    ({"transport": "À pied", "age": "16", "manque": ["Une banque"], "arrivee": "2019-01-01"},
     {"recent": "Non, avant"}, {"bus_avis": "Je ne le prends pas"}),
    ({"transport": "En voiture", "age": "40",
      "manque": ["Des bus", "Un médecin", "Une banque"], "arrivee": ""},
     {"idee": "Pas d'idée", "travail": "", "recent": "Non, avant"}, {}),
    ({"transport": "En bus", "age": "25", "manque": ["Un médecin"], "arrivee": "2022-02-02"},
     {"bus_avis": "Bien", "travail": "Roubaix", "recent": "Oui, après 2020"}, {}),
]


def xlsx(survey_rows, choice_rows=CHOICES) -> bytes:
    return workbook({"survey": survey_rows,
                     "choices": [("list_name", "name", "label"), *choice_rows]})


@pytest.mark.parametrize("case", TABLE, ids=[c["expression"] for c in TABLE])
def test_evaluator_table(case):
    ast = conditions.parse(case["expression"])
    assert conditions.evaluate(ast, case["values"]) is case["expected"]
    # the AST survives JSON and writing back: same meaning
    again = conditions.parse(conditions.to_text(conditions.loads(conditions.dumps(ast))))
    assert again == ast


@pytest.mark.parametrize("text, words", [
    ("${a} + 1 > 2", "non reconnue à partir de « + 1 > 2 » (colonne 6)"),
    ("today() > '2024-01-01'", "fonction « today() » non prise en charge"),
    ("selected(${a})", "selected() attend 2 argument(s), pas 1"),
    ("${a} = 'x' and", "expression incomplète"),
    ("(${a} = 'x'", "expression incomplète"),
    ("${a} = x", "à partir de « x »"),
])
def test_what_the_parser_refuses_is_said_in_french(text, words):
    with pytest.raises(conditions.ConditionError) as caught:
        conditions.parse(text)
    assert words in str(caught.value)


def _answer(webapp, survey, first: dict, then: dict, hidden: dict) -> None:
    """One resident on the phone form without JavaScript: the first page, then the
    questions it opens (the server adds them), ``hidden`` typed into fields that stay
    hidden (WebTest posts them as a browser would)."""
    url = f"/s/{survey.slug}"
    form = form_to(webapp.get(url), url)
    _fill(form, survey, first)
    page = form.submit()
    if then:  # the questions come back through a redirect (Post/Redirect/Get)
        page = page.follow()
        assert "Vos réponses ouvrent" in text_of(page) or "Votre réponse ouvre" in text_of(page)
        shown = {x.name for x in survey.questions if f'id="q{x.id}"' in _visible(page)}
        assert shown >= set(then)
        form = form_to(page, url)
        _fill(form, survey, then | hidden)
        page = form.submit()
    assert page.status_code == 302, text_of(page)
    webapp.reset()  # the next resident: another phone (the tests' app context keeps the
    g.pop("csrf_token", None)  # CSRF token in g across requests: a new session needs its own)


def _visible(page) -> str:
    """The page's HTML without the wrappers the server rendered ``hidden``."""
    html = BeautifulSoup(page.text, "html.parser")  # a copy: page.html feeds page.forms
    for node in html.select("[data-relevant][hidden]"):
        node.decompose()
    return str(html)


def _fill(form, survey, answers: dict) -> None:
    for name, value in answers.items():
        question = q(survey, name)
        if question.is_choice:
            for label in [value] if isinstance(value, str) else value:
                tick(form, label)
        else:
            form[f"q{question.id}"] = value


@pytest.fixture
def imported(territory):
    survey = import_xlsform(territory.id, xlsx(SURVEY))
    services.set_status(survey, "open")
    return survey


def test_imported_conditions_on_the_phone_form_then_the_bases(webapp, imported):
    assert q(imported, "idee").relevant == \
        "(${age} >= 18) and (count-selected(${manque}) >= 2)"
    assert q(imported, "travail").relevant == "${age} >= 18"
    first = webapp.get(f"/s/{imported.slug}")
    assert {x.name for x in imported.questions if f'id="q{x.id}"' in _visible(first)} == \
        {"transport", "age", "manque", "arrivee"}
    for first_page, then, hidden in RESIDENTS:
        _answer(webapp, imported, first_page, then, hidden)
    responses = list(db.session.scalars(select(Response).order_by(Response.id)))
    assert len(responses) == 4
    bus_avis = q(imported, "bus_avis")
    assert [a.text for r in responses for a in r.answers if a.question_id == bus_avis.id] \
        == ["Trop lent", "Bien"]  # R2's typing in the hidden field is not stored
    got = results(imported)
    assert (got["bus_avis"]["base"], got["bus_avis"]["answered"]) == (2, 2)
    assert got["idee"]["base"] == 2 and options(got["idee"]) == {"oui": (1, 50),
                                                                 "non": (1, 50)}
    assert (got["travail"]["base"], got["travail"]["answered"]) == (3, 2)
    assert got["recent"]["base"] == 4 and options(got["recent"]) == {"oui": (2, 50),
                                                                     "non": (2, 50)}
    assert got["transport"]["base"] == 4 and got["bus_avis"]["conditional"]


def test_export_writes_each_condition_back_unchanged(imported):
    sheet = load_workbook(BytesIO(export_xlsform(imported)))["survey"]
    header = [c.value for c in sheet[1]]
    relevant = {row[1]: row[header.index("relevant")] or ""
                for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert relevant["bus_avis"] == "${transport} = 'bus'"
    assert relevant["recent"] == SURVEY[10][3]
    assert relevant["idee"] == "(${age} >= 18) and (count-selected(${manque}) >= 2)"
    assert relevant["transport"] == ""


@pytest.mark.parametrize("line, relevant, words", [
    (5, "${travail} = 'x'", "la condition lit ${travail}, qui vient après cette question"),
    (5, "${score} > 3", "la condition lit ${score}, qui n'est pas une question"),
    (5, "${transport} = 'tram'", "« tram » n'est pas un choix de la question « transport »"),
    (5, "random() > 0.5", "fonction « random() » non prise en charge"),
    (5, "${transport} = 'bus' +", "non reconnue"),
    (6, "${age} >= ", "colonne relevant du groupe : expression incomplète"),
])
def test_conditions_the_importer_refuses_name_their_line(territory, line, relevant, words):
    # a calculation on line 2 is skipped (not a question): every line of SURVEY moves by one
    rows = [HEADER, ("calculate", "score", "", ""), *SURVEY[1:]]
    rows[line] = rows[line][:3] + (relevant,)
    with pytest.raises(ImportRejected) as caught:
        import_xlsform(territory.id, xlsx(rows))
    errors = caught.value.errors
    assert [e[0] for e in errors] == [line + 1], errors
    assert words in errors[0][1] and "feuille survey" in errors[0][1]


def test_answers_imported_to_a_question_that_does_not_apply_are_not_counted(imported):
    header = "Horodateur,Comment venez-vous ?,Votre âge ?,Que pensez-vous du bus ?\n"
    rows = ("2024-06-01 10:00:00,En bus,30,Trop lent\n"
            "2024-06-01 10:05:00,À pied,30,Je marche\n")
    report = import_answers_csv(imported, (header + rows).encode())
    assert report["added"] == 2
    assert any("1 réponse à une question qui ne s'appliquait pas" in n
               for n in report["notes"])
    got = results(imported)
    assert (got["bus_avis"]["base"], got["bus_avis"]["answered"]) == (1, 1)


def test_an_answer_stored_before_to_a_question_that_did_not_apply_is_not_counted(imported):
    """Data stored before this rule (an old import): R walks, yet has an answer to bus_avis;
    R' comes by bus. Base of bus_avis 1 (R'), and the responses export leaves R's out."""
    from participation.surveys.exports import responses_table
    from participation.surveys.frames import read_frames
    from participation.surveys.responses import build_response

    transport, bus_avis = q(imported, "transport"), q(imported, "bus_avis")
    by_name = {o.name: o.id for o in transport.options}
    for mode, text in (("pied", "Je ne le prends pas"), ("bus", "Trop lent")):
        db.session.add(build_response(imported, {transport.id: {"options": [by_name[mode]]},
                                                 bus_avis.id: {"text": text}}, channel="import"))
    db.session.commit()
    got = results(imported)
    assert (got["bus_avis"]["base"], got["bus_avis"]["answered"]) == (1, 1)
    assert got["bus_avis"]["texts"] == ["Trop lent"]
    table = responses_table(read_frames(imported))
    assert table["Que pensez-vous du bus ?"].fillna("").tolist() == ["", "Trop lent"]
