"""« Les mots qui reviennent »: the nouns and adjectives residents write most, and the
expressions they write whole, counted in answers (issue #13, deliverable 3).

Tester t27coord found the words page listing « devant », « partout » (a preposition and an
adverb), « semaine » (a word of time), « city » and « stade » apart (one thing, "city
stade") and « côté vit », a pair read across a comma ("de l'autre côté, on vit…"). So:

- a word that comes back is a noun, a name or an adjective of an answer (the tagger of ``nouns``),
  never a stop word, a verb (``learned_words.verbs``), a noun of time or place
  (``need_words.says_when_or_where``: "semaine", "soir", "côté") nor a word no French
  lexicon knows ("wallah"; ``need_words.french_noun``), but inside an expression ("city
  stade") or written with a capital (a name: "Foch");
- an expression is two such words written one right after the other, or joined by "de" or
  "à" ("aire de jeux"), inside one stretch of an answer between two punctuation marks, that
  at least two answers write and that holds at least half of the uses of one of its words
  ("city" is only ever written in "city stade"); it is counted whole, and such a word of it
  alone only in the answers writing it outside it ("réseau de bus" 6 beside "bus" 27: most
  answers write "bus" without "réseau");
- a misspelling counts with its word (``spelling.corrections`` against the same answers:
  "medcin" with "médecin"); a synonym is another word ("docteur" is not "médecin");
- each is written as residents write it most (``text.surface_forms``, accents given back:
  ``spelling.their_accents``).

Without the tagger every content term (``text.terms``) may come back. Pure: no app, no
database.
"""
from __future__ import annotations

import unicodedata
from collections import Counter

import pandas as pd

from participation.analysis import need_words, nouns, spelling
from participation.analysis import text as tx
from participation.analysis.learned_words import verbs

CONTENT = ("NOUN", "ADJ", "PROPN")
JOINS = frozenset({"de", "d", "du", "des", "a", "au", "aux"})  # "aire de jeux", "aide aux devoirs"
EXPRESSION_SHARE = 0.5  # an expression holds at least this share of one of its words' uses


def _stretches(text: str) -> list[list[tuple[str, str]]]:
    """The stretches of ``text`` between punctuation marks, each a list of (word as written,
    part of speech: "NOUN", "ADJ", "LINK" for a joining preposition, "" for any other
    word); without the tagger every word is "NOUN"."""
    words = nouns.tagged([text])[0] or tuple(
        (m.group(0), "NOUN" if m.group(0).isalpha() else "") for m in tx.WORD_RE.finditer(text))
    stretches: list[list[tuple[str, str]]] = [[]]
    for word, pos, *_ in words:
        if pos == "PUNCT" or not any(ch.isalnum() for ch in word):
            stretches.append([])
            continue
        folded = tx.fold(word).rstrip("'")
        stretches[-1].append((word, "LINK" if folded in JOINS else pos))
    return [s for s in stretches if s]


def _unread(word: str) -> bool:
    """Whether ``word`` is written in another script than the Latin one (Arabic...): the
    French tagger and lexicon cannot tell what it is, so it is read as a content word when
    it is not a stop word (``text.STOP_WORDS`` holds the Arabic ones): an Arabic answer's
    « طبيب » (doctor) comes back like « médecin »."""
    return any(ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN")
               for ch in word)


def _content(word: str, pos: str) -> bool:
    """Whether ``word`` may come back: a noun, a name or an adjective, not a stop word, a
    verb, a noun of time or place; a word of another script (``_unread``) when not a stop
    word."""
    lemma = tx.lemma(word.lower())
    if _unread(word):
        return len(lemma) > 1 and tx.fold(lemma) not in tx.STOP_WORDS
    return pos in CONTENT and len(lemma) > 1 and lemma not in tx.STOP_WORDS \
        and tx.fold(word.lower()) not in verbs() and not need_words.says_when_or_where(lemma)


def _known(word: str) -> bool:
    """Whether ``word`` (as written) may come back alone: a name (a capital) or a French
    word or misspelling (``need_words.french_noun``: never "wallah", nor "city" outside
    "city stade")."""
    return word[:1].isupper() or _unread(word) or need_words.french_noun(word.lower())


