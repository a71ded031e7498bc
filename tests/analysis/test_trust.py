"""The trust of the analyses and of the contract's section (issue #13, fresh tester's faults):
one rule of what is counted (validated tags only, suggestions apart), every kind counted so
kinds add up, the index and the review queue counting the same thing. Every figure below is
counted by hand on the nine contributions of ``_data``, with its base."""
from __future__ import annotations

from datetime import date

from participation.analysis import counts
from participation.contributions.services import record_contribution, retag
from participation.extensions import db
from tests import factories
from tests.reading import plain


def _data(territory, quartier):
    """Nine contributions about Santé (S2), each text unique:

    validated (counted): v1 constat manual, v2 constat origin "question", v3 proposition
    suggested then confirmed by a coordinator, v4 perception manual, v5 atout manual;
    unconfirmed suggestions (shown apart, counted nowhere): v6 constat, v7 proposition (typed
    in by a facilitator: still a suggestion); no tag: v8 (waits in the queue), v9 (reviewed:
    no challenge fits)."""
    health = factories.challenge(territory, "S2")
    boss = factories.user(territory, "coordinator")
    helper = factories.user(territory, "facilitator")
    rows = [("v1 pas de médecin le samedi", "constat", "manual", None),
            ("v2 la pharmacie ferme trop tôt", "constat", "question", None),
            ("v3 ouvrir une maison de santé", "proposition", "suggested", boss.id),
            ("v4 on se sent loin des soins", "perception", "manual", None),
            ("v5 le centre de PMI est très apprécié", "atout", "manual", None),
            ("v6 suggestion seule les urgences sont loin", "constat", "suggested", None),
            ("v7 suggestion seule un dentiste svp", "proposition", "suggested", helper.id)]
    made = {}
    for text, kind, origin, by in rows:
        made[text[:2]] = record_contribution(
            territory.id, text, kind=kind, origin=origin, challenge_ids=[health.id],
            quartier_id=quartier.id, source_format="enquete", said_on=date(2024, 6, 1),
            created_by_id=by)
    for tag in made["v3"].tags:  # accepted in the review queue: confirmed by a person
        tag.tagged_by_id = boss.id
    db.session.commit()
    made["v8"] = record_contribution(territory.id, "v8 rien à signaler ici",
                                     quartier_id=quartier.id)
    made["v9"] = record_contribution(territory.id, "v9 bonjour à tous", quartier_id=quartier.id)
    retag(made["v9"], [], boss.id)
    return health, made


def _row(page, name):
    row = page.html.find("a", string=lambda s: s and name in s).find_parent("tr")
    return [td.get_text(strip=True) for td in row.find_all("td")]


def test_only_validated_tags_are_counted_and_suggestions_shown_apart(
        territory, quartier, webapp, web_login, low_minimum):
    health, _made = _data(territory, quartier)
    web_login("coordinator")
    page = webapp.get("/analysis/")
    header = [th.get_text(strip=True) for th in page.html.find("thead").find_all("th")]
    # every kind present (perception from v4) and the main four, then the suggestions
    assert header == ["Enjeu", "Total", "Constat / manquement", "Proposition", "Atout",
                      "Perception", "Mobilisation partenaire", "Suggestion à vérifier"]
    # Santé, base = validated v1…v5 = 5: constat v1 v2 = 2, proposition v3 = 1, atout v5 = 1,
    # perception v4 = 1, mobilisation 0 (2+1+1+1+0 = 5); suggestions v6 v7 = 2 apart
    assert _row(page, "Santé") == ["5", "2", "1", "1", "1", "0", "2"]
    assert _row(page, "Socle") == ["5", "2", "1", "1", "1", "0", "2"]  # its pilier, same rows
    challenge = webapp.get(f"/analysis/challenge/{health.id}")
    text = plain(challenge.text)
    assert "5 contributions" in text
    assert "v6 suggestion seule" not in text and "v7 suggestion seule" not in text
    assert "2 contributions portent cet enjeu en suggestion à vérifier" in text
    section = webapp.get("/exports/section")
    theme = section.html.find(["h2", "h3"], string=lambda s: s and "S2 · Santé" in s)
    table = theme.find_next("table").get_text(" ", strip=True)
    # the three columns of S2: proposition v3, manquements v1 v2; never v6 v7 (suggestions)
    assert "v3 ouvrir une maison de santé" in table and "v1 pas de médecin" in table
    assert "v2 la pharmacie" in table
    assert "v6 suggestion seule" not in table and "v7 suggestion seule" not in table


def test_kinds_add_up_to_the_total_for_every_challenge(territory, quartier):
    _data(territory, quartier)
    raw = counts.count_rows(territory.id, territory.current_contract.id, dims=("kind",))
    totals, kinds = counts.totals(raw), counts.per_value(raw, "kind")
    assert totals  # Santé and its pilier at least
    for challenge_id, total in totals.items():
        assert sum(kinds[challenge_id].values()) == total


