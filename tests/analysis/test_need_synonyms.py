"""A need is counted whatever its spelling and its synonym (issue #13, tester t28coord).

The tester's Santé page printed « Médecin 8 — 20 % (sur 40) » and its draft « 8 habitants
sur 40 évoquent « médecin » », while « medcin et pediatre » (the tagger read the misspelt
« medcin » as an adjective, the row was « pédiatre »), « docteur » and « pas de docteur
depuis… » sat among « Autres réponses ». The case: the 38 distinct residents' answers of
that page (``data/sante_t28coord.txt``), counted by hand:

- naming a doctor first: « Pas de médecin traitant dans le quartier », « un médecin »,
  « Il manque un médecin », « pas assez de médecins », « On n'a plus de médecin depuis le
  départ du docteur », « trouver un médecin traitant c'est impossible », « Des médecins »,
  « Médecin !! » (the 8 the page had), « medcin et pediatre », « docteur », « pas de
  docteur depuis que le dr Lefebvre est parti a la retraite », « Pénurie de médecin
  traitant - … » (a shortage of doctors: « pénurie » is never written without its
  complement, ``need_complements``, and « pénurie de médecin » is a doctor's need): 12;
- the tester counted 12 with « un toubib » and without the « pénurie »: slang the sentence
  encoder does not put near « médecin » (``need_synonyms``: 0.52, below « pédiatre »,
  0.61), left in its own row;
- « نحتاج طبيب في الحي » (Arabic: "we need a doctor in the neighbourhood"): a translation
  is not counted as French (docs/analysis.md), in a row of its own.

Base: 38 answers, each expressing something (no « RAS »): 12 / 38 = 31.6 %, 32 %.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from participation.analysis import drafts, need_synonyms, said_groups, sentences
from participation.analysis.wording import DEFAULT_MIN_COUNT

DATA = Path(__file__).parent / "data" / "sante_t28coord.txt"
DOCTOR = {"Pas de médecin traitant dans le quartier", "un médecin", "Il manque un médecin",
          "pas assez de médecins", "On n'a plus de médecin depuis le départ du docteur",
          "trouver un médecin traitant c'est impossible", "Des médecins", "Médecin !!",
          "medcin et pediatre", "docteur",
          "pas de docteur depuis que le dr Lefebvre est parti a la retraite",
          "Pénurie de médecin traitant - beaucoup ne prennent plus de nouveau patient"}


def _answers() -> pd.Series:
    lines = DATA.read_text(encoding="utf-8").splitlines()
    return pd.Series([line for line in lines if line and not line.startswith("#")])


def _row(table: dict, label: str):
    rows = table["groups"]
    return rows[rows["label"] == label].sort_values("group").iloc[0]


def test_the_doctors_row_counts_misspellings_and_synonyms_with_its_base():
    answers = _answers()
    assert len(answers) == 38
    table = said_groups.question_table(answers)
    doctor = _row(table, "Médecin")
    # contacts and names are masked before reading: compare on the answers' positions
    assert {answers[a] for a in doctor["answers"]} == DOCTOR
    assert (doctor["count"], table["base"]) == (12, 38)
    assert round(100 * doctor["share"]) == 32  # 12 / 38 = 31.6 %
    said = {answers[a] for answers_ in table["groups"]["answers"] for a in answers_}
    assert said == set(answers)  # each answer in one row
    rows = table["groups"]
    assert "Un toubib" in set(rows["label"]) and "pediatre" not in set(rows["group"])


def test_the_draft_reads_the_same_count_over_the_same_base():
    answers = _answers()
    frame = pd.DataFrame({"text": answers, "kind": "constat", "author_role": "habitant",
                          "quartier": "Pasteur-Foch"})
    found = drafts.draft_takeaways(frame, min_count=DEFAULT_MIN_COUNT)
    assert found["retenir"][0] == "12 habitants sur 38 évoquent « médecin »."


def test_rows_of_other_needs_are_not_joined():
    """A dentist, a paediatrician, a pharmacy are other needs: the encoder puts them at
    0.48, 0.61 and 0.53 of « médecin », under ``SAME_NEED``."""
    members = {"medecin": [0, 1, 2], "docteur": [3], "dentiste": [4], "pediatre": [5],
               "pharmacie": [6, 7], "bus": [8]}
    names = {"medecin": "médecin", "docteur": "docteur", "dentiste": "dentiste",
             "pediatre": "pédiatre", "pharmacie": "pharmacie", "bus": "bus"}
    joined = need_synonyms.joined_synonyms(members, names)
    expected = {"medecin": [0, 1, 2, 3], "dentiste": [4], "pediatre": [5],
                "pharmacie": [6, 7], "bus": [8]}
    assert joined == (expected if sentences.available() else members)
