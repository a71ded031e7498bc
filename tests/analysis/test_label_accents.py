"""A group's label in the residents' most frequent spelling of its words (issue #13, item 3):
accents they write restored on a word typed without them, never a different word made of the
same letters."""
from participation.analysis import spelling


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
