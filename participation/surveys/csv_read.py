"""Reading an answers CSV whatever a spreadsheet did to it (Excel / LibreOffice round trips).

- Encoding: UTF-8 (with or without BOM), UTF-16 with BOM (Excel "Texte Unicode"), else the
  best of Windows-1252, Mac Roman and DOS 850 by charset-normalizer (French Excel on Windows,
  old Excel for Mac, DOS exports); a file that is none of them is refused.
- Separator: ``,`` ``;`` tab or ``|``, chosen as the one whose **header cells match the
  questionnaire** (labels, names, known export columns), quotes respected, so a label holding
  commas does not decide; when no header cell matches, the most frequent one outside quotes,
  and the refusal says which separator was assumed.
- Stray columns: columns with no header and no value (Excel's trailing ``;;;``) are dropped.
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


def separator_name(sep: str) -> str:
    return _("tabulation") if sep == "\t" else f"« {sep} »"
