"""Per-challenge summary: small groups hidden, quotes attributed only with consent."""
from __future__ import annotations

import pandas as pd

from participation.analysis import drafts, quoting, summary, years
from participation.core.smallcounts import SECONDARY, SHOWN, SMALL

ROLES = {"habitant": "Habitant", "partenaire": "Partenaire"}
LABELS = {"author_role": ROLES, "kind": {}, "source_format": {}}


def _row(text, kind="constat", role="habitant", fmt="enquete", quartier="Pasteur-Foch",
         year=2023, consent=False, sex=None, place=None, age=None):
    return {"text": text, "kind": kind, "author_role": role, "source_format": fmt,
            "quartier": quartier, "commune": "Hazebrouck", "year": year,
            "attribution_consent": consent, "sex": sex, "place_name": place, "age_band": age}


def _frame(rows):
    return pd.DataFrame(rows).assign(id=lambda f: range(1, len(f) + 1))


def test_breakdown_hides_groups_below_the_minimum():
    frame = _frame([_row("bus", fmt="enquete")] * 7 + [_row("bus", fmt="johari")] * 2
                   + [_row("bus", fmt="table_citoyenne")] * 2)
    out = summary.breakdown(frame, "source_format", 5)
    assert out["value"].tolist() == ["enquete", ""]
    # 4 people in small groups: hidden; the page says "11 contributions", so 11 - 7 would
    # give the 4 away: the 7 is hidden too (secondary suppression; it was shown before)
    assert out["count"].isna().tolist() == [True, True]
    assert out["state"].tolist() == [SECONDARY, SMALL]
    assert "moins de 5" in out["label"].iloc[1]


def test_breakdown_hides_a_second_count_only_when_the_first_could_be_recomputed():
    # by quartier, 30 contributions: A 12, B 9, C 6, D 3 (< 5, "autres"). Shown, 12 + 9 + 6
    # = 27 and 30 - 27 = 3: the smallest shown (C, 6) is hidden with it; then the hidden
    # ones add up to 9, which C (5 or more) and D (1 to 4) may split in 4 ways
    frame = _frame([_row("x", quartier="A")] * 12 + [_row("x", quartier="B")] * 9
                   + [_row("x", quartier="C")] * 6 + [_row("x", quartier="D")] * 3)
    out = summary.breakdown(frame, "quartier", 5)
    assert out["value"].tolist() == ["A", "B", "C", ""]
    assert out["count"].tolist() == [12, 9, None, None]
    assert out["state"].tolist() == [SHOWN, SHOWN, SECONDARY, SMALL]
    # two small groups folded into "autres" 6 (4 + 2): nothing small is left, all shown
    frame = _frame([_row("x", quartier="A")] * 12 + [_row("x", quartier="B")] * 4
                   + [_row("x", quartier="C")] * 2)
    out = summary.breakdown(frame, "quartier", 5)
    assert out["count"].tolist() == [12, 6] and out["state"].tolist() == [SHOWN, SHOWN]


def test_attribution_only_with_consent_in_the_contracts_way():
    frame = _frame([
        _row("x", consent=True, sex="f", place="résidence Foch", age="40-59 ans"),
        _row("y", consent=False, sex="f", place="résidence Foch", age="40-59 ans"),
        _row("z", consent=True, role="partenaire"),
    ])
    assert quoting.attribution(frame, ROLES).tolist() == [
        "Habitante — résidence Foch, 40-59 ans", "", "Partenaire"]


def test_quotes_are_typical_readable_and_attributed_only_with_consent():
    rows = [_row("Pas assez de médecins, il faut attendre des mois pour un rendez-vous",
                 consent=True, sex="f", place="cité Pasteur", age="25-39 ans"),
            _row("médecin"), _row("des medecins"), _row("un médecin traitant pour les enfants"),
            _row("Il n'y a pas de bus le dimanche pour aller au centre", consent=False),
            _row("bus")]
    quotes = quoting.representative_quotes(_frame(rows), ROLES, n=2)
    assert quotes["group"].tolist() == ["medecin", "bus"]
    assert quotes.iloc[0]["attribution"] == "Habitante — cité Pasteur, 25-39 ans"
    assert quotes.iloc[1]["text"].startswith("Il n'y a pas de bus")
    assert quotes.iloc[1]["attribution"] == ""


def test_summary_of_a_small_challenge_publishes_no_breakdown():
    frame = _frame([_row("bus")] * 3)
    out = summary.challenge_summary(frame, LABELS, min_count=5)
    assert out["total"] == 3 and not out["published"] and out["breakdowns"] == {}


