"""The readable name of each group of answers, in the residents' own words (``grouping``).

A group is named by the wording most of its answers used, or else by its telling noun
(``label_terms.telling_terms``) with the word residents write beside it ("Personnes âgées"),
in their most frequent spelling and with the accents they typed (``spelling``), never by a
place or a person's name; a group sharing no word is named by its most central answer.
Groups whose names collide are told apart or merged (``told_apart``, ``distinct``).
Pure: no app, no database.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from participation.analysis import (
    distinct,
    label_terms,
    need_names,
    need_rows,
    need_words,
    nouns,
    semantic,
    sentences,
    spelling,
)
from participation.analysis import text as tx

# two words around a noun: "aire de jeux", and "aide aux devoirs", "bus à la demande"
SPAN_LINKS = label_terms.LINKS | {"à", "a", "au", "aux"}


def _label(segments: pd.Series, term: str, forms: dict[str, str], excluded: set[str],
           whole: pd.Series | None = None, common: frozenset[str] = frozenset()) -> str:
    """The group's name, a noun phrase in the residents' words (``_named``):

    - the wording said by at least two answers and half of the group, most often, as written
      most often, not in capitals ("Pas de bus le dimanche"; "Les voisins", never "LES
      VOISINS"), reduced to its noun phrase when it opens on a verb
      (``_spoken``: "Installer des caméras de vidéo-surveillance" -> "Des caméras de
      vidéo-surveillance");
    - otherwise ``term`` (``need_rows.group_keys``, the need a group of one names: "Marché"
      for "le marché du dimanche matin", "Ascenseur" for "l'ascenceur"; else its
      ``telling_terms`` noun) with the word written beside it (``_phrase``: "Personnes
      âgées", "Salle de boxe"), in the residents' spelling (``need_names.written_key``:
      "Médecin" rather than one answer's "Pas de medcin");
    - when no noun is said twice, the noun phrase of the segment nearest the others
      (``_central``), else, when the segments say nothing but names and acronyms, of the
      whole answer nearest the others (``whole``: the group's answers; "CAF" of "Suppression
      des permanences CPAM, CAF" -> "Suppression des permanences"), or what residents lack
      ("Rien à faire": ``text.lack``), else that segment itself.

    A wording or phrase whose terms are all ``common`` (said about every challenge: "Les
    habitants") never names the group.
    """
    wording = segments.str.strip().str.rstrip("!. ")
    best, said_by = _most_said(wording)
    said = _spoken(best, excluded)
    if said_by < max(2, len(segments) / 2) or tx.fold(best) in excluded or not said \
            or set(tx.terms(said)) <= common:
        head, said = term.split(" ")[0], _need_phrase(segments, term, excluded)
        if not term or len(segments) > 2 and sum(head in tx.terms(s) for s in segments) < 2:
            central = _central(wording)  # no word said twice: the answers nearest the others
            named = whole is not None and not any(
                set(tx.terms(s)) - excluded - nouns.acronyms([s]) for s in segments)
            around = central + _central(whole.str.strip()) if named else central
            phrases = [p for p in (_named(w, excluded) for w in around)
                       if p and not set(tx.terms(p)) <= common]
            said = phrases[0] if phrases else said or central[0]
    said = spelling.their_accents(said, segments if whole is None else [*segments, *whole])
    return said[:1].upper() + said[1:]


def _need_phrase(segments: pd.Series, term: str, excluded: set[str]) -> str:
    """``term`` (a folded lemma, or a noun and its adjective) as the segments write it: with
    the words written beside a one-word term (``_phrase``), else its words in the residents'
    spelling (``need_names.written_key``); "" without a term."""
    if not term:
        return ""
    phrase = _phrase(segments, term, excluded) if " " not in term else ""
    return spelling.accented_text(phrase) if phrase else need_names.written_key(
        term, list(segments))


def _most_said(wording: pd.Series) -> tuple[str, int]:
    """(the wording said most often, case aside, as it is written most often and not in
    capitals when it is also written otherwise: "les voisins" twice beats "LES VOISINS";
    how many segments said it). ``wording``: the group's segments, stripped."""
    lowered = wording.str.lower()
    counts = lowered.value_counts()
    variants = wording[lowered == counts.index[0]]
    best = min(variants, key=lambda w: (w.isupper(), -int((variants == w).sum())))
    return best, int(counts.iloc[0])


def _spoken(wording: str, excluded: set[str]) -> str:
    """A wording said by many as written ("pas de bus le dimanche", "le parc est beau"),
    unless it opens on a verb ("Installer des caméras de vidéo-surveillance", a proposal),
    holds a verb (a clause: "beaucoup ne prennent plus de nouveau patient", "se fait sentir
    sur le quartier"; "est" is an auxiliary) or has no noun ("pas assez fréquents", a
    fragment): then its noun phrase (``_named``)."""
    words = nouns.tagged([wording])[0]
    opening = next((pos for _w, pos, _s, _e in words if pos != "PUNCT"), "")
    has_noun = any(pos == nouns.NOUN for _w, pos, _s, _e in words)
    has_verb = any(pos == "VERB" for _w, pos, _s, _e in words)  # a clause, not a name
    return wording if has_noun and opening not in ("VERB", "AUX") and not has_verb else \
        _named(wording, excluded)


def _named(wording: str, excluded: set[str]) -> str:
    """The noun phrase of a wording (``nouns.noun_phrase``), names, places, acronyms and the
    nouns of prepositional locutions (``label_terms.in_locutions``: "à cause de") never its
    noun, as written (a draft quotes it: "14 habitants évoquent « un médecin »"); the wording
    itself without the tagger, or when its noun is the negative pronoun "personne" (a
    complaint, "Personne ne répond à la mairie", never named "Personne":
    ``label_terms.negative_pronouns``)."""
    if not nouns.available():
        return wording
    locutions = {tx.lemma(w) for w in label_terms.in_locutions(wording)}
    phrase = nouns.noun_phrase(wording, excluded | locutions | nouns.acronyms([wording]))
    if phrase and tx.fold(phrase) in label_terms.negative_pronouns(wording):
        return wording
    return phrase or tx.lack(wording)


def _central(wording: pd.Series) -> list[str]:
    """The distinct wordings, the nearest all the others of the group on average first
    (sentence meaning, or word vectors without the sentence package), the shortest on a
    tie."""
    unique = sorted(wording.unique(), key=lambda w: (len(w), w))
    near = (sentences.similarity(unique) if sentences.available()
            else semantic.soft_overlap(unique, unique)).sum(axis=1)
    return [unique[i] for i in np.argsort(-near, kind="stable")]


def _spans(tokens: list[str], term: str) -> list[tuple[str, ...]]:
    """Two-word spans around each token whose lemma is ``term``: with the word just before or
    just after it, "de" or "à" allowed between ("personnes âgées", "aire de jeux", "aide aux
    devoirs"), as written."""
    lemmas = [tx.lemma(t) for t in tokens]
    found = []
    for i, lem in enumerate(lemmas):
        if lem != term:
            continue
        after = tokens[i + 1:i + 3] if i + 1 < len(tokens) and tokens[i + 1] in SPAN_LINKS \
            else []
        found += [tuple(tokens[i:i + 2])] if i + 1 < len(tokens) else []
        found += [tuple(tokens[i:i + 3])] if len(after) == 2 else []
        found += [tuple(tokens[i - 1:i + 1])] if i else []
    return found


def _phrase(segments: pd.Series, term: str, excluded: set[str]) -> str:
    """The two words around ``term`` that at least two segments (the one, when one uses it:
    "une salle de boxe") and half of those using it write together, in their most frequent
    spelling ("personnes agees"); "" when none. A span with a stop word
    (``text.STOP_WORDS``), a name or a noun of time or place (``need_words``: "marché du
    dimanche") at either end is not a phrase ("les bancs", "bancs Foch")."""
    spans, users = {}, 0
    for segment in segments:
        tokens = tx.tokenize(segment)
        found = _spans(tokens, term)
        users += bool(found) or term in (tx.lemma(t) for t in tokens)
        for span in dict.fromkeys(found):
            ends = (tx.lemma(span[0]), tx.lemma(span[-1]))
            if not set(ends) & (tx.STOP_WORDS | excluded) \
                    and not any(map(need_words.says_when_or_where, ends)):
                key = tuple(tx.lemma(t) for t in span)
                spans.setdefault(key, []).append(span)
    common = [(len(v), k) for k, v in spans.items() if len(v) >= max(min(2, users), users / 2)]
    if not common:
        return ""
    written = pd.Series([" ".join(s) for s in spans[max(common)[1]]]).value_counts()
    return written.index[0].replace("d ", "d'")


def group_labels(assigned: pd.DataFrame, answers: pd.Series,
                 names: frozenset[str] = frozenset(),
                 common: frozenset[str] = frozenset()) -> pd.Series:
    """group -> readable label, from ``assign_groups(answers, names, common)`` (see
    ``_label``); two groups may share one (``told_apart`` tells them apart)."""
    forms = tx.surface_forms(answers)
    excluded = set(names) | tx.proper_names(answers)
    heads = excluded | label_terms.place_heads(assigned["segment"], excluded)
    terms = label_terms.telling_terms(assigned, "group", excluded, common) | need_rows.group_keys(
        assigned, "group", heads | nouns.acronyms(assigned["segment"].unique().tolist()),
        common)
    return pd.Series({key: _label(part["segment"], terms.get(key, ""), forms, excluded,
                                  answers.loc[part["answer"].unique()].astype(str), common)
                      for key, part in assigned.groupby("group")}, dtype=object)


def told_apart(assigned: pd.DataFrame, answers: pd.Series,
               names: frozenset[str] = frozenset(),
               common: frozenset[str] = frozenset()) -> tuple[pd.DataFrame, pd.Series]:
    """(assigned, labels): ``group_labels`` with no two groups alike
    (``distinct.distinct_labels`` on the groups' segments: "Mobilité (frein)"), and
    ``assigned`` with the groups nothing told apart merged into the biggest of their
    collision (their rows take its key)."""
    labels = group_labels(assigned, answers, names, common)
    if not distinct.collisions(labels.to_dict()):
        return assigned, labels
    sizes = assigned.drop_duplicates(["answer", "group"]).groupby("group").size()
    excluded = set(names) | tx.proper_names(answers) | set(common)
    found, merged = distinct.distinct_labels(
        assigned[["group", "segment"]].rename(columns={"segment": "text"}), labels.to_dict(),
        sizes.to_dict(), excluded, tx.surface_forms(answers))
    return assigned.assign(group=assigned["group"].replace(merged)), pd.Series(
        found, dtype=object)
