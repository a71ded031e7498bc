"""A cell holding a tab is quoted in every CSV the product writes (testers of last session:
a spreadsheet told to split on tabs too cut such a cell in two, shifting the cells after it).
One writer, ``participation.exports.csvtext``, writes them all; every download is also read
with tabs as separators in ``tests/hardening/test_formulas_in_files.py``."""
from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from participation.exports import writers
from participation.exports.csvtext import csv_cell, csv_text
from tests.formfill import form_to
from tests.hardening import splitting
from tests.privacy.contacts import contacts_survey

PERSON = "/privacy/personne"


def _read(text: str, sep: str = ";") -> list[list[str]]:
    return [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=sep) if row]


def test_a_cell_is_quoted_when_it_holds_a_separator_a_tab_a_quote_or_a_line_end():
    assert [csv_cell(v) for v in ("a\tb", "a;b", 'dit "oui"', "a\r\nb", "a,b", "", None)] \
        == ['"a\tb"', '"a;b"', '"dit ""oui"""', '"a\r\nb"', "a,b", "", ""]
    assert csv_cell("a,b", ",") == '"a,b"'
    assert csv_cell("=1+1\tx") == "\"'=1+1\tx\""
    assert csv_text([["x", "=2+3"], [1, -2]]) == "x;'=2+3\r\n1;-2\r\n"


@pytest.mark.parametrize("sep", [";", ",", "\t"])
def test_an_export_reads_the_same_when_tabs_split_too(sep):
    frame = pd.DataFrame({"texte": ["Médecin\tpédiatre", "bus; tram", "rien", "\t=1+1"],
                          "écart": [-2, 3, 0, 1], "part": [12.5, 0.0, 1.25, None]})
    text = writers.to_csv(frame, sep).decode("utf-8-sig")
    read = _read(text, sep)
    assert splitting.rows(text, sep + "\t") == read
    decimal = "," if sep == ";" else "."
    assert read == [["texte", "écart", "part"],
                    ["Médecin\tpédiatre", "-2", f"12{decimal}5"],
                    ["bus; tram", "3", "0"], ["rien", "0", f"1{decimal}25"],
                    ["'\t=1+1", "1", ""]]
    assert '"Médecin\tpédiatre"' in text


@pytest.mark.forms("privacy/person.html#1", "privacy/person.html#3")
def test_the_person_export_keeps_a_pasted_tab_in_one_cell(webapp, web_login, territory,
                                                           quartier):
    contacts_survey(webapp, territory, quartier, ["Amel\tHADDAD 06 48 78 38 27"])
    web_login("coordinator")
    form = form_to(webapp.get(PERSON), PERSON)
    form["phone"] = "06 48 78 38 27"
    found = form.submit()
    exported = form_to(found, "/privacy/personne/export.csv").submit()
    text = exported.body.decode("utf-8-sig")
    read = _read(text)
    assert splitting.rows(text, ";\t") == read
    assert ["champ", "valeur"] == read[0][3:]
    assert "Amel\tHADDAD 06 48 78 38 27" in {row[4] for row in read[1:]}
