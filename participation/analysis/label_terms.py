"""Which words of a group's answers may name it: nouns that say what is needed, never where,
who or how (``grouping`` names its groups with them, ``labels`` words them).

A term may name a need when it is not a place or person's name (nor the word written just
before one: "résidence" of "résidence Foch"), not a French stop word, not a verb written as
an infinitive, not a preposition of place nor the place it introduces, not the noun of a
prepositional locution ("à cause de"). Among a group's such nouns, the one that tells it
apart is chosen as BERTopic names its topics (class-based TF-IDF, ``telling_terms``).
Pure: no app, no database.
"""
from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from participation.analysis import nouns
from participation.analysis import text as tx

COVERAGE = 0.5  # a label's noun is used by at least half as many segments as the group's most used
LINKS = frozenset({"de", "d", "du", "des"})  # "aire de jeux", "cours d'informatique"
LOCUTION_OPENERS = frozenset({"a", "au", "en"})  # "à cause de", "au lieu de", "en face de"
AFTER_LOCUTION = frozenset({"a", "au", "aux"})  # "grâce à", "face au", "suite aux"


def place_heads(segments: pd.Series, names: set[str]) -> set[str]:
    """Terms written just before a name: part of the place's name ("résidence" in "résidence
    Foch", "rue" in "rue Pasteur"), not a need."""
    heads = set()
    for seg in segments.unique():
        words = [tx.lemma(w) for w in tx.tokenize(seg)]  # "bancs à Pasteur": not a head
        heads |= {a for a, b in zip(words, words[1:], strict=False) if b in names}
    return heads


def naming_terms(segment: str, names: set[str]) -> list[str]:
    """The segment's terms that may name a need: not a name (``names``), not a French stop
    word (spaCy's list, folded: "devant", "souvent"), not a verb written as an infinitive
    (``learned_words.verbs``: no noun is spelt like it, "Étoffer l'offre", "développer"; a noun
    simplemma reads as a verb form, "des visites", "les stéréotypes", stays), not a
    preposition of place nor the place it introduces ("un ralentisseur devant la crèche":
    the crèche is where, not what; "faire face à"; "grâce à"), not a noun of time or place
    ("soir", "dimanche", "semaine": ``need_words.says_when_or_where``)."""
    from participation.analysis import learned_words, need_words  # tables read once

    tokens = tx.tokenize(segment)
    places = {tx.lemma(w) for w in tx.place_words(segment) | in_locutions(segment)}
    verbal = {tx.lemma(w) for w in tokens if tx.fold(w) in learned_words.verbs()}
    return [t for t in dict.fromkeys(tx.terms(segment)) if t not in names
            and t not in places | tx.LOCATIVES | verbal and t not in _stop_words()
            and not need_words.says_when_or_where(t)]


# Words that open a noun phrase ("une personne", "chaque personne", "une seule personne").
NOUN_OPENERS = frozenset("""la le l les un une des d cette ce chaque aucune toute ma ta sa
notre votre leur mes tes ses nos vos leurs quelle quelque certaines plusieurs""".split())


def negative_pronouns(segment: str) -> set[str]:
    """{"personne"} when the segment writes it as the negative pronoun ("Personne ne répond",
    "il n'y a personne le soir"): singular, no determiner in the two words before it
    (Grevisse, *Le bon usage*, § 754: the pronoun takes none; the noun does, "une personne",
    "une seule personne"; plural "personnes âgées"). Such a word says nobody, not a need."""
    tokens = [tx.fold(t) for t in tx.tokenize(segment)]
    return {"personne" for i, word in enumerate(tokens)
            if word == "personne" and not NOUN_OPENERS & set(tokens[max(0, i - 2):i])}


def in_locutions(segment: str) -> set[str]:
    """Nouns of the prepositional locutions of a segment: a word between "à", "au" or "en"
    and "de" ("à cause du quartier", "au niveau de l'école", "en bas des immeubles", "à
    destination des adultes"), or a word right after a content word and before "à", "au" or
    "aux" ("des jeunes grâce à un réseau", "la mairie face au parc"; not "l'aide aux
    devoirs", "d'accès aux soins", "aide aux devoirs" opening the segment, whose noun has its
    determiner or preposition): French grammar says how or where with them, not what."""
    tokens = [tx.fold(t) for t in tx.tokenize(segment)]
    triples = list(zip(tokens, tokens[1:], tokens[2:], strict=False))
    function = tx.DETERMINERS | LINKS | LOCUTION_OPENERS | tx.STOP_WORDS
    return {b for a, b, c in triples if a in LOCUTION_OPENERS and c in LINKS} | {
        b for a, b, c in triples if c in AFTER_LOCUTION and a not in function}


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    """spaCy's French stop words, folded. Read from their data file alone: importing
    ``spacy.lang.fr`` loads the whole language class (seconds)."""
    spec = importlib.util.find_spec("spacy")
    if spec is None or spec.origin is None:
        return frozenset()
    path = Path(spec.origin).parent / "lang" / "fr" / "stop_words.py"
    module = importlib.util.module_from_spec(
        importlib.util.spec_from_file_location("_fr_stop_words", path))
    module.__spec__.loader.exec_module(module)
    return frozenset(tx.fold(w) for w in module.STOP_WORDS)


def telling_terms(frame: pd.DataFrame, by: str, excluded: set[str],
                  common: frozenset[str] = frozenset()) -> dict:
    """``frame[by]`` value -> the noun that tells its group apart ("" when none): among the
    nouns used by at least ``COVERAGE`` of the most used one's share of the group's segments
    (what the group shares), the best share × log(1 + groups / groups using it) (class-based
    TF-IDF, as BERTopic names its topics), ties to the term used most, then alphabetically.
    ``frame``: [segment, by] rows, one per answer's segment; ``excluded``: folded names (see
    ``naming_terms``, the word written just before a name, ``place_heads``, and acronyms,
    ``nouns.acronyms``). A noun is a term ``nouns.noun_terms`` tags as one somewhere in the
    frame (every term without the tagger): never a verb ("développer") nor an adverb; never
    one of ``common``, the terms said about every challenge of the territory
    (``distinct.common_terms``: "habitant")."""
    segments = frame["segment"].unique().tolist()
    names = excluded | place_heads(frame["segment"], excluded) | nouns.acronyms(segments)
    found = nouns.noun_terms(segments)
    usable = {s: [t for t in naming_terms(s, names) if (found is None or t in found)
                  and t not in common] for s in segments}
    pairs = pd.DataFrame([(g, t) for g, s in zip(frame[by], frame["segment"], strict=True)
                          for t in usable[s]], columns=["g", "term"])
    if pairs.empty:
        return {}
    counts = pairs.value_counts(["g", "term"]).rename("n").reset_index()
    sizes = frame.groupby(by).size()
    spread = pairs.drop_duplicates().groupby("term").size()
    counts["share"] = counts["n"] / counts["g"].map(sizes)
    counts = counts[counts["share"] >= COVERAGE * counts.groupby("g")["share"].transform("max")]
    counts["score"] = counts["share"] * np.log1p(len(sizes) / counts["term"].map(spread))
    best = counts.sort_values(["score", "n", "term"], ascending=[False, False, True])
    return best.drop_duplicates("g").set_index("g")["term"].to_dict()
