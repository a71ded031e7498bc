"""Challenge suggestions: explainable, and better after a coordinator's correction."""
from __future__ import annotations

import pandas as pd

from participation.analysis import suggest

CHALLENGES = pd.DataFrame([
    {"id": 2, "name": "Santé", "keywords": "médecin, pédiatre, soins, mission locale"},
    {"id": 14, "name": "Mobilité", "keywords": "bus, transport, navette"},
    {"id": 16, "name": "Participation citoyenne", "keywords": "conseil citoyen, réunion"},
])


def test_keywords_suggest_with_reasons_even_without_accents():
    kw = suggest.keyword_table(CHALLENGES)
    out = suggest.suggest(pd.Series(["pas assez de medecins et pas de bus le soir"]), kw)
    best = out.set_index("challenge_id")
    assert set(best.index) == {2, 14}
    assert best.loc[2, "keywords"] == ["médecin"]
    assert best.loc[14, "keywords"] == ["bus"]


def test_multi_word_keyword_needs_both_words():
    kw = suggest.keyword_table(CHALLENGES)
    out = suggest.suggest(pd.Series(["le conseil citoyen", "un conseil de classe"]), kw)
    assert out["doc"].tolist() == [0]
    assert out.iloc[0]["keywords"] == ["conseil citoyen"]


def test_a_correction_improves_the_next_suggestion():
    kw = suggest.keyword_table(CHALLENGES)
    new_text = pd.Series(["On l'a su par le bouche à oreille, personne ne prévient"])
    before = suggest.suggest(new_text, kw, suggest.learn(pd.DataFrame(
        columns=["doc", "text", "challenge_id"])))
    assert before.empty
    corrections = pd.DataFrame([
        {"doc": 1, "text": "j'ai appris la fête par le bouche à oreille", "challenge_id": 16},
        {"doc": 2, "text": "bouche à oreille seulement, pas d'affiche", "challenge_id": 16},
        {"doc": 3, "text": "le bus passe à côté de l'oreille", "challenge_id": 14},
    ])
    model = suggest.learn(corrections)
    after = suggest.suggest(new_text, kw, model)
    assert after.iloc[0]["challenge_id"] == 16
    assert "bouche oreille" in after.iloc[0]["learned"]
    # the two words learned together as a bigram of the texts (no table of phrases)
    weight = model.set_index(["feature", "challenge_id"]).loc[("bouche oreille", 16)]
    assert weight["support"] == 2 and round(weight["weight"], 2) == 0.67


def test_a_learned_word_must_tell_its_challenge_apart():
    """Issue #13: "présence" and "individuel" were learned and shown as what residents say
    about one challenge. Ten reviewed texts: Sécurité (3) 4, Propreté (4) 3, Emploi (10) 2,
    Mobilité (8) 1."""
    rows = [(1, "trafic de drogue le soir", 3), (2, "le trafic devant l'immeuble", 3),
            (3, "présence de dealers", 3), (4, "présence de guetteurs", 3),
            (5, "présence de rats", 4), (6, "les poubelles débordent", 4),
            (7, "des poubelles partout", 4), (8, "un suivi individuel", 10),
            (9, "un accompagnement individuel", 10), (10, "un transport individuel", 8)]
    tagged = pd.DataFrame(rows, columns=["doc", "text", "challenge_id"])
    learned = suggest.learn(tagged)
    # by hand: "trafic", 2 Sécurité texts and no other: 2 / 4 of Sécurité's texts against
    # (0 + 1) / (6 + 2) of the others, ratio 4 >= 2; weight 2 / (2 + 1). "poubelle": 2 / 3
    # against 1 / 9, ratio 6. "présence" (2 Sécurité, 1 Propreté) and "individuel" (2
    # Emploi, 1 Mobilité) are said for other challenges too: 3 texts of the challenge
    # needed. Words of one text ("dealers", "drogue") teach nothing
    found = {(r.feature, r.challenge_id, r.support): round(r.weight, 2)
             for r in learned.itertuples()}
    assert found == {("trafic", 3, 2): 0.67, ("poubelle", 4, 2): 0.67}
    # with a third Sécurité text saying it, "présence" tells Sécurité apart: 3 of the 4
    # texts saying it; 3 / 5 of Sécurité's texts against (1 + 1) / (6 + 2), ratio 2.4
    more = pd.concat([tagged, pd.DataFrame([(11, "présence de squatteurs", 3)],
                                           columns=tagged.columns)])
    again = suggest.learn(more).set_index(["feature", "challenge_id"])
    assert again.loc[("presence", 3), "support"] == 3
    assert round(again.loc[("presence", 3), "weight"], 2) == 0.6  # 3 / (4 + 1)
