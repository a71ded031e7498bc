"""DataFrame -> file bytes: CSV (Excel-friendly), XLSX, ODS, JSON; every cell made inert.

A cell starting with ``= + - @``, a tab or a carriage return would be run as a formula by a
spreadsheet (CSV injection): it is prefixed with an apostrophe, in every format.
"""
from __future__ import annotations

from io import BytesIO

import pandas as pd

DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")
FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", "ods"),
    "json": ("application/json", "json"),
}


def _inert(value):
    if isinstance(value, str) and value.startswith(DANGEROUS_START):
        return "'" + value
    return value


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells that a spreadsheet would evaluate become plain text (column names too)."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(_inert)
    out.columns = [_inert(str(c)) for c in out.columns]
    return out


def to_csv(frame: pd.DataFrame, sep: str = ";") -> bytes:
    """UTF-8 with a BOM and ";" by default: what a French Excel opens without asking."""
    return neutralise(frame).to_csv(index=False, sep=sep).encode("utf-8-sig")


def _to_sheet(frame: pd.DataFrame, engine: str, sheet: str) -> bytes:
    buffer = BytesIO()
    with pd.ExcelWriter(buffer, engine=engine) as writer:
        neutralise(frame).to_excel(writer, index=False, sheet_name=sheet[:31])
    return buffer.getvalue()


def to_xlsx(frame: pd.DataFrame, sheet: str = "export") -> bytes:
    return _to_sheet(frame, "openpyxl", sheet)


def to_ods(frame: pd.DataFrame, sheet: str = "export") -> bytes:
    return _to_sheet(frame, "odf", sheet)


def to_json(frame: pd.DataFrame) -> bytes:
    """Open-data JSON: a list of records, dates in ISO format."""
    return frame.to_json(orient="records", force_ascii=False, date_format="iso",
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
