"""Bounds on every uploaded file, checked before a parser sees it (finding 9, 19 of #17).

- ``check_zip(content)``: an ``.xlsx``/``.ods`` is a zip; its members' *uncompressed* sizes,
  read from the zip directory without inflating anything, must stay under
  ``ZIP_MAX_MEMBER`` / ``ZIP_MAX_TOTAL`` (a 300 KB file can hold a 300 MB cell);
- ``read_text(content, max_bytes)``: a text (CSV) upload as ``str``: refused when larger than
  ``max_bytes``, when it is a known binary format (PNG, JPEG, GIF, PDF, zip/xlsx, OLE2/xls) or
  holds NUL bytes (any other binary); UTF-16 (with a BOM, or without one when every other
  byte is NUL, as Excel's "Texte Unicode" writes it) is read; else UTF-8, else Windows-1252
  (French Excel's "CSV" on Windows).
Every refusal is an ``ImportRejected`` with a French message saying what to do.
"""
from __future__ import annotations

import zipfile
from io import BytesIO

from flask_babel import gettext as _

from participation.core.errors import ImportRejected

ZIP_MAX_MEMBER = 10 * 1024 * 1024   # bytes, one part of the workbook once inflated
ZIP_MAX_TOTAL = 30 * 1024 * 1024    # bytes, the whole workbook once inflated
TEXT_MAX_BYTES = 5 * 1024 * 1024    # bytes, a CSV upload
MAGIC = {
    b"\x89PNG": "PNG", b"\xff\xd8\xff": "JPEG", b"GIF8": "GIF", b"%PDF": "PDF",
    b"PK\x03\x04": "zip (.xlsx, .ods)", b"\xd0\xcf\x11\xe0": "Excel 97-2003 (.xls)",
}


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.0f}"


def check_zip(content: bytes) -> None:
    """Refuse a zip whose inflated members are too large (nothing is inflated here)."""
    try:
        with zipfile.ZipFile(BytesIO(content)) as archive:
            sizes = [(info.filename, info.file_size) for info in archive.infolist()]
    except zipfile.BadZipFile:
        return  # not a zip: the reader says what it is
    total = sum(size for _name, size in sizes)
    big = [(name, size) for name, size in sizes if size > ZIP_MAX_MEMBER]
    if big or total > ZIP_MAX_TOTAL:
        name, size = big[0] if big else ("", total)
        raise ImportRejected(
            _("Ce classeur est trop volumineux une fois décompressé (%(n)s Mo ; %(max)s Mo au "
              "plus) : gardez seulement les feuilles survey, choices et settings.",
              n=_mb(size), max=_mb(ZIP_MAX_MEMBER if big else ZIP_MAX_TOTAL)),
            [(0, name or _("classeur"))])


def _binary_kind(content: bytes) -> str | None:
    for magic, kind in MAGIC.items():
        if content.startswith(magic):
            return kind
    return None


def _utf16_without_bom(content: bytes) -> str | None:
    sample = content[:2000]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd > len(sample) // 4 and even == 0:
        return "utf-16-le"
    if even > len(sample) // 4 and odd == 0:
        return "utf-16-be"
    return None


def read_text(content: bytes, max_bytes: int = TEXT_MAX_BYTES) -> str:
    """A CSV upload as text, or ``ImportRejected`` naming the problem and the fix."""
    if len(content) > max_bytes:
        raise ImportRejected(_("Le fichier est trop volumineux (%(n)s Mo ; %(max)s Mo au plus).",
                               n=_mb(len(content)), max=_mb(max_bytes)), [(0, _("taille"))])
    kind = _binary_kind(content)
    if kind:
        raise ImportRejected(_("Ce fichier est un %(kind)s, pas un fichier CSV : enregistrez "
                               "la liste au format « CSV UTF-8 » depuis votre tableur.",
                               kind=kind), [(0, kind)])
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode(content, "utf-16")
    utf16 = _utf16_without_bom(content)
    if utf16:
        return _decode(content, utf16)
    if b"\x00" in content:
        raise ImportRejected(_("Ce fichier n'est pas un fichier texte : enregistrez la liste "
                               "au format « CSV UTF-8 » depuis votre tableur."),
                             [(0, _("contenu binaire"))])
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")


def _decode(content: bytes, encoding: str) -> str:
    try:
        return content.decode(encoding).lstrip("\ufeff")
    except UnicodeDecodeError as exc:
        raise ImportRejected(_("Ce fichier UTF-16 est abîmé : enregistrez la liste au format "
                               "« CSV UTF-8 » depuis votre tableur."), [(0, "UTF-16")]) from exc
