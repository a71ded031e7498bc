"""Every percentage has its base (``results.base_ids``), the same in every output.

A survey collected on two channels, figures computed by hand:
- 17 questionnaires (paper): quartier Cité des Pâtures 7, Centre-ville 6, Les Prés 4;
  "Comment venez-vous ?" En bus 5, À pied 12; of the 5 by bus, 4 say what is wrong with it;
- 2 micro-trottoir interviews: only the open questions are asked in the street; both say
  what is wrong with the bus although nobody asked them how they come.
Bases: quartier 17 (the street was not asked it) -> Cité des Pâtures 7/17 = 41 % (41.18);
bus (conditional, open) 5 asked + 2 who answered anyway = 7: "Retards" 3/7 = 43 % (42.86),
"Propreté" 2/7 = 29 % (28.57); the open question for everyone: 17 + 2 = 19.
"""
from __future__ import annotations

import csv
import io
import json

import pytest
from bs4 import BeautifulSoup
from docx import Document
from openpyxl import load_workbook

from participation.extensions import db
from participation.surveys import services
from participation.surveys.responses import build_response
from participation.surveys.street import record_street_answers
from tests.surveys.helpers import q

QUARTIERS = ["Cité des Pâtures", "Centre-ville", "Les Prés"]
BUS_TEXTS = ["Toujours en retard", "Retard le matin", "Le bus est sale", "Trop cher"]
STREET = [{"probleme": "Les trottoirs", "bus": "Le bus passe en retard"},
          {"probleme": "Le bruit", "bus": "Arrêt sale"}]


def _build(territory, quartier):
    survey = services.create_survey(territory.id, "Vivre aux Pâtures", quartier_ids=[quartier.id])
    services.add_question(survey, "single", "Votre quartier", QUARTIERS,
                          option_names=["patures", "centre", "pres"], name="quartier")
    services.add_question(survey, "long_text", "Qu'est-ce qui ne va pas dans le quartier ?",
                          name="probleme")
    services.add_question(survey, "single", "Comment venez-vous ?",
                                  ["En bus", "À pied"], option_names=["bus", "pied"],
                                  name="venir")
    bus = services.add_question(survey, "long_text", "Qu'est-ce qui ne va pas avec le bus ?",
                                name="bus", codebook="Retards : retard\nPropreté : sale")
    services.set_condition(bus, "${venir} = 'bus'")
    services.set_status(survey, "open")
    return survey


def _option(survey, question: str, name: str) -> int:
    return next(o.id for o in q(survey, question).options if o.name == name)


def _questionnaires(survey) -> None:
    quartiers = ["patures"] * 7 + ["centre"] * 6 + ["pres"] * 4
    for i, quartier in enumerate(quartiers):
        values = {q(survey, "quartier").id: {"options": [_option(survey, "quartier", quartier)]},
                  q(survey, "venir").id: {"options": [_option(survey, "venir",
                                                               "bus" if i < 5 else "pied")]}}
        if i < 4:
            values[q(survey, "bus").id] = {"text": BUS_TEXTS[i]}
        if i % 2:
            values[q(survey, "probleme").id] = {"text": f"Problème {i}"}
        db.session.add(build_response(survey, values, channel="papier"))
    db.session.commit()


@pytest.fixture
def mixed(territory, quartier):
    survey = _build(territory, quartier)
    _questionnaires(survey)
    for i, said in enumerate(STREET):
        record_street_answers(survey, {q(survey, k).id: v for k, v in said.items()},
                              token=f"street-{i}", place="Marché", user_id=None)
    return survey


def _figure(result: dict, label: str) -> dict:
    rows = result.get("options", []) + result.get("codes", [])
    return next(r for r in rows if r["label"] == label)


def test_bases_by_hand(mixed):
    from participation.surveys.frames import read_frames
    from participation.surveys.results import survey_results

    data = {r["name"]: r for r in survey_results(read_frames(mixed))["questions"]}
    assert data["quartier"]["base"] == 17 and data["probleme"]["base"] == 19
    assert _figure(data["quartier"], "Cité des Pâtures") == {
        "name": "patures", "label": "Cité des Pâtures", "count": 7, "base": 17, "pct": 41,
        "pct_exact": 41.18, "share": 7 / 17}
    assert _figure(data["venir"], "En bus")["pct"] == 29
    bus = data["bus"]
    assert bus["base"] == 7 and bus["answered"] == 6
    assert {s["bus"] for s in STREET} <= set(bus["texts"])  # no collected answer dropped
    assert (_figure(bus, "Retards")["count"], _figure(bus, "Retards")["pct"],
            _figure(bus, "Retards")["pct_exact"]) == (3, 43, 42.86)
    assert (_figure(bus, "Propreté")["count"], _figure(bus, "Propreté")["pct"]) == (2, 29)


