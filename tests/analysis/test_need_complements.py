"""A row names a need, never a verbal locution's noun nor a noun that needs its complement
(issue #13, tester t28coord).

The tester's words page (558 contributions of the demo territory and an ODK Central survey)
printed « Place 11 » (« Remettre en place un conseil citoyen », « Mettre en place un tiers
lieu »…), « Réseau 5 » (a partners' network and the « réseau de bus »), « Aire 5 »,
« Difficulté 5 », and drafts « Moins de 5 personnes proposent « place » ». The answers
below are theirs; each row is counted here by hand.
"""
from __future__ import annotations

import pandas as pd

from participation.analysis import drafts, said_groups

# (answer, the row it is in, by hand)
SAID = [
    ("Remettre en place un conseil citoyen", "conseil citoyen"),
    ("je veux participer au conseil citoyen", "conseil citoyen"),
    ("Mettre en place un tiers lieu", "tiers lieu"),
    ("Prendre en charge les jeunes le soir", "jeune"),
    ("Créer un réseau de partenaires: CSAPA, PMI, AFEJI, CPAM", "reseau de partenaire"),
    ("Créer un réseau de partenaire en lien avec la santé", "reseau de partenaire"),
    ("Un réseau de bus", "reseau de bus"),
    ("Manque un vrai réseau de bus gratuit comme à Dunkerque", "reseau de bus"),
    ("Besoin d'un vrai réseau de bus", "reseau de bus"),
    ("aire de jeux pour ados", "aire de jeu"),
    ("aire de jeux pour ados et les pelouses ne sont pas entretenues", "aire de jeu"),
    ("Créer une aire sportive, un city", "aire sportif"),
    ("Difficulté de contact avec le CCAS", "difficulte de contact"),
    ("Difficulté à trouver des stages", "difficulte a trouver"),
    # a noun one answer writes alone keeps every answer naming it: a doctor is a doctor
    ("un médecin", "medecin"),
    ("un médecin de famille", "medecin"),
]


def _table():
    return said_groups.question_table(pd.Series([text for text, _row in SAID]))


def test_each_answer_is_in_the_row_of_the_need_it_names():
    rows = _table()["groups"]
    found = {int(a): row.group for row in rows.itertuples() for a in row.answers}
    assert [found[p] for p in range(len(SAID))] == [row for _text, row in SAID]
    assert not {"place", "reseau", "aire", "difficulte", "charge"} & set(rows["group"])
    labels = dict(zip(rows["group"], rows["label"], strict=True))
    assert labels["reseau de bus"] == "Réseau de bus" and labels["aire de jeu"] == "Aire de jeux"
    assert labels["conseil citoyen"] == "Conseil citoyen"


def test_a_draft_never_proposes_a_locutions_noun():
    """Every answer a proposal from Pasteur-Foch, the minimum 2: the sentences name the
    needs (« conseil citoyen » 2, « réseau de bus » 3, « réseau de partenaires » 2, « aire
    de jeux » 2, « médecin » 2), none « place », « réseau », « aire » or « difficulté »."""
    frame = pd.DataFrame({"text": [text for text, _row in SAID], "kind": "proposition",
                          "author_role": "habitant", "quartier": "Pasteur-Foch"})
    draft = drafts.draft_takeaways(frame, min_count=2, top=10)
    assert draft["retenir"] == [
        "3 habitants sur 16 évoquent « réseau de bus ».",
        "2 habitants sur 16 évoquent « aire de jeux ».",
        "2 habitants sur 16 évoquent « conseil citoyen ».",
        "2 habitants sur 16 évoquent « médecin ».",
        "2 habitants sur 16 évoquent « réseau de partenaire ».",
    ]
