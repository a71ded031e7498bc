"""The one CSV writer of the product: every cell inert, every cell that could be split quoted.

Python's ``csv`` module (and pandas, which uses it) quotes a cell holding the separator, a
quote or a line end, not one holding a tab: a spreadsheet told to split on tabs too (the
LibreOffice import dialog offers "Tabulation" ticked beside "Point-virgule", and Excel's
wizard likewise) cut such a cell in two, shifting every cell after it. So a cell is quoted
(RFC 4180: between double quotes, a quote doubled) when it holds the separator, a tab, a
double quote, a carriage return or a line feed, whatever the file's separator; any other
cell is written as it is. Every cell also goes through ``cells.inert`` (no formula runs).

- ``csv_cell(value, sep)`` -> the cell's text (``None`` -> empty);
- ``csv_text(rows, sep)`` -> the lines joined by CRLF, a CRLF after the last one;
- ``csv_bytes(rows, sep)`` -> the same, UTF-8 with a BOM (what a French Excel opens).
``made_inert=True`` tells them the cells were already made inert where they are text
(``writers.to_csv``: pandas wrote a number such as ``-2`` as text, which must stay a number).
"""
from __future__ import annotations

from collections.abc import Iterable

from participation.exports.cells import inert

# Characters that make a cell quoted, beside the file's separator (source: RFC 4180 §2.6,
# plus the tab, which spreadsheet import dialogs also split on).
ALWAYS_QUOTED = ("\t", '"', "\r", "\n")


def csv_cell(value, sep: str = ";", made_inert: bool = False) -> str:
    """One cell as written in the file: ``None`` -> ``""``, other values as ``str``, made
    inert (unless ``made_inert``), quoted when it holds ``sep`` or one of ``ALWAYS_QUOTED``."""
    text = "" if value is None else str(value if made_inert else inert(value))
    if sep in text or any(mark in text for mark in ALWAYS_QUOTED):
        return '"' + text.replace('"', '""') + '"'
    return text


def csv_text(rows: Iterable[Iterable], sep: str = ";", made_inert: bool = False) -> str:
    """Rows of cells -> the CSV text, lines ended by CRLF (Excel's own line end)."""
    return "".join(sep.join(csv_cell(value, sep, made_inert) for value in row) + "\r\n"
                   for row in rows)


def csv_bytes(rows: Iterable[Iterable], sep: str = ";", made_inert: bool = False) -> bytes:
    """``csv_text`` encoded in UTF-8 with a byte order mark."""
    return csv_text(rows, sep, made_inert).encode("utf-8-sig")
