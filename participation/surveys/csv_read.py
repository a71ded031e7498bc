"""Reading an answers CSV whatever a spreadsheet did to it (Excel / LibreOffice round trips).

- Encoding: UTF-8 (with or without BOM), UTF-16 with BOM (Excel "Texte Unicode"), else the
  best of Windows-1252, Mac Roman and DOS 850 by charset-normalizer (French Excel on Windows,
  old Excel for Mac, DOS exports); a file that is none of them is refused.
- Separator: ``,`` ``;`` tab or ``|``, chosen as the one whose **header cells match the
  questionnaire** (labels, names, known export columns), quotes respected, so a label holding
  commas does not decide; when no header cell matches, the most frequent one outside quotes,
  and the refusal says which separator was assumed.
- Stray columns: columns with no header and no value (Excel's trailing ``;;;``) are dropped.
- Shape (``check_shape``): in a CSV every line has as many fields as the header; a line with
  fewer (cut short: a file truncated, a quote opened) or more (a separator inside an unquoted
  value) has its values under the wrong columns, so the whole file is refused, naming every
  such line. A spreadsheet row may stop before its last empty cells (normal in .xlsx): only
  a value *beyond* the header's last column refuses it.
"""
from __future__ import annotations

import csv
import io
import re
import unicodedata

from flask_babel import gettext as _

from participation.core.errors import ImportRejected

SEPARATORS = (",", ";", "\t", "|")
LEGACY = ["cp1252", "mac_roman", "cp850"]


def norm(text: str) -> str:
    """Header / label spelling as spreadsheets change it: Unicode form, curly quotes,
    non-breaking and repeated spaces, space before ``: ? !``, case."""
    text = unicodedata.normalize("NFKC", text or "").replace("\u2019", "'").replace(
        "\u2018", "'")
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"\s+([:?!;])", r"\1", text).casefold()


def decode(content: bytes) -> str:
    """The file as text, or ``ImportRejected`` asking for UTF-8."""
    if not content.strip():
        raise ImportRejected(_("Le fichier est vide."), [(0, _("aucune ligne"))])
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(content, cp_isolation=LEGACY).best()
    if best is not None:
        return str(best)
    raise ImportRejected(_("Encodage du fichier non reconnu : enregistrez-le en « CSV UTF-8 »."),
                         [(0, _("encodage"))])


def _parse(text: str, delimiter: str) -> list[list[str]]:
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise ImportRejected(_("Ce fichier n'est pas un CSV lisible."),
                             [(0, str(exc)[:200])]) from exc


def drop_stray_columns(rows: list[list[str]]) -> list[list[str]]:
    """Columns with an empty header and no value in any row (Excel's trailing separators)."""
    header = rows[0]
    stray = {i for i, h in enumerate(header) if not h.strip()
             and not any(i < len(r) and r[i].strip() for r in rows[1:])}
    if not stray:
        return rows
    return [[c for i, c in enumerate(r) if i not in stray] for r in rows]


def _header(text: str, sep: str) -> list[str]:
    try:
        return next(csv.reader(io.StringIO(text, newline=""), delimiter=sep), [])
    except csv.Error:
        return []


def read_rows(text: str, score=None) -> tuple[list[list[str]], str]:
    """Rows of the file and the separator used. ``score(header) -> int`` counts the header
    cells the caller recognises; the best-scoring separator wins."""
    unquoted = re.sub(r'"[^"]*"', "", text.split("\n", 1)[0])
    best, best_score = max(SEPARATORS, key=unquoted.count), 0
    for sep in SEPARATORS:
        points = score(_header(text, sep)) if score else 0
        if points > best_score:
            best, best_score = sep, points
    rows = _parse(text, best)
    return (drop_stray_columns(rows) if rows else rows), best


def shape_errors(rows: list[list[str]], spreadsheet: bool = False) -> list[tuple[int, str]]:
    """``(line, French message)`` for every data row whose width is not the header's
    (``rows[0]``); line numbers count the header as line 1. A row with no value at all is
    not an answer and is never counted. ``spreadsheet``: a shorter row is only its trailing
    empty cells left out, and a longer one is wrong only if a cell past the header holds a
    value. Source of the rule: RFC 4180 § 2.4 ("each line should contain the same number of
    fields throughout the file")."""
    width, errors = len(rows[0]) if rows else 0, []
    for line, row in enumerate(rows[1:], start=2):
        if len(row) == width or not any(cell.strip() for cell in row):
            continue
        if spreadsheet and not any(cell.strip() for cell in row[width:]):
            continue
        errors.append((line, _("%(n)s colonnes au lieu de %(w)s", n=len(row), w=width)))
    return errors


def check_shape(rows: list[list[str]], spreadsheet: bool = False) -> None:
    """``ImportRejected`` naming every row of the wrong width (``shape_errors``): nothing of
    the file is imported, as for a wrong value."""
    errors = shape_errors(rows, spreadsheet)
    if errors:
        raise ImportRejected(_("Aucune réponse n'a été importée : une ligne n'a pas autant de "
                               "colonnes que l'en-tête (ligne coupée, ou séparateur en trop "
                               "dans une valeur sans guillemets). Corrigez-la dans le "
                               "fichier, puis importez-le à nouveau."), errors)


def separator_name(sep: str) -> str:
    return _("tabulation") if sep == "\t" else f"« {sep} »"
