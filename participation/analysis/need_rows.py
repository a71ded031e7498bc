"""Rows of one free-text question: each answer counted once, under the need it names first.

A coordinator reads "La solidarité entre voisins 22" as twenty-two answers saying it, and a
table's rows as the answers shared out (issue #13, tester t26coord: 11 answers said it, 22
wrote "voisin"; "Soir 13" gathered safety, lighting and the young "le soir"; "Centre 13" the
town centre and the centre social; 24 of 80 answers to "Une idée pour améliorer le
quartier ?" were in no row). So:

- an answer's need is the **first noun phrase it writes** (French puts the head of a noun
  phrase first: "la sécurité le soir", "le marché du samedi", "ascenseur toujours en panne"):
  its first noun (the tagger of ``nouns``; an adjective right after a determiner with no noun
  after it is a noun: "pour les jeunes le soir") with the adjective written right after it
  ("centre social", "jardins partagés"); never a name (``said_words``' capitals, the
  territory's ``places``), a word every subject uses (``common``), a verb ("refaire les
  trottoirs": "trottoir"); a misspelt noun is the word other answers write right
  ("ascensseur" -> "ascenseur", ``spelling.misspelt_as``). Without the tagger, the first
  content term (``text.terms``);
- a row is the answers naming the same need: its count is its answers, each answer in one row;
- its label is what they all write: their common wording when every one writes it ("La
  proximité de l'école"), else their common noun phrase, else the need's words in the
  residents' most frequent correct spelling ("Marché" for "le marché du samedi" and "le
  marché"; "Ascenseur" for "ascensseur" and "l'ascenseur"; ``text.surface_forms``).

Pure (no database); the tagger is read once per process.
"""
from __future__ import annotations

from collections import Counter

import pandas as pd

from participation.analysis import nouns, said_words, spelling
from participation.analysis import text as tx
from participation.analysis.learned_words import verbs

COLUMNS = ["group", "label", "word", "written", "count", "share", "verbatims", "answers", "near",
           "near_verbatims"]
LONGEST_LABEL = 80  # characters: a longer common wording is named by its noun phrase
NOMINAL = ("NOUN", "PROPN")


def _head(words: tuple, excluded: set[str]) -> int | None:
    """Index in ``words`` (``nouns.tagged``) of the first noun naming a need: tagged a noun, or
    an adjective right after a determiner and not before a noun ("les jeunes"); its lemma
    not ``excluded``, not a stop word nor a verb, not written with a capital after the
    text's first word (a name)."""
    for i, (word, pos, _s, _e) in enumerate(words):
        nominal = pos == "NOUN" or (pos == "ADJ" and i and words[i - 1][1] == "DET" and not (
            i + 1 < len(words) and words[i + 1][1] in NOMINAL))
        lemma = tx.lemma(word.lower())
        if nominal and lemma not in excluded | tx.STOP_WORDS and tx.fold(word) not in verbs() \
                and not (i and word[:1].isupper() and not word.isupper()) and len(lemma) > 1:
            return i
    return None


def need_key(text: str, excluded: set[str]) -> str | None:
    """The need ``text`` names first, as folded lemmas joined by a space ("centre social",
    "securite", "jardin partage"): its first noun and the adjective written right after it
    (``_head``; one: "des espaces verts entretenus" is "espace vert", "un local jeunes
    ouvert le soir" is "local jeune"); without the tagger or a noun, its first content term
    not ``excluded`` nor a verb (``text.terms``); None when it has none."""
    words = nouns.tagged([text])[0]
    head = _head(words, excluded) if words else None
    if head is None:
        terms = [t for t in tx.terms(text) if t not in excluded and t not in verbs()]
        return terms[0] if terms else None
    key, content = [tx.lemma(words[head][0].lower())], set(tx.terms(text))
    if head + 1 < len(words):  # "centre social", not "activités pr (pour)"
        word, pos, _s, _e = words[head + 1]
        if pos == "ADJ" and not word.isupper() and len(word) > 2 \
                and tx.lemma(word.lower()) in content - excluded:
            key.append(tx.lemma(word.lower()))
    return " ".join(key)


