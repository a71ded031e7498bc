"""French free text as residents type it: normalisation, lemmas, groups of needs."""
from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from participation.analysis import grouping, label_terms, spelling
from participation.analysis import text as tx

FIXTURE = (Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "hazebrouck-2023"
           / "reponses-google-forms.csv")
if not FIXTURE.exists():  # a worktree lives one level deeper than the main checkout
    FIXTURE = Path("/work/shared/fixtures/hazebrouck-2023/reponses-google-forms.csv")


def test_fold_and_lemmas_make_spellings_meet_without_a_table_of_variants():
    assert tx.fold("Médecin, PÉDIATRE’s") == "medecin, pediatre's"
    assert tx.terms("des medecins") == tx.terms("Un médecin") == ["medecin"]
    assert tx.terms("un docteur") == ["docteur"]  # a synonym meets "médecin" by meaning only
    assert not hasattr(tx, "VARIANTS") and not hasattr(tx, "PHRASES")
    assert tx.terms("pediatre") == tx.terms("Pédiatres") == ["pediatre"]
    assert tx.terms("Des activités !!") == tx.terms("des activites") == ["activite"]


def test_misspellings_are_corrected_against_the_other_answers():
    words = ["medecin", "medecin", "medcin", "un", "asenseur", "ascenseur", "jamais", "assez",
             "faure", "deprimes", "hazebrouck"]
    # not French words, each near one the residents wrote; words simplemma does not list
    # ("jamais", "assez": stop words), names with a vector ("faure") and words that are French
    # with accents ("déprimés") stay as written; nothing near "hazebrouck"
    assert spelling.corrections(words) == {"medcin": "medecin", "asenseur": "ascenseur"}
    segments = grouping.segment_frame(pd.Series(["pas de medcin", "un médecin"]))
    assert segments["written"].tolist() == ["pas de médecin", "un médecin"]
    assert segments["segment"].tolist() == ["pas de medcin", "un médecin"]  # quotes as written


def test_stop_words_and_what_residents_lack():
    assert tx.terms("il y a rien pour les jeunes") == ["jeune"]
    # "rien à" + infinitive: the verb is what is lacking, a need; "rien" alone is none
    assert tx.terms("il n'y a rien à faire ici") == ["faire"]
    assert tx.terms("rien") == tx.terms("je ne sais pas") == []
    assert tx.terms("entretien des espaces verts") == ["entretien", "espace", "vert"]
    assert tx.segments("un coiffeur et des bancs, pas de banque ni d'épicerie") == [
        "un coiffeur", "des bancs", "pas de banque", "d'épicerie"]


def test_key_terms_count_texts_not_repetitions():
    texts = pd.Series(["Le bus le bus le bus", "pas de bus le dimanche", "un médecin"])
    top = tx.key_terms(texts, top=3)
    assert top.iloc[0].tolist()[:2] == ["bus", 2]
    # "dimanche" says when (tester t27coord: « semaine » listed), never a word that comes back
    assert set(tx.key_terms(texts, top=10)["term"]) == {"bus", "medecin"}


def test_doctor_wordings_count_as_one_need():
    answers = pd.Series(["un médecin", "Médecin, pédiatre", "pas assez de medecins",
                         "il y a rien pour les jeunes", "Rien pour les jeunes du quartier",
                         "rien", "je ne sais pas", "un docteur et un coiffeur"])
    groups = grouping.group_answers(answers)
    doctor = groups.set_index("group").loc["medecin"]
    assert doctor["count"] == 4  # answers 0, 1, 2 and 7: "docteur" is a doctor
    assert "Médecin, pédiatre" in doctor["verbatims"]
    assert groups.iloc[0]["group"] == "medecin"
    assert grouping.unanswered(answers) == 2


def test_misspellings_and_synonyms_meet_without_a_word_list():
    answers = pd.Series(["un médecin", "des medecins", "pas de medcin", "un toubib",
                         "des bancs", "un banc", "l'ascenseur en panne", "ascensseur cassé",
                         "rien"])
    groups = grouping.group_answers(answers).set_index("group")
    assert groups.loc["medecin", "count"] == 4
    assert groups.loc["banc", "count"] == 2 and groups.loc["banc", "label"] == "Banc"
    assert groups.loc["ascenseur", "count"] == 2
    assert len(groups) == 3 and groups["count"].sum() == 8
    assert not hasattr(grouping, "FAMILIES")  # no hand-written table of needs


