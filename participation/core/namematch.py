"""Tolerant matching of a person's name as typed against a name as stored.

A data-protection officer looking for a person's records (RGPD access and erasure,
/privacy/personne) or a facilitator looking for a name at the door (/events/<id>/checkin)
types the name as they heard it: "Fatma Benalli" or "Benaly Fatima" for "Fatima Benali",
"mehmet" or "yilmaz" for "Mehmet Yılmaz" (field test t25field, defects 1 and 3). A record
missed is an erasure that fails, so the match is tolerant:

- both sides are cut into words folded by ``core.textsearch.fold`` (accents, case, the
  Turkish dotless ı and İ, ø, ł...): "Mehmet Yılmaz" -> ["mehmet", "yilmaz"];
- the order of the words is free, and a single first name or surname is enough: the name
  typed matches when EVERY word typed matches SOME word stored (the same stored word may
  serve two typed words); "Fatma Yilmaz" does not find "Fatma Yıldız" nor "Ayşe Yılmaz";
  a compound name is found joined or apart, exactly ("Benali" / "Ben Ali");
- two words match when their Levenshtein distance (``rapidfuzz``) is at most
  ``max_edits`` of the word typed: 0 up to 3 letters ("ali" is not "alo"), 1 for 4 to 6
  letters ("fatma" / "fatima", "benaly" / "benali"), 2 from 7 letters ("benallii" /
  "benali" is 2). The thresholds are those of the t25field brief (a DPO misses no record
  for a letter heard wrong; a few homonyms more are shown, and told apart by the DPO).

The caller lists what matched with the name AS STORED: the person deciding sees "Fatima
Benali", never an erasure made on a fuzzy match without them ticking it.
"""
from __future__ import annotations

import re

from rapidfuzz.distance import Levenshtein

from participation.core.textsearch import fold

WORD = re.compile(r"[^\W_]+")  # "Jean-Pierre d'Almeida": jean, pierre, d, almeida
EXACT_UP_TO = 3  # letters: "ali" and "ben" are matched exactly
ONE_EDIT_UP_TO = 6  # letters: 4 to 6 allow one edit, longer words two


def name_words(text: str | None) -> list[str]:
    """The folded words of ``text``: "Yılmaz, Mehmet" -> ["yilmaz", "mehmet"]; [] for None."""
    return WORD.findall(fold(text))


def max_edits(length: int) -> int:
    """Edits allowed between two words whose shorter one has ``length`` letters: 0, 1 or 2."""
    if length <= EXACT_UP_TO:
        return 0
    return 1 if length <= ONE_EDIT_UP_TO else 2


def words_match(typed: str, stored: str) -> bool:
    """Whether two folded words are the same word up to ``max_edits(len(typed))`` typing
    errors (insertions, deletions, substitutions)."""
    limit = max_edits(len(typed))
    return Levenshtein.distance(typed, stored, score_cutoff=limit) <= limit


def name_found(typed: str | None, stored: str | None) -> bool:
    """Whether the name ``typed`` designates the text ``stored`` (a name, or a contact typed
    freely such as "Fatma Yıldız 0699887766"): every typed word matches some stored word
    (``words_match``) or is exactly two neighbouring stored words written together
    ("benali" finds "Ben Ali"); two neighbouring typed words written together may stand for
    one stored word, exactly ("ben ali" finds "Benali", ``_variants``). Compounds are
    matched exactly: a long joined word would allow two edits and "fatmayilmaz" is within
    two of "fatmayildiz". False when nothing is typed or stored."""
    wanted, held = name_words(typed), name_words(stored)
    if not wanted or not held:
        return False
    pairs = {first + second for first, second in zip(held, held[1:], strict=False)}
    return any(all(word in pairs or any(words_match(word, other) for other in held)
                   for word in variant) for variant in _variants(wanted, set(held)))


def _variants(words: list[str], held: set[str]) -> list[list[str]]:
    """The typed words as typed, then with a pair of neighbours joined when the joined word
    is exactly a stored word."""
    joined = [[*words[:i], words[i] + words[i + 1], *words[i + 2:]]
              for i in range(len(words) - 1) if words[i] + words[i + 1] in held]
    return [words, *joined]


def word_pieces(word: str) -> list[str]:
    """``word`` cut into ``max_edits(len(word)) + 1`` contiguous pieces, of lengths as even as
    possible: "benali" -> ["ben", "ali"], "benallii" -> ["ben", "all", "ii"]. A stored word
    within that many edits of ``word`` holds one of them unchanged (pigeonhole: an edit
    alters at most one piece), so a database asked for texts containing one of the pieces
    of each word typed misses none that ``name_found`` would match."""
    count = max_edits(len(word)) + 1
    bounds = [round(len(word) * index / count) for index in range(count + 1)]
    return [word[start:end] for start, end in zip(bounds, bounds[1:], strict=False)
            if word[start:end]]

