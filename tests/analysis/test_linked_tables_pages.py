"""Small counts hidden in one table are not recoverable from another table or from the items
listed on the same page (issue #13, item 3; ``core.linkedcounts``), read as a reader reads
the page (WebTest, reached from the index by its link) and counted by hand."""
from __future__ import annotations

import re

from participation.contributions.services import record_contribution
from participation.extensions import db
from participation.territory.models import Challenge, Quartier
from tests.analysis.test_secondary_suppression_pages import (  # the same page reading
    FEWER,
    WITHHELD,
    _breakdown,
    _text,
)
from tests.reading import plain

OTHERS = "Autres (groupes de moins de 5)"
COLUMNS = {"propositions": "Propositions des habitants pour y remédier",
           "manquements": "Manquements / dysfonctionnements relevés par les habitants",
           "mobilisation": "Mobilisation des partenaires en réponse aux besoins"}


def _listed(page) -> dict[str, int]:
    """How many items each of the three columns lists."""
    found = {}
    for section in page.html.select("div.analysis-three section"):
        items = [li for li in section.select("li") if "empty" not in (li.get("class") or [])]
        found[section.h3.get_text(strip=True)] = len(items)
    return found


def _testers_challenge(territory) -> Challenge:
    """The demo's TH04 (Cadre de vie: 24 constats of which two say the same words, 9
    propositions, 10 partners' commitments) with 14 more residents' propositions and 3
    atouts, as the tester found it: 60 = 24 + 23 + 10 + 3."""
    th04 = db.session.scalar(db.select(Challenge).where(
        Challenge.code == "TH04", Challenge.contract_id == territory.current_contract.id))
    quartier = db.session.scalar(db.select(Quartier).where(
        Quartier.territory_id == territory.id, Quartier.name == "Pasteur-Foch"))
    for number in range(14):
        record_contribution(territory.id, f"Proposition {number + 1} : un banc de plus rue "
                            f"{number + 1} du quartier", kind="proposition",
                            source_format="table_citoyenne", quartier_id=quartier.id,
                            challenge_ids=[th04.id])
    for number in range(3):
        record_contribution(territory.id, f"Le jardin partagé numéro {number + 1} est "
                            "agréable", kind="atout", source_format="table_citoyenne",
                            quartier_id=quartier.id, challenge_ids=[th04.id])
    return th04


def _sixty_with_the_constats_withheld(page) -> dict[str, str]:
    """The page of the 60 contributions (24 constats, 23 propositions, 10 commitments by
    partners, 3 atouts) prints the propositions and commitments, withholds the constats
    and groups the rest; by author, 50 residents and 10 partners. Returns its breakdown by
    kind."""
    assert plain(page.html.select_one("p.lead").get_text(" ")).strip() == "60 contributions"
    kinds = _breakdown(page, "Par nature")
    assert kinds == {"Constat / manquement": WITHHELD, "Proposition": "23",
                     "Mobilisation partenaire": "10", OTHERS: FEWER}
    assert _breakdown(page, "Par auteur") == {"Habitant": "50", "Partenaire": "10"}
    return kinds


def test_the_testers_challenge_page_no_longer_gives_the_atouts_away(demo_db, webapp,
                                                                     web_login):
    _testers_challenge(demo_db)
    web_login("coordinator", demo_db)
    page = webapp.get("/analysis/").click(description=re.compile("TH04"))
    # before: the commitments (10, the smallest other kind) were "non publié", yet listed
    # one by one and printed "Partenaire 10": atouts = 60 - 24 - 23 - 10 = 3. Now the 10
    # are known and the constats go instead
    kinds = _sixty_with_the_constats_withheld(page)
    listed = _listed(page)
    assert listed == {COLUMNS["propositions"]: 23, COLUMNS["manquements"]: 23,
                      COLUMNS["mobilisation"]: 10}
    # what a reader can work out from what is printed: constats + atouts = 60 - 23 - 10 =
    # 27; 23 distinct manquements are listed, so constats >= 23 (two may say the same
    # words): the atouts are anything from 1 (26 constats) to 4 (23)
    rest = 60 - sum(int(v) for v in kinds.values() if v.isdigit())
    assert rest == 27
    low, high = max(1, rest - (rest - 1)), min(4, rest - listed[COLUMNS["manquements"]])
    assert (low, high) == (1, 4)
    # the chart of kinds draws the printed counts only
    assert page.html.find("img", alt=re.compile("^Par nature"))["alt"] == (
        "Par nature — Proposition : 23 ; Mobilisation partenaire : 10.")
    # the residents' needs per year (the evolution's bases) add nothing: 2023's 23 are
    # 14 constats and 9 propositions, this year's 14 are propositions: 24 constats would
    # follow only with the 2022 constats, which nothing prints alone
    assert "23 en 2023, 14 en 2026" in _text(page)