def test_draft_and_two_years():
    rows = ([_row("pas de médecin", year=2023)] * 6 + [_row("des medecins", year=2024)] * 9
            + [_row("le parc est beau", kind="atout", year=2024)] * 5
            + [_row("plus de bus", kind="proposition", year=2024)] * 5)
    frame = _frame(rows)
    draft = drafts.draft_takeaways(frame, 5)
    # 15 of the 25 residents name the doctor first; all in Pasteur-Foch; the word written
    # most ("medecins", 9), with the accents a resident wrote ("médecin": issue #13)
    # (every answer from one quartier: no "surtout à", which would say nothing)
    assert draft["retenir"][0] == "15 habitants sur 25 évoquent « médecins »."
    # all 5 write the same sentence: named by its need, not quoted whole
    assert draft["forts"] == ["5 habitants sur 25 citent comme point fort « le parc »."]
    assert draft["faibles"] == []  # the doctors are already what to remember: not repeated
    # 2023: 6 doctors; 2024: 9 followed into 2023's group, named as 2023 published it
    assert years.evolution(frame, 5)["rows"].set_index("label").loc[
        "Pas de médecin", ["previous", "last"]].tolist() == [6, 9]


def test_three_columns_and_forces_faiblesses():
    frame = _frame([_row("Une navette vers la gare", kind="proposition"),
                    _row("Pas de bus le soir", kind="constat"),
                    _row("La CAF tient une permanence", kind="mobilisation", role="partenaire"),
                    _row("Le parc est beau", kind="atout")])
    cols = summary.three_columns(frame)
    assert cols == {"propositions": ["Une navette vers la gare"],
                    "manquements": ["Pas de bus le soir"],
                    "mobilisation": ["La CAF tient une permanence"]}
    ff = summary.forces_faiblesses(frame).iloc[0]
    assert ff["forces"] == ["Le parc est beau"] and ff["faiblesses"] == ["Pas de bus le soir"]


def test_partner_proposals_go_to_the_mobilisation_column():
    frame = _frame([_row("Créer une navette", kind="proposition", role="partenaire"),
                    _row("Une navette le dimanche", kind="proposition")])
    cols = summary.three_columns(frame)
    assert cols["propositions"] == ["Une navette le dimanche"]
    assert cols["mobilisation"] == ["Créer une navette"]


def test_draft_sentences_hide_small_counts_and_say_where():
    rows = ([_row("un médecin", quartier="Foch")] * 4 + [_row("un médecin", quartier="Gare")]
            + [_row("des bancs", role="partenaire", quartier=None)] * 2)
    draft = drafts.draft_takeaways(_frame(rows), 5)
    # 5 of the 5 residents: 4 in Foch is under the minimum, so no place; the 2 benches
    # are partners' words, not what residents said (``said_rows``)
    assert draft["retenir"] == ["5 habitants sur 5 évoquent « un médecin »."]
    rows += [_row("des bancs")] * 2  # two residents: no count under the minimum
    assert drafts.draft_takeaways(_frame(rows), 5)["retenir"] == [
        "5 habitants sur 7 évoquent « un médecin ».",
        "Moins de 5 personnes évoquent « des bancs »."]


def test_draft_quotes_are_real_and_signed_only_with_consent():
    long = ("Il n'y a plus de médecin traitant depuis que le docteur est parti à la retraite. "
            + "On attend des mois pour un rendez-vous et il faut prendre le bus jusqu'à "
            + "l'hôpital, ce qui est impossible pour les personnes âgées du quartier. " * 2)
    rows = ([_row(long, consent=True, sex="f", place="résidence Foch", age="40-59 ans")]
            + [_row("pas de medecin traitant")] * 3 + [_row("Le parc est beau et calme")] * 2)
    frame = _frame(rows)
    quotes = quoting.draft_quotes(frame, ROLES)
    assert 2 <= len(quotes) <= 3
    for quote in quotes:
        said = quote.split("« ", 1)[1].rsplit(" »", 1)[0]
        assert any(said in text for text in frame["text"])  # an exact substring
    unsigned = [q for q in quotes if not q.endswith(")")]
    assert unsigned == quotes or any("(Habitante — résidence Foch, 40-59 ans)" in q
                                     for q in quotes)
    excerpt = quoting.excerpt(long)  # too long: cut after its last sentence that fits
    assert excerpt in long and len(excerpt) <= 240 and excerpt.endswith("du quartier.")
    assert excerpt.count(". ") == 1  # two whole sentences


