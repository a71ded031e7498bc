"""French words typed without their accents, written back with them for the labels shown.

Residents type on phones without accents ("generaliste", "personnes agees", "creche"). When
no resident wrote a word with its accents, a label still reads as French: the word is looked
up in simplemma's French dictionary (shipped inside the simplemma wheel, about 250,000 forms),
which only knows accented spellings. A word is given accents only when the typed form is not
a French word itself and exactly one accented spelling is ("generaliste" -> "généraliste";
"marche" stays, being a word; "cote" stays: "côte", "coté" and "côté" are all words).
"""
from __future__ import annotations

from functools import lru_cache
from itertools import product

from rapidfuzz import fuzz, process
from simplemma import is_known

from participation.analysis import text as tx

# Accented letters of French, per plain letter (Imprimerie nationale's alphabet).
ACCENTS = {"e": "eéèêë", "a": "aàâ", "i": "iîï", "o": "oô", "u": "uùûü", "c": "cç", "y": "yÿ"}
MAX_SPELLINGS = 5_000  # spellings tried per word at most (a long word is left as typed)
MIN_LENGTH = 4  # shorter words are mostly grammar ("du", "a", "ou"): left as typed
FUZZY_CUTOFF = 85.0  # rapidfuzz ratio from which a misspelt term is the known one
FUZZY_LENGTH = 5  # shorter terms are matched as typed only


def _spellings(word: str) -> list[str] | None:
    """Every spelling of ``word`` with accents on its letters, or None when too many."""
    options = [ACCENTS.get(letter, letter) for letter in word]
    count = 1
    for letters in options:
        count *= len(letters)
    if count > MAX_SPELLINGS:
        return None
    return ["".join(letters) for letters in product(*options)]


@lru_cache(maxsize=20_000)
def accented(word: str) -> str:
    """``word`` (lower case, at least ``MIN_LENGTH`` letters, no accent) with its accents when
    exactly one accented spelling is a French word and the word as typed is not; otherwise
    ``word`` unchanged."""
    if len(word) < MIN_LENGTH or not word.isalpha() or not word.islower() or word != word.encode(
            "ascii", "ignore").decode() or is_known(word, lang="fr"):
        return word
    spellings = _spellings(word)
    if spellings is None:
        return word
    known = [s for s in spellings if s != word and is_known(s, lang="fr")]
    return known[0] if len(known) == 1 else word


def accented_text(text: str) -> str:
    """Each lower-case word of ``text`` through ``accented`` ("personnes agees" -> "personnes
    âgées"); other characters kept."""
    return " ".join(accented(word) for word in text.split(" "))


def nearest_terms(text: str, vocabulary: list[str], known: dict[str, str]) -> list[str]:
    """Terms of ``text`` (``text.terms``), a misspelt one of at least ``FUZZY_LENGTH`` letters
    replaced by the nearest term of ``vocabulary`` when their rapidfuzz ratio reaches
    ``FUZZY_CUTOFF`` ("ascensseur" -> "ascenseur"); ``known`` caches the answer per term
    (updated in place)."""
    found = []
    for term in tx.terms(text):
        if term not in known:
            match = process.extractOne(term, vocabulary, scorer=fuzz.ratio,
                                       score_cutoff=FUZZY_CUTOFF) if len(
                term) >= FUZZY_LENGTH else None
            known[term] = match[0] if match else term
        found.append(known[term])
    return found