def test_a_commune_of_one_quartier_is_that_quartiers_count(webapp, web_login):
    """A format's page: 53 survey contributions in four quartiers, Les Prés 30 and Le Moulin
    8 in Aire, La Gare 3 in Bailleul, Les Tilleuls 12 in Cassel. Line by line, "Par
    commune" hid Cassel (12, its smallest other row) beside "Autres" (Bailleul, 3) — but
    Cassel is Les Tilleuls, printed 12 by quartier: 53 - 38 - 12 = 3. Aire (38) goes
    instead; by quartier Le Moulin (8) goes beside La Gare: La Gare + Le Moulin = 53 - 30 -
    12 = 11, La Gare anything from 1 to 4."""
    from participation.territory import services as territory_services
    from tests import factories

    territory = factories.territory(communes=("Aire", "Bailleul", "Cassel"))
    communes = {c.name: c.id for c in territory.communes}
    for number, (name, commune, count) in enumerate((
            ("Les Prés", "Aire", 30), ("La Gare", "Bailleul", 3), ("Le Moulin", "Aire", 8),
            ("Les Tilleuls", "Cassel", 12))):
        with db.session.no_autoflush:  # the territory's quartiers are loaded by then
            place = territory_services.create_quartier(
                territory, f"QN05{number}01M", name, "qpv", 1000, [communes[commune]], [])
        for said in range(count):
            record_contribution(territory.id, f"{name} : réponse {said}", kind="constat",
                                source_format="enquete", quartier_id=place.id)
    web_login("coordinator", territory)
    page = webapp.get("/analysis/").click(href="/analysis/format/enquete$")
    assert plain(page.html.select_one("p.lead").get_text(" ")).strip() == "53 contributions"
    assert _breakdown(page, "Par quartier") == {"Les Prés": "30", "Les Tilleuls": "12",
                                                "Le Moulin": WITHHELD, OTHERS: FEWER}
    by_commune = _breakdown(page, "Par commune")
    assert by_commune == {"Aire": WITHHELD, "Cassel": "12", OTHERS: FEWER}
    # what a reader can work out: by quartier, La Gare + Le Moulin = 53 - 30 - 12 = 11, Le
    # Moulin 5 or more: La Gare anything from 1 to 4 — and by commune the same 53 - 12 =
    # Aire + Bailleul, Aire at least the 30 of Les Prés: Bailleul at most 11
    rest = 53 - 30 - 12
    assert (max(1, rest - (rest - 1)), min(4, rest - 5)) == (1, 4)


def test_a_quartiers_page_hides_another_kind_than_the_listed_commitments(territory, quartier,
                                                                         webapp, web_login):
    """A quartier's page, the tester's figures without a challenge: 24 constats (two say
    the same words: 23 listed), 23 propositions (all listed), 10 partners' commitments (all
    listed, "Partenaire 10"), 3 atouts = 60. Line by line the 10 would be hidden; they are
    known, and so are the 23 listed propositions: the constats go. Constats + atouts = 60 -
    23 - 10 = 27, constats >= 23: atouts anything from 1 to 4."""
    said = ([f"Le trottoir {n} est abîmé" for n in range(23)] + ["Le trottoir 0 est abîmé"],
            [f"Planter l'arbre numéro {n}" for n in range(23)],
            [f"La mairie répare la rue {n}" for n in range(10)],
            [f"J'aime le square {n}" for n in range(3)])
    for texts, kind, role in zip(said, ("constat", "proposition", "mobilisation", "atout"),
                                 ("habitant", "habitant", "partenaire", "habitant"),
                                 strict=True):
        for text in texts:
            record_contribution(territory.id, text, kind=kind, author_role=role,
                                source_format="enquete", quartier_id=quartier.id)
    web_login("coordinator")
    page = webapp.get("/analysis/").click(href=f"/analysis/quartier/{quartier.id}$")
    kinds = _sixty_with_the_constats_withheld(page)
    listed = _listed(page)
    assert listed[COLUMNS["manquements"]] == 23 and listed[COLUMNS["mobilisation"]] == 10
    rest = 60 - sum(int(v) for v in kinds.values() if v.isdigit())
    assert (rest, min(4, rest - listed[COLUMNS["manquements"]])) == (27, 4)