def _row(cells: list[str], label: str) -> list[str]:
    return next(c for c in cells if c and c[0] == label)


def test_results_page_shows_each_base(webapp, web_login, mixed):
    web_login("coordinator")
    page = webapp.get(f"/surveys/{mixed.id}/results")
    soup = BeautifulSoup(page.text, "html.parser")
    rows = [[c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"])]
            for tr in soup.find_all("tr")]
    assert _row(rows, "Cité des Pâtures") == ["Cité des Pâtures", "7", "41\u202f%", "17"]
    assert _row(rows, "Retards") == ["Retards", "3", "43\u202f%", "7"]
    text = " ".join(soup.get_text(" ").split())
    assert "Base : 17 personnes" in text and "Base : 7 personnes" in text
    assert "Cité des Pâtures — 41 % (7/17)" in text  # the chart's label


def test_json_csv_xlsx_carry_the_base(webapp, web_login, runner, mixed):
    result = runner.invoke(args=["surveys", "results", mixed.slug, "--json"])
    data = {r["name"]: r for r in json.loads(result.output)["questions"]}
    patures = _figure(data["quartier"], "Cité des Pâtures")
    assert (patures["count"], patures["base"], patures["pct"], patures["pct_exact"]) == \
        (7, 17, 41, 41.18)
    assert _figure(data["bus"], "Retards")["base"] == 7
    web_login("coordinator")
    page = webapp.get(f"/surveys/{mixed.id}/results")
    body = page.click(href="figures.csv").body.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert rows[0] == ["question", "réponse", "nombre", "base", "pourcentage",
                       "pourcentage exact", "valeur"]
    assert ["Votre quartier", "Cité des Pâtures", "7", "17", "41", "41,18", ""] in rows
    assert ["Qu'est-ce qui ne va pas avec le bus ?", "Retards", "3", "7", "43", "42,86",
            ""] in rows
    sheet = load_workbook(io.BytesIO(page.click(href="figures.xlsx").body)).active
    assert ("Votre quartier", "Cité des Pâtures", 7, 17, 41, 41.18, None) in set(
        sheet.iter_rows(values_only=True))


def test_docx_section_shows_the_base(webapp, web_login, mixed):
    web_login("coordinator")
    doc = Document(io.BytesIO(webapp.get("/exports/section.docx").body))
    rows = [[c.text for c in row.cells] for t in doc.tables for row in t.rows]
    assert _row(rows, "Cité des Pâtures") == ["Cité des Pâtures", "7", "41\u202f%", "17"]
    # the section has the results page's base: the bus question's 7 (the 5 asked and the 2
    # street answers); "Retards", 3 of them, is a count under ANALYSIS_MIN_COUNT (5), hidden
    # with its share (core.smallcounts), never dropped from the base
    assert _row(rows, "Retards") == ["Retards", "moins de 5", "", "7"]
    assert ("Qu'est-ce qui ne va pas avec le bus\u202f? (réponses libres regroupées, base\u00a0: 7 "
            "personnes concernées)") in "\n".join(p.text for p in doc.paragraphs)
    text = "\n".join(p.text for p in doc.paragraphs)
    assert ("41\u202f% des 17 personnes interrogées ont répondu «\u00a0Cité des "
            "Pâtures\u00a0»") in text


def test_odt_and_html_section_show_the_base(webapp, web_login, mixed):
    from odf import table, teletype
    from odf.opendocument import load

    web_login("coordinator")
    odt = load(io.BytesIO(webapp.get("/exports/section.odt").body))
    rows = [[teletype.extractText(c) for c in r.getElementsByType(table.TableCell)]
            for r in odt.getElementsByType(table.TableRow)]
    assert _row(rows, "Cité des Pâtures") == ["Cité des Pâtures", "7", "41\u202f%", "17"]
    soup = BeautifulSoup(webapp.get("/exports/section").text, "html.parser")
    cells = [[c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"])]
             for tr in soup.find_all("tr")]
    assert _row(cells, "Cité des Pâtures") == ["Cité des Pâtures", "7", "41\u202f%", "17"]
    assert _row(cells, "Retards") == ["Retards", "moins de 5", "", "7"]
