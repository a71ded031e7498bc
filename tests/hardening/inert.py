"""Reading back a file the platform wrote, to tell whether a spreadsheet would run any cell.

``dangerous_cells(body, mimetype)`` -> (cells that would run, cells made inert by the
apostrophe); the second count shows the planted payloads did reach the file.
"""
from __future__ import annotations

import csv
import io
import json
import re
import zipfile

from openpyxl import load_workbook

from participation.exports.cells import DANGEROUS_START

SPREADSHEET_TYPES = {
    "text/csv": "csv",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/json": "json",
}


def _verdict(values) -> tuple[list[str], int]:
    live, inert = [], 0
    for value in values:
        if isinstance(value, str) and value.startswith(DANGEROUS_START):
            live.append(value)
        elif isinstance(value, str) and value[1:].startswith(DANGEROUS_START) and \
                value.startswith("'"):
            inert += 1
    return live, inert


def csv_delimiter(text: str) -> str:
    """The separator the product wrote: ";" (its default) or "," (``?sep=,``), never a tab.

    Counting separators on the header line alone is fooled by planted words: a file written
    before the product quoted cells holding a tab (``exports.csvtext``) had a header of labels
    planted with "\t=1+1" holding more tabs than semicolons. The separator is
    the one that reads every line into the same number of cells (the product writes a
    rectangular table), the most cells first; the header count outside quotes decides a tie."""
    header = re.sub(r'"(?:[^"]|"")*"', "", text.split("\n", 1)[0])

    def score(delimiter: str) -> tuple[bool, int, int]:
        widths = {len(row) for row in csv.reader(io.StringIO(text, newline=""),
                                                 delimiter=delimiter) if row}
        return len(widths) <= 1, max(widths, default=0), header.count(delimiter)

    return max(";,", key=score)


def _csv_cells(body: bytes):
    text = body.decode("utf-8-sig")
    for row in csv.reader(io.StringIO(text, newline=""), delimiter=csv_delimiter(text)):
        yield from row


def _xlsx_cells(body: bytes):
    workbook = load_workbook(io.BytesIO(body))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                # a formula cell is live whatever its text
                yield ("=" + str(cell.value)) if cell.data_type == "f" else cell.value


def _ods_cells(body: bytes):
    from odf import opendocument, table, teletype

    content = zipfile.ZipFile(io.BytesIO(body)).read("content.xml").decode()
    if "table:formula" in content:
        yield "=formula"
    document = opendocument.load(io.BytesIO(body))
    for cell in document.spreadsheet.getElementsByType(table.TableCell):
        yield teletype.extractText(cell)


def _json_cells(value):
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _json_cells(item)
    elif isinstance(value, list):
        for item in value:
            yield from _json_cells(item)
    else:
        yield value


def dangerous_cells(body: bytes, mimetype: str) -> tuple[list[str], int]:
    kind = SPREADSHEET_TYPES[mimetype]
    if kind == "json":
        return _verdict(_json_cells(json.loads(body)))
    reader = {"csv": _csv_cells, "xlsx": _xlsx_cells, "ods": _ods_cells}[kind]
    return _verdict(reader(body))
