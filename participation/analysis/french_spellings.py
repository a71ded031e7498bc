"""The French words among a word's spellings with accents, read from an index of simplemma's
French dictionary instead of trying each spelling in turn (issue #13 item 6, speed).

``text.spellings("generaliste")`` lists 1,125 spellings (five ways to write each of its three
"e", three each for its "a" and "i"), up to ``text.MAX_SPELLINGS`` (5,000) for a longer
word; trying each one against the dictionary (``text.known``, about 15 µs) made a fresh web
worker's first analysis page do some 300,000 look-ups (3 s of CPU on the demo, measured
2026-11-30 with ``bench/section_bench.py --fresh``). The index maps each plain form (the
letters of ``text.ACCENTS`` written without their accent) to the dictionary's words that
carry at least one of those accents: about 100,000 words of its 250,000, built once per
process (about 0.5 s; at a web worker's start, ``tagging.load_resources``).

Same answers as trying every spelling: a spelling ``s`` of ``word`` has the plain form of
``word``, and ``text.known(s)`` holds exactly when the dictionary holds ``s`` or ``s``
capitalised (simplemma's look-up, no canonical folding for French), so every known spelling
with an accent is among the words the index gives for that plain form (each one checked
again with ``text.known``); the one spelling without any accent is tried directly.
``tests/analysis/test_french_spellings.py`` compares both ways on the dictionary's words.
"""
from __future__ import annotations

import unicodedata

from simplemma.strategies.dictionaries import DEFAULT_DICTIONARY_FACTORY

from participation.analysis import text as tx
from participation.core.runtime import loaded_once

LANGUAGE = "fr"
PLAIN = str.maketrans({accented: plain for plain, letters in tx.ACCENTS.items()
                       for accented in letters[1:]})


@loaded_once
def accented_words() -> dict[str, tuple[str, ...]]:
    """Plain form -> the dictionary's words (as keyed, and in lower case) that have it and
    carry at least one accent of ``text.ACCENTS``; read once per process."""
    index: dict[str, set[str]] = {}
    for word in DEFAULT_DICTIONARY_FACTORY.get_dictionary(LANGUAGE):
        for form in {word, word.lower()}:
            plain = form.translate(PLAIN)
            if plain != form:
                index.setdefault(plain, set()).add(form)
    return {plain: tuple(forms) for plain, forms in index.items()}


def known_spellings(word: str) -> list[str] | None:
    """``[s for s in text.spellings(word) if text.known(s)]``, same words in the same order
    (``itertools.product``'s, as ``text.spellings`` lists them), from the index; None when
    ``text.spellings(word)`` is None (more than ``text.MAX_SPELLINGS`` spellings)."""
    options = [tx.ACCENTS.get(letter, letter) for letter in word]
    count = 1
    for letters in options:
        count *= len(letters)
    if count > tx.MAX_SPELLINGS:
        return None
    if any(unicodedata.combining(ch) for ch in word):  # NFC could join letters: try them all
        return [s for s in tx.spellings(word) or () if tx.known(s)]
    plain = word.translate(PLAIN)
    found = [s for s in (plain, *accented_words().get(plain, ())) if len(s) == len(word)
             and all(ch in allowed for ch, allowed in zip(s, options, strict=True))
             and tx.known(s)]
    return sorted(found, key=lambda s: [allowed.index(ch)
                                        for ch, allowed in zip(s, options, strict=True)])