def _corrected(keys: Counter) -> dict[str, str]:
    """Key -> the key it is, misspelt word by word ("ascensseur" -> "ascenseur"): each word of
    a key that is a misspelling (``spelling.misspelt_as``) of a word another key writes is
    that word (the nearest, ``spelling.nearest``)."""
    words = sorted({w for key in keys for w in key.split(" ")})

    def right(word: str) -> str:
        meant = [w for w in words if spelling.misspelt_as(word, w)]
        return spelling.nearest(word, meant) if meant else word

    return {key: " ".join(right(w) for w in key.split(" ")) for key in keys}


def _wording(text: str) -> str:
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
    l'école"), else their common noun
    phrase (``nouns.noun_phrase``), else the words of ``key`` in the residents' most frequent
    correct spelling (``text.surface_forms``, a French word over a misspelling: "Ascenseur";
    ``spelling.their_accents``), first letter in capitals."""
    common = Counter(t.strip() for t in texts)
    if len({_wording(t) for t in common}) == 1:
        best = _words_span(max(common, key=lambda t: (common[t], t)))
        if len(best) <= LONGEST_LABEL:
            return _capital(best)
    phrases = Counter(nouns.noun_phrase(t, excluded) for t in texts)
    if "" not in phrases and len({_wording(p) for p in phrases}) == 1:
        return _capital(max(phrases, key=lambda p: (phrases[p], p)))
    forms = tx.surface_forms(pd.Series(texts, dtype=object), set(key.split(" ")))
    words = " ".join(forms.get(w, w) for w in key.split(" "))
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


def need_rows(texts: pd.Series, skip=(), places: frozenset[str] = frozenset(),
              common: frozenset[str] = frozenset()) -> pd.DataFrame:
    """The answers of ``texts`` (stripped, contacts masked) but ``skip`` (positions of answers
    expressing no need) as rows [group, label, word, written, count, share, verbatims,
    answers, near, near_verbatims] (``said_groups.COLUMNS``): one per need named first
    (``need_key``; ``places``: folded terms of the territory's names, ``common``: its terms
    said about every subject, never a need), ``count`` its answers (``answers``: positions,
    sorted; each answer in one row), ``share`` over the answers counted (every one but
    ``skip``), ``verbatims`` their distinct texts, most written first; ``near`` empty (no
    answer is left out of its row). Biggest first, ties by key."""
    skip = {int(s) for s in skip}
    plain = [str(t).strip() for t in texts.fillna("")]
    said = said_words.said_terms(pd.Series(plain, dtype=object), frozenset(places))
    counted = [p for p in range(len(plain)) if p not in skip]
    nouns.tagged(list(dict.fromkeys(plain[p] for p in counted)))  # one batch, then kept
    keys: dict[int, str] = {}
    for p in counted:
        key = need_key(plain[p], set(said[p].names) | set(common))
        keys[p] = key if key is not None else _wording(plain[p])
    right = _corrected(Counter(keys.values()))
    members: dict[str, list[int]] = {}
    for p in counted:
        members.setdefault(right[keys[p]], []).append(p)
    table, right_words = [], spelling.corrections(
        w.lower() for p in counted for w in tx.WORD_RE.findall(plain[p]))
    every = [plain[p] for p in counted]
    best = spelling.their_spellings(every)  # once for every label, not once per row
    for key, answers in members.items():
        texts_of = [plain[p] for p in answers]
        label = spelt(label_of(key, texts_of, set(places) | set(common)), right_words,
                      every, best)
        verbatims = [t for t, _n in Counter(texts_of).most_common()]
        table.append((key, label, key, label, len(answers), len(answers) / len(counted),
                      verbatims, sorted(answers), [], []))
    found = pd.DataFrame(table, columns=COLUMNS).astype({"count": int})
    return found.sort_values(["count", "group"], ascending=[False, True]).reset_index(drop=True)
