"""A group's label in the residents' most frequent spelling of its words (issue #13, item 3):
accents they write restored on a word typed without them, never a different word made of the
same letters."""
import pandas as pd

from participation.analysis import grouping, spelling
from participation.analysis import text as tx


def test_a_plain_word_is_not_turned_into_another_word():
    texts = ["une aide pour les devoirs", "l'aide au logement", "l'aide sociale", "j'ai aidé"]
    assert spelling.their_accents("Aide", texts) == "Aide"  # the noun, not "aidé"


def test_a_misspelling_takes_the_accents_a_resident_wrote():
    texts = ["la proprete des rues", "proprete", "la propreté du parc"]
    assert spelling.their_accents("La proprete", texts) == "La propreté"


def test_the_most_frequent_of_two_words_wins():
    texts = ["le marché du samedi", "un marché couvert", "la marche à pied"]
    assert spelling.their_accents("Marche", texts) == "Marché"
    texts = ["la marche à pied", "une marche nordique", "le marché"]
    assert spelling.their_accents("Marche", texts) == "Marche"


def test_a_word_nobody_wrote_gets_its_only_accented_spelling():
    assert spelling.their_accents("generaliste", ["un medecin"]) == "généraliste"


# 5 answers about elderly people, all one need: "âgées" typed without its circumflex 2 times
# ("agées"), without any accent 2 times ("agees"), right once.
ELDERLY = ["personnes agees isolees", "personnes agees", "les personnes agées",
           "personnes agées seules", "les personnes âgées"]


def test_a_spelling_that_drops_a_typed_accent_never_names_the_group():
    """The group's label takes the French word a resident typed ("âgées"), never a more
    frequent spelling that is no word and drops the circumflex ("agées", issue #13 item 3)."""
    groups = grouping.group_answers(pd.Series(ELDERLY))
    # by hand: the 5 answers say one need, on a base of 5 answers expressing one
    assert groups[["label", "count", "share"]].values.tolist() == [["Personnes âgées", 5, 1.0]]
    assert spelling.their_accents("Personnes agées", ELDERLY) == "Personnes âgées"
    assert spelling.their_accents("Personnes agees", ELDERLY) == "Personnes âgées"


def test_a_word_nobody_typed_right_keeps_the_accents_typed_and_gets_the_others():
    texts = ["personnes agées isolées", "les personnes agées", "personnes agées seules"]
    assert spelling.their_accents("Personnes agées", texts) == "Personnes âgées"
    assert spelling.completed("agées") == "âgées"  # the é typed kept, the â given back
    assert spelling.completed("agees") == "âgées"
    assert spelling.completed("créche") == "crèche"  # the accent typed turned the French way
    assert spelling.completed("côté") == "côté"  # a word as typed: left alone
    assert spelling.completed("médécin") == "médécin"  # no French word accents both e
    assert spelling.accented_text("personnes agées") == "personnes âgées"


def test_a_misplaced_accent_loses_to_the_word_in_the_group_and_the_words_that_come_back():
    """"médécin" typed 3 times, "médecin" twice: the label and "Les mots qui reviennent" say
    "médecin" (both spellings are read as the same word, 5 answers)."""
    answers = pd.Series(["un médécin", "pas de médécin", "médécin traitant", "un médecin",
                         "plus de médecin"])
    assert grouping.group_answers(answers)[["label", "count"]].values.tolist() == [
        ["Médecin", 5]]
    words = tx.key_terms(answers).set_index("term")
    assert (words.loc["medecin", "count"], words.loc["medecin", "label"]) == (5, "médecin")


def test_the_completed_words_of_answers_are_forgotten_after_an_erasure():
    """``completed`` keeps the words of answers it read: an erasure empties it, as every
    per-text cache (``core.forgetting``)."""
    from participation.core import forgetting

    assert spelling.completed("agées") == "âgées"
    assert spelling.completed.cache_info().currsize >= 1
    forgetting.forget_in_process()
    assert spelling.completed.cache_info().currsize == 0


def test_a_word_typed_without_some_of_its_accents_is_counted_with_it():
    """"Les mots qui reviennent" counts "agées", "agees" and "âgées" as one word, labelled in
    the French spelling (tester, 2026-11-30: "agées" 2 and "âgées" 3 printed as two words).
    By hand on ``ELDERLY``: all 5 answers write the word, all 5 inside the phrase, which is
    counted whole (tester t27coord: "city" and "stade" listed apart)."""
    words = tx.key_terms(pd.Series(ELDERLY)).set_index("term")
    assert "âgé" not in words.index
    assert (words.loc["personne âgé", "count"], words.loc["personne âgé", "label"]) == (
        5, "personnes âgées")
    assert not {"agee", "personne agee"} & set(words.index)
    assert tx.lemma("infirmieres") == "infirmier"  # a plain word without any accent, as before
