"""DataFrame -> file bytes: CSV (Excel-friendly), XLSX, ODS, JSON; every cell made inert.

A cell starting with ``= + - @``, a tab or a carriage return would be run as a formula by a
spreadsheet (CSV injection): ``participation.exports.cells.inert`` prefixes it with an
apostrophe, in every format (JSON included: it is opened in spreadsheets too).

Decimals in CSV (``excel_number``): the CSV "pour Excel" (";" separator and a BOM, the default)
writes the decimal comma ("12,5", "63,16"), as a French Excel or LibreOffice reads a number; a
dot there turns 12.5 into a date or text. The plain CSV ("," separator, the open-data
standard, RFC 4180) keeps the dot. No thousands separator in either (a space would make the
cell text again). XLSX, ODS and JSON hold real numbers.

``FORMATS`` gives bare media types: Flask adds ``; charset=utf-8`` to a ``text/*`` type given as
``mimetype=`` (a type already carrying a charset got it twice).
"""
from __future__ import annotations

import csv
import io
from io import BytesIO

import pandas as pd

from participation.exports.cells import inert
from participation.exports.csvtext import csv_bytes

SEPARATORS = (";", ",", "\t")
FORMATS = {
    "csv": ("text/csv", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", "ods"),
    "json": ("application/json", "json"),
}


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells that a spreadsheet would evaluate become plain text (column names too)."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(inert)
    out.columns = [inert(str(c)) for c in out.columns]
    return out


def decimal_mark(sep: str) -> str:
    """"," for the CSV "pour Excel" (";" separator), "." for the plain CSV ("," or tab)."""
    return "," if sep == ";" else "."


def excel_number(value: float, decimal: str = ",") -> str:
    """A number as a CSV cell: 12.5 -> "12,5", 63.16 -> "63,16", 12.0 -> "12",
    1234567.5 -> "1234567,5" (no exponent, no thousands separator); ``decimal`` "." keeps
    the dot. Floats are written with up to 6 decimals, trailing zeros dropped."""
    text = f"{value:.6f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)
    return "0" if text == "-0" else text.replace(".", decimal)


def _decimals(frame: pd.DataFrame, decimal: str) -> pd.DataFrame:
    """Float cells (in number columns or mixed ones) as text with ``decimal``."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_float_dtype(out[column]):
            out[column] = out[column].map(
                lambda v: excel_number(v, decimal) if isinstance(v, float) and not pd.isna(v)
                else v).astype(object)
    return out


def to_csv(frame: pd.DataFrame, sep: str = ";") -> bytes:
    """UTF-8 with a BOM and ";" by default: what a French Excel opens without asking, with
    the decimal comma (``decimal_mark``); "," gives the plain CSV with the decimal dot.

    pandas formats the values (dates, integers, missing cells); the cells are then written by
    the product's one CSV writer (``csvtext``): a cell holding the separator, a tab, a quote
    or a line end is quoted (unquoted, a spreadsheet splitting on tabs too cut it in two, and
    Excel started a new row at a carriage return, a new cell that could be a formula)."""
    formatted = _decimals(neutralise(frame), decimal_mark(sep)).to_csv(
        index=False, sep=sep, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    return csv_bytes(csv.reader(io.StringIO(formatted, newline=""), delimiter=sep), sep,
                     made_inert=True)


def _to_sheet(frame: pd.DataFrame, engine: str, sheet: str) -> bytes:
    buffer = BytesIO()
    with pd.ExcelWriter(buffer, engine=engine) as writer:
        neutralise(frame).to_excel(writer, index=False, sheet_name=sheet[:31])
    return buffer.getvalue()


def to_xlsx(frame: pd.DataFrame, sheet: str = "export") -> bytes:
    return _to_sheet(frame, "openpyxl", sheet)


def _ods_cell(value):
    """One ODS cell: numbers as floats, everything else as text (one paragraph a line)."""
    from odf import table, text

    if isinstance(value, bool | int | float) and not pd.isna(value):
        cell = table.TableCell(valuetype="float", value=value)
        cell.addElement(text.P(text=str(value)))
        return cell
    cell = table.TableCell(valuetype="string")
    shown = "" if value is None or (not isinstance(value, str) and pd.isna(value)) else value
    if hasattr(shown, "isoformat"):
        shown = shown.isoformat()
    for line in str(shown).replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        cell.addElement(text.P(text=line))
    return cell


def to_ods(frame: pd.DataFrame, sheet: str = "export") -> bytes:
    """ODS written with odfpy: pandas' ODS writer escapes a line break in a cell as an
    invalid XML character (the file no longer opens), and textareas send CRLF."""
    from odf import table
    from odf.opendocument import OpenDocumentSpreadsheet

    clean = neutralise(frame)
    document = OpenDocumentSpreadsheet()
    grid = table.Table(name=sheet[:31])
    for values in [list(clean.columns), *clean.itertuples(index=False, name=None)]:
        row = table.TableRow()
        for value in values:
            row.addElement(_ods_cell(value))
        grid.addElement(row)
    document.spreadsheet.addElement(grid)
    buffer = BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def to_json(frame: pd.DataFrame) -> bytes:
    """Open-data JSON: a list of records, dates in ISO format."""
    return neutralise(frame).to_json(orient="records", force_ascii=False, date_format="iso",
                         indent=1).encode("utf-8")


def write(frame: pd.DataFrame, fmt: str, sep: str = ";", sheet: str = "export") -> bytes:
    if fmt == "csv":
        return to_csv(frame, sep)
    writers = {"xlsx": to_xlsx, "ods": to_ods}
    if fmt in writers:
        return writers[fmt](frame, sheet)
    if fmt == "json":
        return to_json(frame)
    raise ValueError(fmt)
