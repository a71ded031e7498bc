"""The one neutralisation of spreadsheet formulas, used by every file the product writes.

A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab, a carriage return or a line
feed (or their full-width forms, which some spreadsheets fold to ASCII) is evaluated as a
formula by Excel or LibreOffice when the file is opened: ``=HYPERLINK(...)`` exfiltrates,
``=cmd|' /C calc'!A0`` runs a program (DDE). Source of the rule: OWASP "CSV Injection".

- ``inert(value)``: such a string gets a leading apostrophe (shown as text by every
  spreadsheet); any other value is returned unchanged. Used for CSV, XLSX, ODS and JSON, cells
  and headers alike.
- ``inert_row(values)``: the same for a list of cells.
- ``inert_tree(data)``: the same for every string of JSON-shaped data (keys and values).
- ``inert_workbook(workbook)``: an openpyxl workbook whose cells are all stored as values,
  never formulas (openpyxl stores a string starting with ``=`` as a formula).
- ``restore(value)``: the inverse of ``inert`` for the platform's own files read back (tree
  CSV, XLSForm), so a label survives an export/import round trip unchanged.
"""
from __future__ import annotations

DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def inert(value):
    """``str`` -> ``str`` prefixed with ``'`` when a spreadsheet would evaluate it; other types
    unchanged."""
    if isinstance(value, str) and value.startswith(DANGEROUS_START):
        return "'" + value
    return value


def inert_row(values) -> list:
    """A row of cells (any iterable) -> a list of inert cells."""
    return [inert(value) for value in values]


def inert_tree(value):
    """JSON-shaped data (dicts, lists, tuples, scalars) -> the same shape, every string inert;
    dict keys included, since a spreadsheet importing JSON turns keys into header cells."""
    if isinstance(value, dict):
        return {inert(k): inert_tree(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [inert_tree(v) for v in value]
    return inert(value)


def restore(value):
    """Undo ``inert`` on text read from one of the platform's own files."""
    if isinstance(value, str) and value.startswith("'") and \
            value[1:].startswith(DANGEROUS_START):
        return value[1:]
    return value


def inert_workbook(workbook) -> None:
    """Every cell of an openpyxl workbook: formula -> inert text (in place)."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f" or isinstance(cell.value, str):
                    cell.value = inert(cell.value)
                    if isinstance(cell.value, str):
                        cell.data_type = "s"
