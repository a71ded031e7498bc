"""Which answers are written in another language than French, as far as that is reliable.

Residents answer in Arabic, Turkish or English too (the product's languages, ``core.i18n``).
The analyses read French: an Arabic "نحتاج إلى طبيب" says "doctor", but no offline resource of
the product translates it reliably, so a count by French word cannot include it. What can be
told reliably is that an answer is in another language, so that a table says how many answers
it could not read (issue #13, item 5) instead of guessing:

- an answer whose letters are mostly of another script than Latin (Arabic, Cyrillic...);
- an answer in Latin letters whose words are Turkish, read word by word in simplemma's word
  lists (shipped in its wheel): at least half of its words are Turkish words, and more of
  them are Turkish only than French only, a word of the French dictionary
  (``spelling.in_dictionary``, as typed, without accents or with them given back) or of
  simplemma's French or English lists counting as French ("Doktor lazım mahallemize",
  "akşam otobüs yok": "yok" and "çok" are in the French dictionary too, "akşam" and "otobüs"
  are Turkish only). Measured on the 506 French answers of the evaluation set and the free
  texts of every fixture: no French answer read as Turkish; on the 28 Turkish answers of
  ``tests/analysis/data/other_languages.txt``: all read as Turkish (6 of 28 with the
  detector's shares and any French word vetoing, before 2026-11-30).

English is not told apart: residents write English words in French ("street workout", "fast
food", "city stade"), and an answer of such words has no French word either. Pure: no app.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

import simplemma

from participation.analysis import spelling, textcache
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
    if not words:
        return False
    turkish = [simplemma.is_known(w, lang="tr") for w in words]
    french = [_french(w) for w in words]
    turkish_only = sum(t and not f for t, f in zip(turkish, french, strict=True))
    french_only = sum(f and not t for t, f in zip(turkish, french, strict=True))
    return turkish_only > french_only and sum(turkish) >= MIN_SHARE * len(words)


@lru_cache(maxsize=20_000)
def _french(word: str) -> bool:
    """True when ``word`` (lower case) is a word of French, or of English as residents write
    it in French answers ("street workout"): the French dictionary or simplemma's lists."""
    return (spelling.in_dictionary(word) or simplemma.is_known(word, lang="fr")
            or simplemma.is_known(word, lang="en"))


# the answers (and their words) read are forgotten after an erasure (``core.forgetting``)
textcache.register(other_language.cache_clear)
textcache.register(_french.cache_clear)
