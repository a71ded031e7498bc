"""A draft's parts come from the contributions' kinds (issue #13, deliverable 4).

A fresh coordinator found a group of proposals ("Implanter des abris de bus…", "Réaliser
une étude…") among the draft's points faibles because one of its answers had been filed as a
constat. Each group is said in the one part of the kind most of its members carry
(``drafts.sides``): points forts from atouts, points faibles from manquements (constats,
défis), pistes from propositions; its count is its row's in the table the page prints
(``said_rows``).
"""
from __future__ import annotations

import pandas as pd

from participation.analysis import drafts


def _row(text, kind):
    return {"text": text, "kind": kind, "author_role": "habitant", "source_format": "enquete",
            "quartier": "Pasteur-Foch", "commune": "Hazebrouck", "year": 2024,
            "attribution_consent": False, "sex": None, "place_name": None, "age_band": None}


def _frame(rows):
    return pd.DataFrame(rows).assign(id=lambda f: range(1, len(f) + 1))


# 8 doctors (constats), 5 proposals of benches + the same filed as a constat, 6 buses
# (constats) + 1 proposal of a bus, 5 atouts: 26 residents in all.
ROWS = ([_row("un médecin", "constat")] * 8
        + [_row("Il faudrait des bancs", "proposition")] * 5
        + [_row("Il faudrait des bancs", "constat")]
        + [_row("Pas de bus le dimanche", "constat")] * 6
        + [_row("Pas de bus le dimanche", "proposition")]
        + [_row("Le jardin partagé est beau", "atout")] * 5)


def test_a_group_of_proposals_is_a_piste_never_a_point_faible():
    """Each row of what residents said (``said_rows``: each answer once, under the need it
    names first) is said in one part, with its count over the table's base (26: every
    answer names something)."""
    draft = drafts.draft_takeaways(_frame(ROWS), 5, top=1)
    # every answer from Pasteur-Foch: "surtout à Pasteur-Foch" would say nothing (t27coord)
    assert draft["retenir"] == ["8 habitants sur 26 évoquent « un médecin »."]
    # 6 of the bus row's 7 are manquements: a point faible, its count the row's 7
    assert draft["faibles"] == ["7 habitants sur 26 relèvent comme point faible « pas de bus "
                                "le dimanche »."]
    # 5 of the benches' 6 are proposals: a piste, not a point faible; all 6 write the same
    # sentence: it is named by the need it names (its noun phrase), not quoted whole
    assert draft["pistes"] == ["6 habitants sur 26 proposent « des bancs »."]
    assert draft["forts"] == ["5 habitants sur 26 citent comme point fort « le jardin "
                              "partagé »."]


def test_a_need_said_mostly_in_one_of_several_quartiers_says_where():
    """8 doctors in Pasteur-Foch and 2 in the Centre (8 of 10 >= 60 %, and 8 >= 5), the
    benches all in the Centre: where each need is said most."""
    centre = {"quartier": "Centre"}
    rows = ([_row("un médecin", "constat")] * 8 + [_row("un médecin", "constat") | centre] * 2
            + [_row("Il faudrait des bancs", "proposition") | centre] * 5)
    draft = drafts.draft_takeaways(_frame(rows), 5, top=1)
    assert draft["retenir"] == ["10 habitants sur 15 évoquent « un médecin », surtout à "
                                "Pasteur-Foch."]
    assert draft["pistes"] == ["5 habitants sur 15 proposent « des bancs », surtout à "
                               "Centre."]


def test_each_group_has_one_side_ties_to_the_lack():
    frame = _frame(ROWS + [_row("Plus de lumière la nuit", "constat")] * 2
                   + [_row("Plus de lumière la nuit", "proposition")] * 2
                   + [_row("Plus de lumière la nuit", "mobilisation")] * 3)
    groups = drafts.answer_groups(frame)
    side = drafts.sides(groups, frame["kind"])
    by_label = dict(zip(groups["label"].map(drafts.topic), groups["group"], strict=True))
    assert {label: side[key] for label, key in by_label.items()} == {
        "un médecin": "faibles", "des bancs": "pistes", "pas de bus le dimanche": "faibles",
        # "partagé" is the garden's epithet, no verb: the wording is kept as its clause
        # "le parc est beau" is (``labels._spoken``)
        "le jardin partagé est beau": "forts", "plus de lumière la nuit": "faibles"}
    only_partners = _frame([_row("La CAF tient une permanence", "mobilisation")] * 3)
    assert drafts.sides(drafts.answer_groups(only_partners), only_partners["kind"]) == {}


def test_a_part_of_needs_each_said_once_says_so_rather_than_nothing():
    """Tester t28coord: TH09's draft said « Rien pour l'instant » under points faibles and
    pistes with 6 constats and 8 propositions, each a need no other answer names. Here 6
    constats and 3 propositions, each its own need (each row of one answer, no sentence of
    its own): the points faibles say the 6 answers (6 >= 5), the pistes fewer than 5
    without their count; « retenir » reads both (9); no atout, nothing under points forts."""
    constats = ["le bruit la nuit", "une boulangerie", "des trottoirs défoncés",
                "la crèche ferme tôt", "un dentiste", "les ascenseurs en panne"]
    proposals = ["un composteur collectif", "des pistes cyclables", "un marché le samedi"]
    rows = [_row(t, "constat") for t in constats] + [_row(t, "proposition") for t in proposals]
    draft = drafts.draft_takeaways(_frame(rows), 5)
    assert draft["faibles"] == ["6 réponses, chacune sur un besoin qu’aucune autre ne nomme : "
                                "aucun n’est partagé par deux habitants."]
    assert draft["pistes"] == ["Moins de 5 réponses, chacune sur un besoin qu’aucune autre ne "
                               "nomme : aucun n’est partagé par deux habitants."]
    assert draft["retenir"] == ["9 réponses, chacune sur un besoin qu’aucune autre ne nomme : "
                                "aucun n’est partagé par deux habitants."]
    assert draft["forts"] == []
