"""A draft's parts come from the contributions' kinds (issue #13, deliverable 4).

A fresh coordinator found a group of proposals ("Implanter des abris de bus…", "Réaliser
une étude…") among the draft's points faibles because one of its answers had been filed as a
constat. Each group is said in the one part of the kind most of its members carry
(``drafts.sides``): points forts from atouts, points faibles from manquements (constats,
défis), pistes from propositions; counted on its members of that kind.
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
    draft = drafts.draft_takeaways(_frame(ROWS), 5, top=1)
    assert draft["retenir"] == ["8 habitants sur 26 évoquent « un médecin », surtout à "
                                "Pasteur-Foch."]
    # 6 of the bus group's 7 are manquements: a point faible, counted on those 6
    assert draft["faibles"] == ["6 habitants sur 26 relèvent comme point faible « pas de bus "
                                "le dimanche », surtout à Pasteur-Foch."]
    # 5 of the benches' 6 are proposals: a piste (counted on the 5), not a point faible
    assert draft["pistes"] == ["5 habitants sur 26 proposent « des bancs », surtout à "
                               "Pasteur-Foch."]
    # a need's phrase is a noun phrase, never a clause nor a verb: "jardin partagé", "des
    # bancs" (not "jardin partagé est beau", "faudrait des bancs")
    assert draft["forts"] == ["5 habitants sur 26 citent comme point fort « jardin partagé », "
                              "surtout à Pasteur-Foch."]


def test_each_group_has_one_side_ties_to_the_lack():
    frame = _frame(ROWS + [_row("Plus de lumière la nuit", "constat")] * 2
                   + [_row("Plus de lumière la nuit", "proposition")] * 2
                   + [_row("Plus de lumière la nuit", "mobilisation")] * 3)
    groups = drafts.answer_groups(frame)
    side = drafts.sides(groups, frame["kind"])
    by_label = dict(zip(groups["label"].map(drafts.topic), groups["group"], strict=True))
    assert {label: side[key] for label, key in by_label.items()} == {
        "un médecin": "faibles", "des bancs": "pistes", "pas de bus le dimanche": "faibles",
        "le jardin": "forts", "plus de lumière la nuit": "faibles"}
    only_partners = _frame([_row("La CAF tient une permanence", "mobilisation")] * 3)
    assert drafts.sides(drafts.answer_groups(only_partners), only_partners["kind"]) == {}


def test_a_need_is_named_by_a_noun_phrase_never_a_verb_nor_a_clause():
    """``need_name`` widens a one-word label to the phrase residents write around it, which
    never opens on a verb ("faudrait des bancs", "installer des bancs") nor holds one as a
    clause ("jardin partagé est beau"); a participle may close it ("médecin traitant")."""
    assert drafts.need_name("Des bancs", ["Il faudrait des bancs"] * 5) == "des bancs"
    assert drafts.need_name("Des bancs", ["Installer des bancs"] * 5) == "des bancs"
    assert drafts.need_name("Médecin", ["pas de médecin traitant"] * 5) == "médecin traitant"
    assert drafts.need_name("Le jardin", ["Le jardin partagé est beau"] * 5) == "jardin partagé"
    assert drafts.need_name("devoirs", ["aide aux devoirs le soir"] * 5) == "aide aux devoirs"
