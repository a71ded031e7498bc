"""Accent- and case-insensitive text search, the same on SQLite and PostgreSQL and in Python.

A person types "ecole" or "medecin" and expects "École", "médecin" (French keyboards on
phones, people in a hurry): every search box of the product compares ``fold(text)`` with
``fold(query)``, a substring test.

``fold``: "œ"/"æ"/"ß"/"þ" written "oe"/"ae"/"ss"/"th", accented Latin letters (Latin-1 and
Latin Extended-A: à â ä é è ê ë î ï ô ö ù û ü ÿ ç ñ ş ğ İ ... and their capitals) and the
letters NFKD does not decompose (``UNDECOMPOSED``: ı ø ł đ) as their plain lower-case
letter, Arabic written as people type it (``ARABIC``: the alef forms أ إ آ ٱ as ا, ta
marbuta ة as ه, alef maqsura ى as ي; ``ARABIC_DROPPED``: the short vowels and other
diacritics U+064B..U+0652, U+0670, and the tatweel ـ taken off: « فاطِمة » finds
« فاطمه », DPO tester t28res, defect 2; the usual normalisation of Arabic search
engines), then lower case (``str.lower``); other characters unchanged.

In SQL, ``folded(column)`` is the same function: on PostgreSQL
``lower(translate(replace(col...), FOLD_FROM, FOLD_TO))`` (accented capitals are in
``FOLD_FROM``, so even a database whose ``lower`` only knows ASCII folds them); on SQLite
the Python ``fold`` registered on every connection as ``pdq_fold``
(``core.database._on_connect``). No extension (``unaccent``) to install.
"""
from __future__ import annotations

import unicodedata

from sqlalchemy import func
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import String

LIGATURES = (("œ", "oe"), ("Œ", "oe"), ("æ", "ae"), ("Æ", "ae"), ("ß", "ss"), ("ẞ", "ss"),
             ("þ", "th"), ("Þ", "th"))
# Latin letters NFKD leaves whole (no accent to drop), with the plain letter people type
# for them on a French keyboard: Turkish dotless "ı" ("Yıldız" typed "Yildiz"),
# Scandinavian "ø", Polish "ł", Croatian/Vietnamese "đ", Maltese "ħ", Sami "ŧ".
UNDECOMPOSED = {"ı": "i", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d",
                "ħ": "h", "Ħ": "h", "ŧ": "t", "Ŧ": "t"}

# Arabic letters written in several ways for one name, and the marks people leave out
ARABIC = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي"}
ARABIC_DROPPED = "ـ" + "".join(chr(code) for code in range(0x064B, 0x0653)) + "\u0670"


def _plain_letters() -> tuple[str, str]:
    """Each accented Latin letter of U+00C0..U+017F with its plain lower-case letter, then
    the letters of ``UNDECOMPOSED`` and ``ARABIC``: ``(FOLD_FROM, FOLD_TO)``, one letter
    for one."""
    source, target = [], []
    for code in range(0xC0, 0x180):
        char = chr(code)
        base = unicodedata.normalize("NFKD", char)[0]
        if base != char and base.isascii() and base.isalpha():
            source.append(char)
            target.append(base.lower())
    return ("".join(source) + "".join(UNDECOMPOSED) + "".join(ARABIC),
            "".join(target) + "".join(UNDECOMPOSED.values()) + "".join(ARABIC.values()))


FOLD_FROM, FOLD_TO = _plain_letters()
_TABLE = str.maketrans(FOLD_FROM, FOLD_TO, ARABIC_DROPPED)


def fold(text: str | None) -> str:
    """"École du Médecin" -> "ecole du medecin"; None -> ""."""
    text = text or ""
    for ligature, plain in LIGATURES:
        text = text.replace(ligature, plain)
    return text.translate(_TABLE).lower()  # accents first: "İ" is "i", not "i̇"


class folded(FunctionElement):  # noqa: N801 (an SQL function, named as SQL names them)
    """``fold`` in SQL: ``folded(Contribution.text).contains(fold(q), autoescape=True)``."""

    type = String()
    inherit_cache = True
    name = "folded"


@compiles(folded, "postgresql")
def _folded_postgresql(element, compiler, **kw):
    text = element.clauses.clauses[0]
    for ligature, plain in LIGATURES:
        text = func.replace(text, ligature, plain)
    # characters of ``from`` beyond the length of ``to`` are deleted by translate()
    return compiler.process(func.lower(func.translate(text, FOLD_FROM + ARABIC_DROPPED,
                                                      FOLD_TO)), **kw)


@compiles(folded)
def _folded_sqlite(element, compiler, **kw):
    return compiler.process(func.pdq_fold(*element.clauses.clauses), **kw)


def contains_folded(column, query: str):
    """The SQL condition "``column`` contains ``query``", accents and case ignored."""
    return folded(column).contains(fold(query), autoescape=True)