def _put_right(text: str, right: dict[str, str]) -> str:
    """``text`` with its misspelt words written right (``right``: lower-case word -> word),
    as the tagger reads it ("activitées sportives": a noun, not a participle)."""
    return tx.WORD_RE.sub(lambda m: right.get(m.group(0).lower(), m.group(0)), text)


def _units(text: str, right: dict[str, str]) -> tuple[list[str], list[tuple[str, str, str]]]:
    """(the content words of ``text`` (its misspellings put right with ``right``, a word or
    a lemma) that may come back alone (``_known``) as lemmas; its candidate expressions as
    (first lemma, second lemma, as written) of two content words next to each other or
    joined by one ``JOINS`` word, in one stretch)."""
    words, pairs = [], []
    stretches = _stretches(_put_right(text, right))
    for stretch in stretches:
        content = [(i, w) for i, (w, pos) in enumerate(stretch) if _content(w, pos)]
        lemmas = {i: right.get(tx.lemma(w.lower()), tx.lemma(w.lower())) for i, w in content}
        words += [lemmas[i] for i, w in content if _known(w)]
        for (i, _a), (j, _b) in zip(content, content[1:], strict=False):
            if j == i + 1 or j == i + 2 and stretch[i + 1][1] == "LINK":
                written = " ".join(w for w, _p in stretch[i:j + 1]).replace("' ", "'")
                opening = i == 0 and stretch is stretches[0]  # its capital says nothing
                pairs.append((lemmas[i], lemmas[j], written[:1].lower() + written[1:]
                              if opening and written[1:2].islower() else written))
    return words, pairs


def _expressions(units: list[tuple[list[str], list]], words: Counter) -> dict:
    """(first, second) lemmas -> their answers' count, for the expressions kept whole: said
    by at least two answers and by at least ``EXPRESSION_SHARE`` of the answers writing one
    of their words."""
    said = Counter(p for _w, pairs in units for p in {(a, b) for a, b, _s in pairs})
    return {p: n for p, n in said.items() if n >= 2 and n >= EXPRESSION_SHARE * min(
        words[p[0]], words[p[1]])}


def key_terms(texts: pd.Series, top: int = 20, with_bigrams: bool = True) -> pd.DataFrame:
    """The words that come back (see the module): DataFrame[term, count, label], ``term`` a
    folded lemma or two joined by a space, ``count`` the answers writing it (a word most of
    whose uses are inside an expression counted alone only outside it), ``label`` as
    residents write it; at most ``top`` rows, most written first, ties by term.
    ``with_bigrams``: expressions kept whole."""
    plain = texts.fillna("").astype(str).tolist()
    right = spelling.corrections(w.lower() for t in plain for w in tx.WORD_RE.findall(t))
    nouns.tagged(list(dict.fromkeys(_put_right(t, right) for t in plain)))  # one batch, kept
    # and lemmas misspelt as the grouping reads them ("activitee" -> "activite")
    right |= spelling.corrections(term for t in plain for term in tx.terms(t))
    units = [_units(t, right) for t in plain]
    words = Counter(w for ws, _p in units for w in set(ws))
    kept = _expressions(units, words) if with_bigrams else {}
    counts: Counter = Counter()
    written: dict[str, Counter] = {}
    for ws, pairs in units:
        inside = {(a, b): s for a, b, s in pairs if (a, b) in kept}
        for (a, b), form in inside.items():
            written.setdefault(f"{a} {b}", Counter())[form] += 1
        alone = set(ws) - {w for pair in inside for w in pair if ws.count(w) == 1
                           and kept[pair] >= EXPRESSION_SHARE * words[w]}
        counts.update({f"{a} {b}" for a, b in inside} | alone)
    frame = pd.DataFrame(list(counts.items()), columns=["term", "count"])
    frame = frame.sort_values(["count", "term"], ascending=[False, True]).head(top)
    forms = tx.surface_forms(pd.Series(plain, dtype=object))
    frame["label"] = [spelling.their_accents(written[t].most_common(1)[0][0], plain)
                      if t in written else forms.get(t, t) for t in frame["term"]]
    return frame.reset_index(drop=True)
