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
