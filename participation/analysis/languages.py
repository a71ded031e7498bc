"""Which answers are written in another language than French, as far as that is reliable.

Residents answer in Arabic, Turkish or English too (the product's languages, ``core.i18n``).
The analyses read French: an Arabic "نحتاج إلى طبيب" says "doctor", but no offline resource of
the product translates it reliably, so a count by French word cannot include it. What can be
told reliably is that an answer is in another language, so that a table says how many answers
it could not read (issue #13, item 5) instead of guessing:

- an answer whose letters are mostly of another script than Latin (Arabic, Cyrillic...);
- an answer in Latin letters with no French word at all (simplemma's French dictionary, as
  typed, without accents or with them given back: ``spelling.in_dictionary``) that
  simplemma's language detector (``simplemma.langdetect``, word lists shipped in its wheel)
  reads as Turkish at least half and more than English ("Doktor lazım mahallemize").

English is not told apart: residents write English words in French ("street workout", "fast
food", "city stade"), and an answer of such words has no French word either. Pure: no app.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

import simplemma

from participation.analysis import spelling
from participation.analysis import text as tx

MIN_SHARE = 0.5  # share of an answer's words simplemma finds in the Turkish word list


def _letters(text: str) -> tuple[int, int]:
    """(Latin letters, letters of other scripts) in ``text``."""
    latin = other = 0
    for ch in text:
        if ch.isalpha():
            if ch.isascii() or unicodedata.name(ch, "").startswith("LATIN"):
                latin += 1
            else:
                other += 1
    return latin, other


@lru_cache(maxsize=20_000)
def other_language(text: str | None) -> bool:
    """True when ``text`` (one answer) is reliably in another language than French (rules
    in the module's docstring); False for French, for an answer too short to tell, and for
    an empty one."""
    text = str(text or "")
    latin, other = _letters(text)
    if other > latin:
        return True
    words = [w.lower() for w in tx.WORD_RE.findall(text)]
    if not words or any(spelling.in_dictionary(w) for w in words):
        return False
    shares = dict(simplemma.langdetect(text, lang=("tr", "en", "fr")))
    return shares.get("tr", 0) >= MIN_SHARE and shares.get("tr", 0) > shares.get("en", 0)
