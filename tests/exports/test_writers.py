"""Files a coordinator opens in Excel or LibreOffice: readable, and never running formulas."""
from __future__ import annotations

import io
import zipfile

import pandas as pd
from openpyxl import load_workbook

from participation.exports import writers

DANGER = '=HYPERLINK("http://x")'
FRAME = pd.DataFrame({"texte": [DANGER, "+33 6 12", "@SUM(A1)", "-2+3", "Médecin, pédiatre"],
                      "n": [1, 2, 3, 4, 5]})


def test_csv_is_excel_friendly_and_inert():
    body = writers.to_csv(FRAME)
    assert body.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM
    lines = body.decode("utf-8-sig").splitlines()
    assert lines[0] == "texte;n"
    assert lines[1] == '"\'=HYPERLINK(""http://x"")";1'
    assert lines[5] == "Médecin, pédiatre;5"
    assert writers.to_csv(FRAME, sep=",").decode("utf-8-sig").splitlines()[0] == "texte,n"


def test_xlsx_cells_are_text_not_formulas():
    sheet = load_workbook(io.BytesIO(writers.to_xlsx(FRAME))).active
    cell = sheet["A2"]
    assert cell.data_type == "s" and cell.value == "'" + DANGER
    assert [sheet[f"A{i}"].value for i in (3, 4, 5)] == ["'+33 6 12", "'@SUM(A1)", "'-2+3"]
    assert sheet["B2"].value == 1


def test_ods_cells_are_text_not_formulas():
    body = writers.to_ods(FRAME)
    content = zipfile.ZipFile(io.BytesIO(body)).read("content.xml").decode()
    assert "table:formula" not in content
    assert "&apos;=HYPERLINK" in content or "'=HYPERLINK" in content
    back = pd.read_excel(io.BytesIO(body), engine="odf")
    assert back["texte"].iloc[0] == "'" + DANGER


def test_json_is_open_data_records_inert_in_a_spreadsheet():
    assert writers.to_json(FRAME.head(1)).decode().startswith('[\n {\n  "texte":"\'=HYPERLINK')