def test_index_and_review_queue_count_the_same_contributions(territory, quartier, webapp,
                                                            web_login):
    _data(territory, quartier)
    web_login("coordinator")
    # à vérifier: v6 and v7 (an unconfirmed suggestion only) and v8 (no tag) = 3; v9 was
    # reviewed (no challenge fits), v1…v5 have a validated challenge
    index = plain(webapp.get("/analysis/").text)
    queue = plain(webapp.get("/analysis/review").text)
    assert "3 contributions à vérifier" in index
    assert "3 contributions à vérifier" in queue
    assert counts.overview(territory.id)["pending"] == 3


def test_forces_and_faiblesses_table_one_row_per_quartier_and_theme(territory, quartier,
                                                                    webapp, web_login):
    _data(territory, quartier)
    health = factories.challenge(territory, "S2")
    for number in range(5):  # five more manquements: the cell keeps 3 quotes, says 4 others
        record_contribution(territory.id, f"manque numéro {number} de soins", kind="constat",
                            challenge_ids=[health.id], quartier_id=quartier.id)
    web_login("coordinator")
    page = webapp.get("/exports/section")
    table = page.html.find("caption", string=lambda s: s and "par quartier et par" in s)
    rows = [[td.get_text("\n", strip=True) for td in tr.find_all("td")]
            for tr in table.find_parent("table").find("tbody").find_all("tr")]
    # one row: Pasteur-Foch (Hazebrouck) × the theme of S2; force = v5 (atout, validated);
    # faiblesses = validated manquements v1, v2 and the five new ones = 7 distinct texts:
    # 3 quoted, 4 others ("quelques autres": 4 < 5); v6 (a suggestion), v8 (no challenge)
    # and v9 (reviewed: none fits) are never there
    assert len(rows) == 1
    place, theme, forces, faiblesses = rows[0]
    assert place == f"Pasteur-Foch ({quartier.communes[0].name})" and theme.startswith("S · ")
    assert plain(forces) == "« v5 le centre de PMI est très apprécié »"
    lines = plain(faiblesses).split("\n")
    assert lines[:2] == ["« v1 pas de médecin le samedi »", "« v2 la pharmacie ferme trop tôt »"]
    assert len(lines) == 4 and lines[3] == "… et quelques autres"
    assert "v6" not in page.text.split("Forces et faiblesses")[1].split("</table>")[0]


def test_a_draft_names_the_need_never_the_challenge_itself():
    """ "5 habitants sur 18 évoquent « éducation »" on the Éducation page said nothing: a row
    that only repeats the challenge's name is neither in the page's table nor in the draft.
    12 residents' answers: 2 name only "santé" (in no row: base 12 - 2 = 10), 4 "santé"
    then another need (enfants, santé mentale, aînés, travail: 1 each); "médecin" first in
    6: "médecin traitant" 4 (a need of its own, ``nouns._part_of_speech``, under 5: with
    "médecin") and "médecin" 2: « médecin » 6 of 10."""
    import pandas as pd

    from participation.analysis import drafts

    texts = (["la santé des enfants", "santé", "la santé mentale", "santé des aînés",
              "santé", "santé au travail"]
             + ["Pas de médecin traitant", "pas de médecin traitant ici", "un médecin traitant",
                "Il manque un médecin traitant", "médecin", "médecin le samedi"])
    frame = pd.DataFrame({"id": range(1, 13), "text": texts, "kind": "constat",
                          "author_role": "habitant", "quartier": "Pasteur-Foch"})
    draft = drafts.draft_takeaways(frame, 5, subject="Santé")
    assert draft["retenir"] == ["6 habitants sur 10 évoquent « médecin »."]
    assert drafts.is_subject("accès", "Accès aux droits")
    assert not drafts.is_subject("accès aux soins", "Accès aux droits")


def test_every_challenges_rows_at_once_match_one_by_one(territory, quartier):
    """``frames.challenge_members`` (one walk of the tree, used by the section) selects for
    each challenge exactly what ``frames.challenge_contributions`` selects one by one."""
    from participation.analysis import frames

    _data(territory, quartier)
    data = frames.contributions_frame(territory.id)
    tags = frames.validated_tags(territory.id)
    challenges = frames.challenges_frame(territory.current_contract)
    members = frames.challenge_members(tags, challenges)
    for challenge_id in challenges["id"]:
        one = set(frames.challenge_contributions(data, tags, challenges, challenge_id)["id"])
        assert members.get(int(challenge_id), set()) == one
    health = factories.challenge(territory, "S2")
    assert len(members[health.id]) == 5  # v1…v5, the validated ones
