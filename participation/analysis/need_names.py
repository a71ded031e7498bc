"""The names of need rows (``need_rows``): what every answer of a row writes, or the need
they name in the residents' most frequent correct spelling.

- a row's label is the answers' common wording when every one writes it, from its first word
  to its last ("La proximité de l'école"), at most ``LONGEST_LABEL`` characters;
- else their common noun phrase when it writes the need's noun ("Le centre de PMI"), else the
  need's words in their most frequent correct spelling (``written_key``: "Ascenseur" for
  "ascensseur" and "l'ascenseur"; "Médecin généraliste");
- misspelt words are written right from the other answers or the lexicon (``fixes``,
  ``spelt``).

Pure (no database); the tagger is read once per process (``nouns``).
"""
from __future__ import annotations

import re
from collections import Counter

import pandas as pd

from participation.analysis import need_words, nouns, spelling
from participation.analysis import text as tx

LONGEST_LABEL = 80  # characters: a longer common wording is named by its noun phrase
ELIDED = re.compile(r"\b([dlDL]) (?=[aeiouyhàâéèêëîïôûAEIOUYHÉ])")


def wording(text: str) -> str:
    """``text`` folded, its punctuation and spaces reduced: two answers writing it alike."""
    return " ".join(tx.WORD_RE.findall(tx.fold(text)))


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _words_span(text: str) -> str:
    """``text`` from its first word to its last (``text.WORD_RE``): what every answer of a
    common wording writes, without the signs, numbers or brackets around it ("Pas de bus le
    dimanche (5)" and "(3)": "Pas de bus le dimanche")."""
    found = list(tx.WORD_RE.finditer(text))
    return text[found[0].start():found[-1].end()] if found else text.strip(" !?.;,")


def label_of(key: str, texts: list[str], excluded: set[str]) -> str:
    """What every text of a row (``texts``, its answers as written) writes: their common
    wording (the most written form from its first word to its last, "La proximité de
    l'école"), else the need's name (``need_name``), first letter in capitals."""
    common = Counter(t.strip() for t in texts)
    if len({wording(t) for t in common}) == 1:
        best = _words_span(max(common, key=lambda t: (common[t], t)))
        if len(best) <= LONGEST_LABEL:
            return _capital(best)
    return need_name(key, texts, excluded)


def a_sentence(texts: list[str]) -> bool:
    """True when every text of ``texts`` writes the same (``wording``) and it is a sentence,
    a verb in it (the tagger's VERB or AUX: "Il faudrait des bancs", "Le parc est beau"):
    their label is then a resident's whole answer, not the name of a need ("Pas de bus le
    dimanche" is one)."""
    if len({wording(t) for t in texts}) != 1:
        return False
    return any(pos in ("VERB", "AUX") for _w, pos, *_ in nouns.tagged([texts[0]])[0])


def need_name(key: str, texts: list[str], excluded: set[str]) -> str:
    """The need a row's ``texts`` name, as they write it: their common noun phrase
    (``nouns.noun_phrase``: "Le centre de PMI" for five "Le centre de PMI est très
    apprécié") when it writes the need's noun (never « Place » for « Mettre en place une
    action… », tester t28coord), else the words of ``key`` in the residents' most frequent
    correct spelling (``written_key``: "Ascenseur"), first letter in capitals. A draft names
    a row so when its label is the answers' whole common sentence (``a_sentence``;
    ``drafts``: a sentence
    quoting a resident's whole answer as the need repeated the row's quote, tester
    t27coord: « proposent « il faudrait des bancs » »)."""
    phrases = Counter(nouns.noun_phrase(t, excluded) for t in texts)
    if "" not in phrases and len({wording(p) for p in phrases}) == 1 \
            and key.split(" ")[0] in tx.terms(next(iter(phrases))):
        return _capital(max(phrases, key=lambda p: (phrases[p], p)))
    return written_key(key, texts)


def written_key(key: str, texts: list[str]) -> str:
    """The words of ``key`` (folded lemmas) in the residents' most frequent correct spelling
    in ``texts`` (``text.surface_forms``, accents as they type them or as the dictionary
    writes them, ``spelling.their_accents``; a misspelt word the lexicon's noun,
    ``fixes``), first letter in capitals: "Médecin généraliste", "Ascenseur"."""
    forms = tx.surface_forms(pd.Series(texts, dtype=object), set(key.split(" ")))
    fixed = fixes(texts, key, {})
    words = " ".join(forms.get(w, w) for w in key.split(" "))
    words = " ".join(fixed.get(w, w) for w in words.split(" "))
    # an elided word written apart by the key ("d accès") joined again: "d’accès"
    words = ELIDED.sub(lambda m: m.group(1) + "’", words)
    return _capital(spelling.their_accents(words, texts))


def spelt(label: str, right: dict[str, str], texts: list[str],
          best: dict[str, str] | None = None) -> str:
    """``label`` in the residents' correct spelling: a misspelt word written right by other
    answers corrected (``right``: ``spelling.corrections`` of the question's words,
    "ascensseur" -> "ascenseur"), accents given back as they type them or as the dictionary
    writes them (``spelling.their_accents``: "generaliste" -> "généraliste"; ``best``: the
    ``spelling.their_spellings`` of ``texts`` when the caller has it)."""
    def one(match) -> str:
        word = match.group(0)
        found = right.get(word.lower())
        return word if found is None else (_capital(found) if word[:1].isupper() else found)

    return spelling.their_accents(tx.WORD_RE.sub(one, label), texts, best)


def fixes(texts: list[str], key: str, right: dict[str, str]) -> dict[str, str]:
    """``right`` (misspelt word -> word, from the answers) with the misspelt words of
    ``texts`` whose lexicon noun (``need_words.dictionary_noun``) is a word of ``key``:
    "ascenceur" -> "ascenseur" when no answer writes it right."""
    words = set(key.split(" "))
    found = {w: need_words.dictionary_noun(w) for t in texts
             for w in tx.WORD_RE.findall(t.lower()) if w not in right}
    return right | {w: n for w, n in found.items() if n and tx.lemma(n) in words}
