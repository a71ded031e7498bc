"""Answers files that are not a bare CSV: a spreadsheet (Kobo's default "XLS" export, a CSV
re-saved as .xlsx or .xls by Excel, an .ods by LibreOffice) or ODK Central's ZIP download
(one CSV per form, plus one per repeat: the shortest name is the form's).

``answer_table(content)`` returns ``(rows as text cells, note)`` or None when the content is
plain text (read as CSV by ``csv_read``). Dates of spreadsheet cells are written ISO
(``2024-05-02T08:05:00``), integer-valued numbers without ``.0``.
"""
from __future__ import annotations

import zipfile
from datetime import date, datetime, time
from io import BytesIO

from flask_babel import gettext as _

from participation.core.errors import ImportRejected
from participation.surveys.xlsform_read import ODS_MIME, OLE2


def _cell(value) -> str:
    if value is None or value != value:
        return ""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _day_only(value, number_format: str | None):
    """A date cell shown without a time (format ``DD/MM/YYYY``) is a day, not midnight:
    openpyxl gives it as a datetime at 00:00, which the import would have stored as
    midnight instead of noon, the rule for a day without a time (docs/surveys.md;
    coordinator tester, 2026-11-30: paper dates « 2026-05-16 00:00 »)."""
    if isinstance(value, datetime) and value.time() == time() \
            and "h" not in (number_format or "").lower():
        return value.date()
    return value


def _xlsx(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(content), read_only=True, data_only=True).worksheets[0]
    return [[_cell(_day_only(c.value, getattr(c, "number_format", None))) for c in row]
            for row in sheet.iter_rows()]


def _xls(content: bytes) -> list[list[str]]:
    import xlrd

    book = xlrd.open_workbook(file_contents=content)
    sheet = book.sheet_by_index(0)
    rows = []
    for i in range(sheet.nrows):
        rows.append([_cell(_xls_date(c.value, book.datemode)
                           if c.ctype == xlrd.XL_CELL_DATE else c.value)
                     for c in sheet.row(i)])
    return rows


def _xls_date(serial: float, datemode: int) -> date | datetime:
    """An Excel 97-2003 date serial: a whole number is a day without a time (``_day_only``)."""
    import xlrd

    moment = xlrd.xldate_as_datetime(serial, datemode)
    return moment.date() if float(serial).is_integer() else moment


def _ods(content: bytes) -> list[list[str]]:
    import pandas as pd

    frame = pd.read_excel(BytesIO(content), sheet_name=0, header=None, dtype=object,
                          engine="odf")
    return [[_cell(v) for v in row] for row in frame.itertuples(index=False)]


def _zip(content: bytes) -> tuple[list[list[str]] | bytes, str]:
    with zipfile.ZipFile(BytesIO(content)) as archive:
        names = archive.namelist()
        if "xl/workbook.xml" in names:
            return _xlsx(content), ""
        if "mimetype" in names and ODS_MIME in archive.read("mimetype"):
            return _ods(content), ""
        csvs = sorted((n for n in names if n.lower().endswith(".csv")), key=len)
        if not csvs:
            raise ValueError(_("l'archive ne contient aucun fichier .csv"))
        note = _("archive : « %(f)s » lu", f=csvs[0])
        if len(csvs) > 1:
            note += " " + _("(répétitions non lues : %(r)s)", r=", ".join(csvs[1:])[:200])
        return archive.read(csvs[0]), note


def filled_span(rows: list[list[str]]) -> list[list[str]]:
    """The sheet's rows from its first to its last non-blank one: blank rows inside are
    kept (the readers skip them), so that a row's number in a message is its row number in
    the spreadsheet when the header is on row 1 (they used to be removed, and every row
    after a blank one was named one line too early)."""
    filled = [i for i, row in enumerate(rows) if any(cell.strip() for cell in row)]
    return rows[filled[0]:filled[-1] + 1] if filled else []


def answer_table(content: bytes) -> tuple[list[list[str]] | bytes, str] | None:
    """Rows (or the CSV bytes found in a ZIP) and a note; None for a plain CSV."""
    try:
        if content.startswith(OLE2):
            return _xls(content), ""
        if content.startswith(b"PK"):
            return _zip(content)
    except Exception as exc:  # every reader raises its own types for a damaged file
        raise ImportRejected(_("Ce fichier n'est ni un CSV ni un classeur lisible."),
                             [(0, _("enregistrez-le en « CSV UTF-8 » — %(e)s",
                                    e=str(exc)[:120]))]) from exc
    return None
