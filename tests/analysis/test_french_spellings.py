"""The French words among a word's accented spellings, read from the index of simplemma's
dictionary (analysis/french_spellings.py), are those found by trying every spelling
(``text.spellings`` then ``text.known``, the way it was done before, 2026-11-30)."""
from __future__ import annotations

from simplemma.strategies.dictionaries import DEFAULT_DICTIONARY_FACTORY

from participation.analysis import text as tx
from participation.analysis.french_spellings import PLAIN, known_spellings


def _tried_one_by_one(word: str) -> list[str] | None:
    spellings = tx.spellings(word)
    return None if spellings is None else [s for s in spellings if tx.known(s)]


def test_same_words_in_the_same_order_as_trying_every_spelling():
    # every 1000th word of the dictionary (250 of its 250,000), without its accents
    # and as typed, in lower case: words with one known spelling, several, none, too many
    words = sorted(DEFAULT_DICTIONARY_FACTORY.get_dictionary("fr"))[::1000]
    plain = sorted({w.lower().translate(PLAIN) for w in words} | {w.lower() for w in words})
    assert len(plain) > 300
    differing = [w for w in plain if known_spellings(w) != _tried_one_by_one(w)]
    assert differing == []


def test_residents_words_typed_without_accents():
    # read in the dictionary by hand: the words a resident types on a phone
    assert known_spellings("generaliste") == ["généraliste"]
    assert known_spellings("creche") == ["crèche"]
    assert known_spellings("agees") == ["âgées"]
    assert known_spellings("marche") == ["marche", "marché"]  # a walk and a market
    assert known_spellings("cote") == ["cote", "coté", "côte", "côté"]
    assert known_spellings("eleve") == ["élevé", "élève"]  # itertools.product's order
    assert known_spellings("bonjour") == ["bonjour"]
    assert known_spellings("xqzt") == []


def test_a_word_with_accents_or_too_many_spellings_as_before():
    # a letter typed with its accent keeps it; a combining accent is tried letter by letter
    assert known_spellings("créche") == [] == _tried_one_by_one("créche")
    assert known_spellings("e\u0301cole") == _tried_one_by_one("e\u0301cole")
    assert known_spellings("e" * 6) is None  # 5 ** 6 = 15,625 spellings > MAX_SPELLINGS
    assert known_spellings("video-surveillance") == _tried_one_by_one("video-surveillance")