@pytest.mark.skipif(not FIXTURE.exists(), reason="Hazebrouck fixture not available")
def test_hazebrouck_missing_services_give_the_contract_needs():
    with FIXTURE.open(encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    column = next(i for i, h in enumerate(rows[0]) if h.startswith("Que vous manque"))
    answers = pd.Series([r[column] for r in rows[1:]])
    groups = grouping.group_answers(answers, min_count=5).set_index("group")
    # The contract prints seven needs; its doctors' line ("Médecin, pédiatre") counts the 28
    # answers naming a doctor, a paediatrician or a "maison médicale" (counted by hand).
    assert groups.loc["medecin", "count"] == 28
    assert groups.loc["medecin", "label"] == "Médecin"
    assert 6 <= len(groups) <= 9
    assert groups["label"].str.len().max() <= 40
    assert grouping.unanswered(answers) == 5


def test_words_and_groups_read_as_residents_write_them():
    answers = pd.Series(["pas de medcin", "Un médecin", "plus de medecins", "medecin",
                         "Les bancs de la résidence Foch", "des bancs résidence Foch",
                         "Résidence Foch : éclairage", "La propreté", "proprete",
                         "proprete des halls", "Accès aux soins", "acces au medecin"])
    words = tx.key_terms(answers, top=8).set_index("term")["label"]
    assert words["medecin"] == "médecin" and words["proprete"] == "propreté"
    # "résidence Foch" written whole by the three answers writing "Foch" (tester t27coord)
    assert words["acce"] == "accès" and words["residence foch"] == "résidence Foch"
    groups = grouping.group_answers(answers).set_index("group")
    assert groups.loc["medecin", "label"] == "Médecin"  # no wording said twice: the word
    assert groups.loc["banc", "label"] == "Bancs"
    assert groups.loc["banc", "count"] == 3  # "Foch" is a place, "résidence" part of it
    assert "foch" not in groups.index and "residence" not in groups.index


def test_the_quartier_written_in_lower_case_never_names_a_need():
    frame = pd.DataFrame({"text": ["pasteur : des bancs", "bancs a pasteur",
                                   "pasteur bancs casses"],
                          "quartier": ["Pasteur-Foch"] * 3, "commune": ["Hazebrouck"] * 3})
    assert grouping.place_terms(frame) == {"pasteur-foch", "pasteur", "foch", "hazebrouck"}
    groups = grouping.group_answers(frame["text"], names=grouping.place_terms(frame))
    assert groups["label"].tolist() == ["Bancs"] and groups.iloc[0]["count"] == 3


def test_a_label_is_never_a_preposition_nor_the_place_it_introduces():
    answers = pd.Series(["devant l'école il y a des dealers", "devant l'école les dealers",
                         "devant le bâtiment des dealers"])
    groups = grouping.group_answers(answers)
    assert groups["label"].tolist() == ["Dealers"] and groups.iloc[0]["count"] == 3


def test_a_label_names_what_tells_its_group_apart():
    # "dimanche" is in every answer of both groups: the word telling each group apart names it
    rows = pd.DataFrame({"segment": ["le dimanche pas de bus", "dimanche : le bus",
                                     "le dimanche une pharmacie", "dimanche : la pharmacie",
                                     "le dimanche la pharmacie est fermée"],
                         "group": [1, 1, 2, 2, 2]})
    assert label_terms.telling_terms(rows, "group", set()) == {1: "bus", 2: "pharmacie"}
    # ... never a name: the territory's places, a word written before a name, capitals
    rows["segment"] = ["bus à Foch", "bus à Foch", "résidence Foch pharmacie",
                       "résidence Foch pharmacie", "pharmacie"]
    assert label_terms.telling_terms(rows, "group", {"foch", "bus"}) == {2: "pharmacie"}


def test_labels_read_as_french_when_residents_type_without_accents():
    assert [spelling.accented(w) for w in ("generaliste", "agees", "creche", "marche", "cote",
                                           "du", "bus")] == [
        "généraliste", "âgées", "crèche", "marche", "cote", "du", "bus"]
    # a phrase the residents write together names its group, in their words, accents given
    answers = pd.Series(["aider les personnes agees a faire leurs courses",
                         "l'isolement des personnes agees", "les personnes agees seules"])
    assert grouping.group_answers(answers)["label"].tolist() == ["Personnes âgées"]
    # a joined term ("aire_jeu") as written, not as the lemmas
    answers = pd.Series(["une aire de jeux pour les 3-6 ans", "une aire de jeu securisée",
                         "réparer l'aire de jeux"])
    assert grouping.group_answers(answers)["label"].tolist() == ["Aire de jeux"]


def test_a_group_sharing_no_word_is_named_by_its_most_central_answer():
    answers = pd.Series(["un lieu de convivialité", "un endroit pour discuter",
                         "un local pour se rencontrer"])
    groups = grouping.group_answers(answers)
    # the noun phrase of one of them, as written (no verb)
    assert len(groups) == 1 and groups.iloc[0]["label"] in {
        "Un lieu de convivialité", "Un endroit", "Un local"}


def test_a_market_and_a_walk_do_not_merge_when_both_are_said():
    # "marché" (a market) and "marche" (a walk) fold alike; both are French headwords, so
    # the accents stay in the market's term; words with one French spelling still meet typed
    # without accents ("medecin" -> "médecin"), "ménage" too ("ménagé" is a form of a verb)
    assert tx.terms("plus de marchés") == tx.terms("Le marché") == ["marché"]
    assert tx.terms("la marche") == tx.terms("des marches") == ["marche"]
    assert tx.terms("élèves") == ["élève"] and tx.terms("un élevé") == ["élevé"]
    assert tx.terms("côté") != tx.terms("côte")
    assert tx.terms("medecin") == tx.terms("médecins") == ["medecin"]
    assert tx.terms("menage") == tx.terms("le ménage") == ["menage"]
    assert tx.terms("à, où, déjà, là") == []  # stop words stay folded (and dropped)
    answers = pd.Series(["Le marché du jeudi", "un marché couvert", "plus de marchés",
                         "la marche nordique", "une marche pour la santé",
                         "des marches dans le parc", "un médecin", "medecin",
                         "des médecins"])
    words = tx.key_terms(answers, top=3).set_index("term")
    # by hand: 3 answers say the market, 3 the walk, 3 the doctor
    assert words["count"].to_dict() == {"marche": 3, "marché": 3, "medecin": 3}
    assert words["label"].to_dict() == {"marche": "marche", "marché": "marché",
                                        "medecin": "médecin"}
    groups = grouping.group_answers(answers)
    assert sorted((g.label, sorted(g.answers)) for g in groups.itertuples()) == [
        ("Marche", [3, 4, 5]), ("Marché", [0, 1, 2]), ("Médecin", [6, 7, 8])]


def test_a_cluster_split_again_reuses_the_word_evidence(monkeypatch):
    """Many answers of several challenges are clustered, then each big cluster again on its own
    (``SPLIT_ABOVE``): the word vectors' and the writing's part of the similarity depends on
    each pair alone, so it is computed once and sliced for the second pass (the 2,000-answer
    grouping took 4.4 s of CPU, 2.5 s since; the sentences' common component and the context
    are still computed among the cluster's members)."""
    from bench import analysis_quality as quality

    lexical, depths = [], []
    real_lexical, real_communities = grouping.lexical_similarity, grouping.communities

    def counted_lexical(keys):
        lexical.append(len(keys))
        return real_lexical(keys)

    def seen_communities(words, texts, depth=0):
        depths.append(depth)
        return real_communities(words, texts, depth)

    monkeypatch.setattr(grouping, "lexical_similarity", counted_lexical)
    monkeypatch.setattr(grouping, "communities", seen_communities)
    answers = quality.load("dev")["text"]
    assigned = grouping.assign_groups(answers)
    assert len(lexical) == 1 and lexical[0] == grouping.segment_frame(answers)["key"].nunique()
    assert max(depths) >= 1  # clusters were split again
    assert assigned["group"].nunique() > 20
