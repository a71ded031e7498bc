"""Spreadsheets built in memory for the import tests: XLSForms and Excel answer files."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from io import BytesIO

from openpyxl import Workbook


def xlsx(sheets: dict[str, Iterable[Sequence]]) -> bytes:
    """The bytes of an .xlsx holding ``sheets`` in their order: sheet name -> its rows, each
    a sequence of cell values (None: an empty cell). The first sheet is the active one, as
    an export's answers sheet or an XLSForm's "survey" sheet is."""
    book = Workbook()
    for position, (name, rows) in enumerate(sheets.items()):
        sheet = book.active if position == 0 else book.create_sheet()
        sheet.title = name
        for row in rows:
            sheet.append(list(row))
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