def test_a_quote_is_signed_only_with_consent():
    rows = ([_row("Pas de médecin traitant dans le quartier", consent=True, sex="f",
                  place="résidence Foch", age="40-59 ans")]
            + [_row("Pas de médecin traitant dans le quartier")] * 2)
    quotes = quoting.draft_quotes(_frame(rows), ROLES)
    assert quotes == ["« Pas de médecin traitant dans le quartier » "
                      "(Habitante — résidence Foch, 40-59 ans)"]
    assert quoting.draft_quotes(_frame(rows[1:]), ROLES) == [
        "« Pas de médecin traitant dans le quartier »"]


def test_draft_sentences_are_whole_sentences_never_fragments():
    """"Un médecin aussi" was given as what to remember: a group label goes inside a sentence
    with its count and base, its filler words dropped; weaknesses do not repeat it."""
    rows = ([_row("Un médecin aussi", quartier="Foch")] * 3
            + [_row("un médecin", quartier="Foch")] * 11
            + [_row("plus de bancs", kind="proposition", quartier="Gare")] * 6
            + [_row("le parc", kind="atout", quartier="Gare")] * 40)
    draft = drafts.draft_takeaways(_frame(rows), 5)
    assert draft["retenir"][0] == "14 habitants sur 60 évoquent « un médecin », surtout à Foch."
    assert all(line.endswith(".") and " sur 60 " in line for line in
               draft["retenir"] + draft["forts"])
    assert draft["faibles"] == []
    assert drafts.topic("Un médecin aussi !") == "un médecin"
    assert drafts.topic("MSA") == "MSA" and drafts.topic("CAF et CPAM") == "CAF et CPAM"


def test_draft_quotes_of_many_contributions_are_exact_substrings_signed_with_consent():
    texts = ["Il manque un médecin généraliste. Le dernier est parti en 2022 et personne ne "
             "l'a remplacé, on va aux urgences pour tout. " * 4,
             "pas de medecin", "Un pédiatre serait bien pour les petits du quartier",
             "des bancs devant l'école, les mamans attendent debout",
             "des bancs", "Le bus 12 ne passe plus le dimanche, on est coincés"]
    rows = [_row(t, consent=i % 2 == 0, sex="f", place="Foch", age="25-39 ans",
                 role="habitant" if i < 5 else "partenaire") for i, t in enumerate(texts)]
    frame = _frame(rows)
    quotes = quoting.draft_quotes(frame, ROLES)
    assert 2 <= len(quotes) <= 3
    for quote in quotes:
        said, _sep, signature = quote[2:].partition(" »")
        source = next(r for r in rows if said in r["text"])  # an exact substring
        assert (signature == " (Habitante — Foch, 25-39 ans)") == source["attribution_consent"]
        assert source["author_role"] == "habitant"  # residents are quoted when any spoke


def _two_years():
    """2022: 15 contributions, 2023: 20 (hand-counted below)."""
    return _frame([_row("un médecin", year=2022)] * 6 + [_row("pas de bus le dimanche",
                                                              year=2022)] * 4
                  + [_row("des cours de français", year=2022)] * 5
                  + [_row("un médecin", year=2023)] * 9
                  + [_row("pas de bus le dimanche", year=2023)] * 6
                  + [_row("un terrain de foot", year=2023)] * 5
                  + [_row("un médecin", year=2021)] * 3)  # a year under 5: not compared


def test_evolution_between_two_consultations_against_hand_counts():
    evo = years.evolution(_two_years(), 5)
    assert (evo["previous"], evo["last"], evo["bases"]) == (2022, 2023, {2022: 15, 2023: 20})
    rows = evo["rows"].assign(label=lambda f: f["label"].str.lower()).set_index("label")
    columns = ["previous", "previous_pct", "last", "last_pct", "change"]
    # doctors: 6 of 15 = 40 %, then 9 of 20 = 45 %: +5 points
    assert rows.loc["un médecin", columns].tolist() == [6, 40, 9, 45, 5]
    # buses: 4 in 2022 is under the minimum (hidden with its share), 6 of 20 = 30 %
    assert rows.loc["pas de bus le dimanche", columns].tolist() == [None, None, 6, 30, None]
    # nobody said a pitch in 2022, nor French lessons in 2023: 0 (0 %), published — a zero
    # singles nobody out (tester t27coord read "moins de 5" beside "Nouveau en")
    assert rows.loc["un terrain de foot", columns].tolist() == [0, 0, 5, 25, 25]
    assert rows.loc["des cours de français", columns].tolist() == [5, 33, 0, 0, -33]
    assert list(rows.index) == ["un médecin", "pas de bus le dimanche", "un terrain de foot",
                                "des cours de français"]  # biggest in 2023 first
    assert evo["new"] == ["un terrain de foot"]  # nobody in 2022, 5 in 2023
    assert evo["gone"] == ["des cours de français"]  # 5 in 2022, nobody in 2023
    assert years.evolution(_two_years().query("year != 2022"), 5) is None
