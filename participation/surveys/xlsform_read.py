"""Reading the sheets of an XLSForm workbook, whatever spreadsheet wrote it.

``.xlsx`` is read with openpyxl; Excel 97-2003 ``.xls`` (xlrd) and LibreOffice ``.ods``
(odfpy) through pandas. A file that is none of them is refused with ``ImportRejected`` and
the advice to save it as ``.xlsx``. Rows come back as ``(line, {header: text})`` with the
spreadsheet's own line numbers (the header is line 1); blank rows are left out. A cell the
platform's own export made inert (``'=...``) is read back as typed (``exports.cells.restore``).
"""
from __future__ import annotations

import zipfile
from io import BytesIO
from itertools import islice

from flask_babel import gettext as _
from openpyxl import load_workbook

from participation.core.errors import ImportRejected
from participation.core.uploads import check_zip
from participation.exports.cells import restore

MAX_SHEET_ROWS = 3000  # a questionnaire of 300 questions with their choices fits many times
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003 (and encrypted) workbooks
ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"


def _text(value) -> str:
    """A cell as text: ``1.0`` -> ``"1"`` (xls and ods store every number as a float)."""
    if value is None or value != value:  # None or NaN
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return restore(str(value).strip())


def _xls_sheets(content: bytes) -> dict[str, list[tuple]]:
    import xlrd

    book = xlrd.open_workbook(file_contents=content)
    return {sheet.name: [tuple(sheet.row_values(i)) for i in range(sheet.nrows)]
            for sheet in book.sheets()}


def _ods_sheets(content: bytes) -> dict[str, list[tuple]]:
    import pandas as pd

    frames = pd.read_excel(BytesIO(content), sheet_name=None, header=None, dtype=object,
                           engine="odf")
    return {name: [tuple(row) for row in frame.itertuples(index=False)]
            for name, frame in frames.items()}


def _kind(content: bytes) -> str:
    if content.startswith(OLE2):
        return "xls"
    if content.startswith(b"PK"):
        try:
            with zipfile.ZipFile(BytesIO(content)) as archive:
                if ODS_MIME in archive.read("mimetype"):
                    return "ods"
        except (KeyError, zipfile.BadZipFile):
            pass
        return "xlsx"
    return "other"


def _capped(rows, title: str) -> list[tuple]:
    """At most ``MAX_SHEET_ROWS`` rows of a sheet, else ``ImportRejected``."""
    kept = list(islice(rows, MAX_SHEET_ROWS + 1))
    if len(kept) > MAX_SHEET_ROWS:
        raise ImportRejected(_("La feuille « %(s)s » a plus de %(max)s lignes : ce n'est pas un "
                               "questionnaire (supprimez les lignes vides ou inutiles).",
                               s=title, max=MAX_SHEET_ROWS), [(MAX_SHEET_ROWS + 1, title)])
    return kept


def read_sheets(content: bytes) -> dict[str, list[tuple]]:
    """Sheet name (lower case) -> raw rows, or ``ImportRejected`` naming the fix. Bounded
    before reading: inflated size (``core.uploads.check_zip``), rows per sheet."""
    kind = _kind(content)
    if kind in ("xlsx", "ods"):
        check_zip(content)
    try:
        if kind == "xlsx":
            workbook = load_workbook(BytesIO(content), read_only=True, data_only=True)
            sheets = {ws.title: _capped(ws.iter_rows(values_only=True), ws.title)
                      for ws in workbook}
        elif kind in ("xls", "ods"):
            sheets = _xls_sheets(content) if kind == "xls" else _ods_sheets(content)
        else:
            raise ValueError(_("ni .xlsx, ni .xls, ni .ods"))
    except ImportRejected:
        raise
    except Exception as exc:  # every reader raises its own types for a damaged file
        hint = {"xls": _("format .xls (Excel 97-2003) illisible : enregistrez-le en .xlsx "
                         "(Fichier > Enregistrer sous > Classeur Excel)")}.get(
            kind, _("enregistrez le questionnaire en .xlsx (Classeur Excel)"))
        raise ImportRejected(_("Ce fichier n'est pas un classeur XLSForm lisible."),
                             [(0, f"{hint} — {str(exc)[:120]}")]) from exc
    return {name.strip().lower(): _capped(rows, name) for name, rows in sheets.items()}


def _header(text: str) -> str:
    """``"Label::English (en)"`` -> ``"label::English (en)"``: column names in any case, the
    language as written."""
    base, sep, language = text.partition("::")
    return base.strip().lower() + sep + language.strip()


def sheet_rows(sheets: dict, name: str) -> list[tuple[int, dict]]:
    """``(line, {header: text})`` of one sheet; headers are stripped, empty rows skipped."""
    rows = sheets.get(name) or []
    if not rows:
        return []
    header = [_header(_text(h)) for h in rows[0]]
    result = []
    for line, row in enumerate(rows[1:], start=2):
        record = {h: _text(v) for h, v in zip(header, row, strict=False) if h}
        if any(record.values()):
            result.append((line, record))
    return result
