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
  trottoirs": "trottoir"), an adverb or a preposition ("devant", "partout": only nouns
  are read), a noun of time or place when another noun names the need ("le soir il n'y a
  pas de bus": the bus; ``need_words``), a word no French lexicon knows ("wallah"); a
  misspelt noun is the word other answers write right ("ascensseur" -> "ascenseur",
  ``spelling.misspelt_as``), else the lexicon's noun it misspells ("ascenceur" ->
  "ascenseur", ``need_words.dictionary_noun``). Without the tagger, the first content term
  (``text.terms``);
- a row is the answers naming the same need: its count is its answers, each answer in one
  row; a noun with an adjective too rare to be published on its own counts with the noun
  alone ("Médecin généraliste, il faut aller à Bailleul" with the five answers naming
  "médecin": tester t27coord);
- its label is what they all write: their common wording when every one writes it ("La
  proximité de l'école"), else their common noun phrase, else the need's words in the
  residents' most frequent correct spelling ("Marché" for "le marché du samedi" and "le
  marché"; "Ascenseur" for "ascensseur" and "l'ascenseur"; ``text.surface_forms``).

Pure (no database); the tagger is read once per process.
"""
from __future__ import annotations

from collections import Counter

import pandas as pd

from participation.analysis import (
    label_terms,
    need_complements,
    need_names,
    need_synonyms,
    need_words,
    nouns,
    said_words,
    spelling,
    textcache,
)
from participation.analysis import text as tx
from participation.analysis.learned_words import verbs
from participation.core import smallcounts
from participation.privacy.mentions import names_key

_NOT_WHAT = textcache.PerText()  # (known names' key, text) -> ``_not_what``

COLUMNS = ["group", "label", "word", "written", "count", "share", "verbatims", "answers", "near",
           "near_verbatims"]
NOMINAL = ("NOUN", "PROPN")
LOCUTION_LINKS = frozenset({"en", "a"})  # "mettre en place", "mettre à disposition" (folded)


def _nominal(words: tuple, i: int) -> bool:
    """``words[i]`` (``nouns.tagged``) is a noun: tagged one, or an adjective right after a
    determiner and not before a noun ("les jeunes")."""
    pos = words[i][1]
    return pos == "NOUN" or (pos == "ADJ" and i > 0 and words[i - 1][1] == "DET" and not (
        i + 1 < len(words) and words[i + 1][1] in NOMINAL))


def _head(words: tuple, excluded: set[str]) -> int | None:
    """Index in ``words`` (``nouns.tagged``) of the first noun naming a need (``_nominal``):
    its lemma not ``excluded``, not a stop word nor a verb, not written with a capital after
    the text's first word (a name), a French word or a misspelt noun
    (``need_words.french_noun``: never "wallah") or the first of a compound of two nouns
    (``_compound``: "city stade"); never a noun of time or place
    (``need_words.says_when_or_where``: "le soir", "dimanche", "de l'autre côté"; "le soir
    il n'y a pas de bus" names the bus)."""
    for i, (word, _pos, _s, _e) in enumerate(words):
        lemma = tx.lemma(word.lower())
        if _nominal(words, i) and lemma not in excluded | tx.STOP_WORDS \
                and tx.fold(word) not in verbs() and len(lemma) > 1 \
                and not (i and word[:1].isupper() and not word.isupper()) \
                and (need_words.french_noun(word.lower()) or _compound(words, i)) \
                and not need_words.says_when_or_where(lemma) and not _locution(words, i):
            return i
    return None


def _locution(words: tuple, i: int) -> bool:
    """``words[i]`` (``nouns.tagged``) is the noun of a verbal locution: written without a
    determiner right after a verb and the preposition "en" or "à" ("mettre en place",
    "remettre en place", "faire en sorte", "prendre en charge", "mettre à disposition"):
    French joins a verb and such a bare noun into one verb (Grevisse, *Le bon usage*,
    "locutions verbales"), the noun names no object (tester t28coord: « Place 11 » from
    « Remettre en place un conseil citoyen », « Mettre en place un tiers lieu »)."""
    if i < 2 or words[i - 1][1] != "ADP" or tx.fold(words[i - 1][0]) not in LOCUTION_LINKS:
        return False
    return words[i - 2][1] in ("VERB", "AUX")


def _compound(words: tuple, i: int) -> bool:
    """``words[i]`` is followed right away by a French noun in lower case, no preposition
    between them: "city stade", "bus navette" (a noun naming the need with another)."""
    if i + 1 >= len(words):
        return False
    word, pos, _s, _e = words[i + 1]
    return pos == "NOUN" and word.islower() and need_words.french_noun(word)


def _second(words: tuple, head: int, content: set[str]) -> str | None:
    """The word of a need's key after its head noun ``words[head]``: the adjective written
    right after it ("centre social", "médecin généraliste"), or a noun written right after it
    without a preposition, a compound ("city stade"); not a noun of time or place ("marché
    dimanche"), not in capitals, one of the text's ``content`` terms."""
    if head + 1 >= len(words):
        return None
    word, pos, _s, _e = words[head + 1]
    lemma = tx.lemma(word.lower())
    if pos not in ("ADJ", "NOUN") or word.isupper() or len(word) <= 2 or lemma not in content:
        return None
    if pos == "NOUN" and (word[:1].isupper() or need_words.says_when_or_where(lemma)):
        return None
    return lemma


def _not_what(text: str) -> frozenset[str]:
    """Folded lemmas of the nouns ``text`` writes to say where or how, never what
    (``label_terms.naming_terms``' rules): the place a preposition of place introduces
    ("devant l'école il y a des dealers": the dealers), the noun of a prepositional locution
    ("grâce à", "à cause de") or of an adverb ("d'abord", ``need_words.in_adverbs``),
    "personne" as the negative pronoun ("personne ne répond"). Kept per text (and the
    known names its words are read without, ``names_key``): the analyses read every answer
    of a theme again after one new answer."""
    return _NOT_WHAT.get(names_key(), text, lambda t: frozenset(
        {tx.lemma(w) for w in tx.place_words(t) | label_terms.in_locutions(t)
         | need_words.in_adverbs(t)} | label_terms.negative_pronouns(t)))


def need_key(text: str, excluded: set[str], common: set[str] | frozenset = frozenset(),
             tagged_only: bool = False) -> str | None:
    """The need ``text`` names first, as folded lemmas joined by a space ("centre social",
    "securite", "jardin partage", "city stade"): its first noun (``_head``) and the adjective
    or noun written right after it (``_second``; one: "des espaces verts entretenus" is
    "espace vert", "un local jeunes ouvert le soir" is "local jeune"); a noun of ``common``
    (the territory's words said about every subject) only when no other noun names a need
    ("pas de place pour se garer le soir": "place"); without the tagger or a noun, its first
    content term not ``excluded``, nor a verb, a word of time or place, a word no French
    lexicon knows (``text.terms``, ``need_words``; none with ``tagged_only``); None when it
    has none."""
    words = nouns.tagged([text])[0]
    excluded = excluded | _not_what(text)
    head = None if not words else _head(words, excluded | set(common)) if common else None
    head = _head(words, excluded) if words and head is None else head
    if head is None and tagged_only:
        return None
    if head is None:
        terms = [t for t in tx.terms(text) if t not in excluded and t not in verbs()
                 and need_words.french_noun(t) and not need_words.says_when_or_where(t)]
        return terms[0] if terms else None
    second = _second(words, head, set(tx.terms(text)) - excluded)
    return " ".join([tx.lemma(words[head][0].lower()), *([second] if second else [])])


def _corrected(keys: Counter) -> dict[str, str]:
    """Key -> the key it is, misspelt word by word ("ascensseur" -> "ascenseur"): each word of
    a key that is a misspelling (``spelling.misspelt_as``) of a word another key writes is
    that word (the nearest, ``spelling.nearest``); else, a word no answer writes right, the
    lexicon's noun it misspells (``need_words.dictionary_noun``: "ascenceur" ->
    "ascenseur")."""
    words = sorted({w for key in keys for w in key.split(" ")})

    def right(word: str) -> str:
        meant = [w for w in words if spelling.misspelt_as(word, w)]
        if meant:
            return spelling.nearest(word, meant)
        noun = need_words.dictionary_noun(word)
        return tx.lemma(noun) if noun else word

    return {key: " ".join(right(w) for w in key.split(" ")) for key in keys}


def joined_keys(sizes: dict[str, int], smallest: int,
                subject: frozenset[str] = frozenset()) -> dict[str, str]:
    """Key -> the row it is counted in, from each key's answers (``sizes``): a head noun and
    its adjective or compound ("medecin generaliste") too small to be published (fewer than
    ``smallest`` answers) in the row of its head noun alone ("medecin") when there is one:
    the section would otherwise print « Médecin 5 » and leave a sixth answer naming a doctor
    first among « Autres réponses » (tester t27coord). A row big enough keeps its own: its
    adjective may name another need ("centre social", "centre commercial"); so does a row
    whose head noun alone only restates the challenge (``restates``: "santé mentale" is a
    need of Santé, "santé" is not); every other key its own row."""
    def into(key: str) -> str:
        head = key.split(" ")[0]
        small = " " in key and sizes[key] < smallest
        return head if small and head in sizes and not restates(head, subject) else key

    return {key: into(key) for key in sizes}


def _joined(members: dict[str, list[int]], smallest: int,
            subject: frozenset[str] = frozenset()) -> dict[str, list[int]]:
    """``members`` (key -> answers) with the rows ``joined_keys`` joins put together."""
    rows = joined_keys({key: len(answers) for key, answers in members.items()}, smallest,
                       subject)
    joined: dict[str, list[int]] = {}
    for key, answers in members.items():
        joined[rows[key]] = sorted(joined.get(rows[key], []) + list(answers))
    return joined


def subject_terms(name: str) -> frozenset[str]:
    """The folded lemmas of the content words of a challenge's name (``text.terms``):
    "Santé" -> {"sante"}, "Accès aux droits" -> {"acce", "droit"}, "Cadre de vie" ->
    {"cadre", "vie"}. Read from the name itself, never from a list: a row of the
    challenge's page must name a need of it, not its name (issue #13, "readable
    everywhere"). Its keywords are not read: they are its needs ("médecin" in Santé)."""
    return frozenset(tx.terms(name or ""))


def restates(key: str, subject: frozenset[str]) -> bool:
    """True when every word of the need ``key`` (folded lemmas joined by a space) is a term
    of the challenge's name (``subject_terms``): "sante" on Santé, "mobilite" on Mobilité,
    "acce" on Accès aux droits; "sante mental" and "medecin" name needs."""
    words = set(key.split(" "))
    return bool(subject) and bool(words) and words <= subject


def shared_key(texts: list[str], excluded: set[str], common: set[str] | frozenset = frozenset(),
               tagged_only: bool = False) -> tuple[str | None, list[int]]:
    """(the need most of ``texts`` name first, the positions of those naming it): the head
    noun most of them name first (``need_key``: ``common`` their second choice; misspellings
    to their word, ``_corrected``), with its adjective or compound when more than half of
    those share it; the first said on a tie. (None, []) when no text names one."""
    keys = {p: need_key(t, excluded, common, tagged_only) for p, t in enumerate(texts)}
    right = _corrected(Counter(k for k in keys.values() if k))
    named = {p: right[k] for p, k in keys.items() if k}
    heads = Counter(k.split(" ")[0] for k in named.values())
    if not heads:
        return None, []
    head = max(heads, key=lambda h: (heads[h], -min(p for p, k in named.items()
                                                     if k.split(" ")[0] == h)))
    under = [p for p, k in named.items() if k.split(" ")[0] == head]
    full, n = Counter(named[p] for p in under if named[p] != head).most_common(1)[0] if any(
        named[p] != head for p in under) else (head, 0)
    key = full if 2 * n > len(under) else head
    return key, [p for p in under if named[p] == key or key == head]


def group_keys(frame: pd.DataFrame, by: str, excluded: set[str],
               common: set[str] | frozenset = frozenset()) -> dict:
    """``frame[by]`` value -> the need its segments name (``shared_key`` of
    ``frame["segment"]``, a noun the tagger reads; ``excluded``: folded names never a need,
    ``common``: terms one only when no other noun is), for the groups most of whose segments
    name it first, whatever their size (tester t27coord: « Dimanche » for « le marché du
    dimanche matin »; until 2026-11-30 a bigger group kept its telling term, the year on
    year then reading this grouping). Others: ``label_terms.telling_terms``."""
    nouns.tagged(frame["segment"].unique().tolist())  # one batch, then kept
    found = {}
    for g, part in frame.groupby(by):
        key, naming = shared_key(part["segment"].tolist(), excluded, common, True)
        if key and 2 * len(naming) > len(part):
            found[g] = key
    return found


def answer_keys(plain: list[str], counted: list[int], excluded: list[set[str]],
                common: frozenset[str], known: Counter | None = None) -> dict[int, str]:
    """Position -> its row's key: the need it names first (``need_key``, ``excluded[p]`` never
    one, ``common`` a second choice), read on the answer with its misspelt words written as
    the other answers and ``known``'s keys write them (``spelling.corrections``, the
    grouping's rule: tester t28coord's « medcin et pediatre » was tagged an adjective and
    counted under « pédiatre »),
    misspelt keys put right (``_corrected``, against these keys and ``known``: an earlier
    consultation's), a noun every answer writes with a complement keyed with it
    (``need_complements``: "aire de jeu"); its folded wording when it names none."""
    earlier = [w for key, n in (known or Counter()).items() for w in key.split(" ") * n]
    right = spelling.corrections([w.lower() for p in counted
                                  for w in tx.WORD_RE.findall(plain[p])] + earlier)
    written = {p: spelling.written_right(plain[p], right) for p in counted}
    nouns.tagged(list(dict.fromkeys(written.values())))  # one batch, then kept
    named = {p: need_key(written[p], excluded[p], common) for p in counted}
    right = _corrected(Counter(k for k in named.values() if k is not None) + (known or Counter()))
    members: dict[str, list[int]] = {}
    for p, k in named.items():
        if k is not None:
            members.setdefault(right[k], []).append(p)
    split = need_complements.split_by_complement(members, written)
    found = {p: key for key, answers in split.items() for p in answers}
    return {p: found.get(p) or need_names.wording(plain[p]) for p in named}


def _synonyms_joined(members: dict[str, list[int]], plain: list[str]) -> dict[str, list[int]]:
    """``members`` (key -> answers, positions in ``plain``) with the rows naming one need in
    other words joined (``need_synonyms.joined_synonyms`` of the needs as they write them,
    ``written_key``: « Docteur » in « Médecin », tester t28coord)."""
    names = {key: need_names.written_key(key, [plain[p] for p in answers])
             for key, answers in members.items()}
    return need_synonyms.joined_synonyms(members, names)


def need_rows(texts: pd.Series, skip=(), places: frozenset[str] = frozenset(),
              common: frozenset[str] = frozenset(),
              smallest: int | None = None,
              subject: frozenset[str] = frozenset()) -> pd.DataFrame:
    """The answers of ``texts`` (stripped, contacts masked) but ``skip`` (positions of answers
    expressing no need) as rows [group, label, word, written, count, share, verbatims,
    answers, near, near_verbatims] (``said_groups.COLUMNS``): one per need named first
    (``need_key``; ``places``: folded terms of the territory's names, ``common``: its terms
    said about every subject, a need only when no other noun is; ``subject``: the terms of
    the challenge's name, ``subject_terms``, a need only when no other noun is, an answer
    naming nothing else in no row, ``restates``), a row of a noun and
    its adjective smaller than ``smallest`` (the publication minimum: the app's
    ``ANALYSIS_MIN_COUNT``, ``core.smallcounts.min_count``, when None) in the row of its noun
    alone (``_joined``: « Médecin généraliste » with « Médecin »), ``count`` its answers
    (``answers``: positions, sorted; each answer in one row), ``share`` over the answers
    counted (every one but ``skip``), ``verbatims`` their distinct texts, most written first;
    ``near`` empty (no answer is left out of its row). Biggest first, ties by key."""
    skip = {int(s) for s in skip}
    plain = [str(t).strip() for t in texts.fillna("")]
    said = said_words.said_terms(pd.Series(plain, dtype=object), frozenset(places))
    counted = [p for p in range(len(plain)) if p not in skip]
    keys = answer_keys(plain, counted, [set(s.names) for s in said], frozenset(common) | subject)
    members: dict[str, list[int]] = {}
    for p in counted:
        members.setdefault(keys[p], []).append(p)
    smallest = smallcounts.min_count() if smallest is None else smallest
    members = {key: answers for key, answers in _joined(members, smallest, subject).items()
               if not restates(key, subject)}
    members = _synonyms_joined(members, plain)  # « docteur » in « Médecin »
    table = labelled_rows(plain, members, set(places) | set(common) | subject)
    found = pd.DataFrame(table, columns=COLUMNS).astype({"count": int})
    return found.sort_values(["count", "group"], ascending=[False, True]).reset_index(drop=True)


def labelled_rows(plain: list[str], members: dict[str, list[int]], excluded: set[str]) -> list:
    """The rows of ``need_rows`` (tuples in ``COLUMNS``' order) of ``members`` (key -> its
    answers, positions in ``plain``), labelled by ``label_of`` (``excluded``: never a need)
    in the residents' spelling, ``written`` the need's name (``need_name`` when every answer
    writes the same sentence, ``_a_sentence``; else the label), shares over every answer of
    ``members``."""
    counted = sorted(p for answers in members.values() for p in answers)
    right_words = spelling.corrections(
        w.lower() for p in counted for w in tx.WORD_RE.findall(plain[p]))
    every = [plain[p] for p in counted]
    best = spelling.their_spellings(every)  # once for every label, not once per row
    table = []
    for key, answers in members.items():
        texts_of = [plain[p] for p in answers]
        fixes = need_names.fixes(texts_of, key, right_words)
        label = need_names.spelt(need_names.label_of(key, texts_of, excluded), fixes, every, best)
        name = need_names.spelt(need_names.need_name(key, texts_of, excluded), fixes, every, best) \
            if need_names.a_sentence(texts_of) else label
        verbatims = [t for t, _n in Counter(texts_of).most_common()]
        table.append((key, label, key, name, len(answers), len(answers) / len(counted),
                      verbatims, sorted(answers), [], []))
    return table
