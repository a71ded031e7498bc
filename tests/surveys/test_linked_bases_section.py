"""A small count of the section is not recoverable from another table of the same document
(issue #13, item 3; ``surveys.linked_bases``): a conditional question prints its base, the
count of the answers it follows; that count is known, so another row is hidden beside a
small one. Read as a reader reads the section: the HTML page, the DOCX and the ODT.

Counted by hand: 45 questionnaires. "Connaissez-vous le conseil citoyen ?": Oui 12, Non 30,
no answer 3. "Comment l'avez-vous connu ?" is asked only to those who said Oui: its base is
"12 personnes concernées" (Affiche 6, Bouche à oreille 6). Line by line, the 12 (smallest
other row) would be "non publié" beside "Sans réponse: moins de 5" — yet the next table prints
12, and 45 - 30 - 12 = 3. The 30 is hidden instead: Non + Sans réponse = 45 - 12 = 33, so
"Sans réponse" is anything from 1 to 4 (Non from 29 to 32).
"""
from __future__ import annotations

import io

from docx import Document
from odf import opendocument, table, teletype

from participation.core.smallcounts import SECONDARY, SHOWN, SMALL, protect_line
from participation.extensions import db
from participation.surveys import linked_bases, services
from participation.surveys.responses import build_response
from tests.reading import plain
from tests.surveys.helpers import opt, q

FEWER, WITHHELD = "moins de 5", "non publié"
KNOWS = "Connaissez-vous le conseil citoyen ?"
# the rows as printed: Réponse | Nombre | % | Base
EXPECTED = [["Non", WITHHELD, "", "45"], ["Oui", "12", "27 %", "45"],
            ["Sans réponse", FEWER, "", "45"]]


def _survey(territory, quartier):
    survey = services.create_survey(territory.id, "Le conseil citoyen",
                                    quartier_ids=[quartier.id])
    services.add_question(survey, "single", "Votre quartier", ["Les Prés", "Centre-ville"],
                          option_names=["pres", "centre"], name="quartier")
    services.add_question(survey, "single", KNOWS, ["Oui", "Non"],
                          option_names=["oui", "non"], name="connait")
    how = services.add_question(survey, "single", "Comment l'avez-vous connu ?",
                                ["Affiche", "Bouche à oreille"],
                                option_names=["affiche", "bouche"], name="comment")
    services.set_condition(how, "${connait} = 'oui'")
    services.set_status(survey, "open")
    for number in range(45):
        values = {q(survey, "quartier").id: {"options": [int(opt(q(survey, "quartier"),
                                                                 "pres"))]}}
        if number < 42:
            said = "oui" if number < 12 else "non"
            values[q(survey, "connait").id] = {"options": [int(opt(q(survey, "connait"),
                                                                   said))]}
        if number < 12:
            values[how.id] = {"options": [int(opt(how, "affiche" if number < 6
                                                  else "bouche"))]}
        db.session.add(build_response(survey, values, channel="papier"))
    db.session.commit()
    return survey


def _odt_rows(body: bytes) -> list[list[list[str]]]:
    document = opendocument.load(io.BytesIO(body))
    return [[[plain(teletype.extractText(c)) for c in row.getElementsByType(table.TableCell)]
             for row in grid.getElementsByType(table.TableRow)]
            for grid in document.getElementsByType(table.Table)]


def test_a_conditional_questions_base_is_a_known_count(territory, quartier, webapp,
                                                       web_login):
    _survey(territory, quartier)
    # line by line, the 12 would be the one hidden
    assert protect_line([30, 12, 3], 45, minimum=5)[0] == [SHOWN, SECONDARY, SMALL]
    web_login("coordinator")
    page = webapp.get("/exports/section")
    caption = page.html.find("caption", string=lambda s: s and plain(s).startswith(KNOWS))
    rows = [[plain(c.get_text(strip=True)) for c in tr.find_all(["th", "td"])]
            for tr in caption.find_parent("table").find("tbody").find_all("tr")]
    assert rows == EXPECTED
    text = " ".join(plain(page.html.get_text(" ")).split())
    assert "(base : 12 personnes concernées)" in text
    assert "67 %" not in text  # Non's share would give its count away
    # what a reader works out: Non + Sans réponse = 45 - 12 = 33 (Oui is printed twice),
    # Non is 5 or more: Sans réponse anything from 1 to min(4, 33 - 5)
    rest = 45 - 12
    assert (1, min(4, rest - 5)) == (1, 4)
    docx = Document(io.BytesIO(webapp.get("/exports/section.docx").body))
    grids = [[[plain(c.text) for c in row.cells] for row in grid.rows] for grid in docx.tables]
    assert next(g for g in grids if ["Oui", "12", "27 %", "45"] in g)[1:] == EXPECTED
    odt = _odt_rows(webapp.get("/exports/section.odt").body)
    assert next(g for g in odt if ["Oui", "12", "27 %", "45"] in g)[1:] == EXPECTED


def test_a_printed_mean_is_a_figure_of_its_notes():
    # Hazebrouck's security score (n = 112, mean 5,54): notes 1..10 given by 6, 4, 4, 20, 24,
    # 19, 15, 7, 10, 3 people. Line by line: 2, 3, 10 small, 1 hidden beside them. With the
    # mean: the hidden four weigh 620.48 ± 0.56 - 565 = 54.92 to 56.04, i.e. n2 + 2 n3 +
    # 9 n10 from 37.92 to 39.04: n10 >= 2.88 (3 or 4). Note 8 (7) goes too: n2 + 2 n3 +
    # 7 n8 + 9 n10 from 86.92 to 88.04 holds with n10 = 1 (n2 2, n3 3, n8 10, n1 8) and with
    # n10 = 4 (n2 1, n3 1, n8 7, n1 11): note 10 anything from 1 to 4 again.
    counts = [6, 4, 4, 20, 24, 19, 15, 7, 10, 3]
    result = {"mean": 5.54, "n": 112,
              "distribution": [{"value": float(v), "count": c}
                               for v, c in enumerate(counts, start=1)]}
    assert protect_line(counts, minimum=5)[0] == [SECONDARY, SMALL, SMALL] + [SHOWN] * 6 + [
        SMALL]
    assert linked_bases.protect_scale(result, 5) == [
        SECONDARY, SMALL, SMALL, SHOWN, SHOWN, SHOWN, SHOWN, SECONDARY, SHOWN, SMALL]
