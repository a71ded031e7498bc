"""A count hidden on one page is hidden on the page it links to (issue #13, item 3: "small
counts disclosed across pages"; ``analysis.published``, docs/analysis.md "Across pages").
Read as a reader reads them: the analyses' index, then the page its link opens (WebTest);
what the two pages print together is audited by hand, each bound written out."""
from __future__ import annotations

import re

from scipy.optimize import linprog

from participation.contributions.services import record_contribution
from tests import factories
from tests.analysis.test_linked_index import _listed as _index_list
from tests.analysis.test_linked_index import _range
from tests.analysis.test_linked_tables_pages import COLUMNS, OTHERS, _testers_challenge
from tests.analysis.test_secondary_suppression_pages import FEWER, WITHHELD, _breakdown
from tests.reading import plain

TITLES = ("Par format", "Par quartier", "Par commune", "Par auteur", "Par nature")
LINKED = "Nombre de contributions non publié : la page des analyses ne le publie pas"
EXAMPLE = "Moins de 5 contributions ; par exemple :"


def _lead(page) -> str:
    return " ".join(plain(page.html.select_one("p.lead").get_text(" ")).split())


def _row(page, code: str) -> list[str]:
    """The index's row of a challenge: [total, one cell per kind column], as printed."""
    link = page.html.find("a", string=re.compile(f"^{code} "))
    return [td.get_text(strip=True) for td in link.find_parent("tr").select("td")][:-1]


def _kind_columns(page) -> list[str]:
    """The index's kind columns, in order (between "Total" and "Suggestion à vérifier")."""
    return [th.get_text(strip=True) for th in page.html.select("thead th")][2:-1]


def _cells(page) -> list[str]:
    """Every breakdown cell of an analysis page, as printed."""
    return [cell for title in TITLES if page.html.find("caption", string=title)
            for cell in _breakdown(page, title).values()]


def _column(page, key: str) -> tuple[str, list[str]]:
    """One of the three columns: (the line above its list, its items)."""
    section = next(s for s in page.html.select("div.analysis-three section")
                   if s.h3.get_text(strip=True) == COLUMNS[key])
    line = section.find("p")
    items = [li.get_text(strip=True) for li in section.select("li")
             if "empty" not in (li.get("class") or [])]
    return (" ".join(plain(line.get_text(" ")).split()) if line else ""), items


def _small_range(listed: list[int], total: int | None, cell: int) -> tuple[int, int]:
    """(lowest, highest) of the small cell ``cell`` among cells each "moins de 5" (1 to 4)
    and at least its ``listed`` texts, adding up to ``total`` when printed (else nothing):
    a linear program solved both ways (scipy HiGHS)."""
    bounds = [(max(1, n), 4) for n in listed]
    equal = ({"A_eq": [[1] * len(listed)], "b_eq": [total]} if total is not None else {})
    goal = [1 if i == cell else 0 for i in range(len(listed))]
    low = linprog(goal, bounds=bounds, method="highs", **equal)
    high = linprog([-g for g in goal], bounds=bounds, method="highs", **equal)
    return round(low.fun), round(-high.fun)


def _atouts(rest: int, listed: int, constats: int | None) -> tuple[int, int]:
    """(lowest, highest) atouts when constats + atouts = ``rest``, atouts 1 to 4, constats
    at least ``listed`` (distinct texts), ``constats`` when printed."""
    bounds = [(listed, None) if constats is None else (constats, constats), (1, 4)]
    low = linprog([0, 1], A_eq=[[1, 1]], b_eq=[rest], bounds=bounds, method="highs")
    high = linprog([0, -1], A_eq=[[1, 1]], b_eq=[rest], bounds=bounds, method="highs")
    return round(low.fun), round(-high.fun)


def _bounds(rows: list[list[int]], values: list[int], bounds: list[tuple]) -> tuple[int, int]:
    """(lowest, highest) of the first unknown under ``rows`` x = ``values`` and ``bounds``
    (scipy HiGHS both ways)."""
    goal = [1] + [0] * (len(bounds) - 1)
    low = linprog(goal, A_eq=rows, b_eq=values, bounds=bounds, method="highs")
    high = linprog([-g for g in goal], A_eq=rows, b_eq=values, bounds=bounds, method="highs")
    return round(low.fun), round(-high.fun)


def test_the_johari_format_withheld_on_the_index_is_withheld_on_its_page(demo_db, webapp,
                                                                         web_login):
    # the tester: the index said "Fenêtre de Johari — non publié" (beside "Conseil citoyen
    # — moins de 5" and "Pasteur-Foch — 458"), the Johari page said "65 contributions"
    web_login("coordinator", demo_db)
    index = webapp.get("/analysis/")
    formats, quartiers = _index_list(index, "Par format"), _index_list(index, "Par quartier")
    assert formats == {"Table citoyenne / table ronde": "271", "Enquête / questionnaire": "120",
                       "Fenêtre de Johari": WITHHELD, "Conseil citoyen": FEWER}
    page = index.click(href="/analysis/format/johari$")
    assert _lead(page).startswith(LINKED)
    # nothing on the page adds up to its total: every breakdown cell is withheld
    assert _cells(page) and set(_cells(page)) == {WITHHELD}
    assert "65" not in plain(page.html.get_text(" ")).split()
    # by hand, both pages together: 271 + 120 + Johari + council = total >= 458 (the
    # quartier), Johari printed nowhere (>= 0, no upper bound: the page's lists only say
    # "at least"): council = total - 391 - Johari is anything from 1 to 4
    printed_f, printed_q = list(formats.values()), list(quartiers.values())
    assert _range(printed_f, printed_q, ("format", 3)) == (1, 4)
    # what the Johari page used to print gave it back: 458 - 391 - 65 = 2 at least
    assert _range(["271", "120", "65", FEWER], printed_q, ("format", 3)) == (2, 4)


def test_a_challenge_withheld_on_the_index_is_withheld_on_its_page(demo_db, webapp,
                                                                  web_login):
    # TH11 (conseil citoyen): 1 constat, 3 propositions, 1 commitment. The index withholds
    # its total (three small cells beside a printed 5 would each be at most 3); its page
    # printed "5 contributions" and listed 3 propositions, 1 manquement, 1 commitment
    web_login("coordinator", demo_db)
    index = webapp.get("/analysis/")
    assert _kind_columns(index) == ["Constat / manquement", "Proposition", "Atout",
                                    "Perception", "Mobilisation partenaire"]
    assert _row(index, "TH11") == [WITHHELD, FEWER, FEWER, "0", "0", FEWER]
    page = index.click(description=re.compile("^TH11 "))
    assert _lead(page).startswith(LINKED)
    assert set(_cells(page)) == {WITHHELD}  # "Autres 5" in any table is the total
    # each column of 1 to 4 contributions says so and lists one text only
    for key in COLUMNS:
        line, items = _column(page, key)
        assert line == EXAMPLE and len(items) == 1
    # by hand: constat + proposition + commitment = total, printed nowhere; each is 1 to 4
    # ("moins de 5" on the index) and at least 1 (one text listed): each is still 1 to 4
    listed = [len(_column(page, key)[1]) for key in ("manquements", "propositions",
                                                      "mobilisation")]
    assert _small_range(listed, None, 1) == (1, 4)
    # before: "5 contributions" printed, 3 propositions listed: 5 - 1 - 1 = 3, exactly
    assert _small_range([1, 3, 1], 5, 1) == (3, 3)


def test_a_kind_withheld_on_the_index_is_withheld_on_the_challenge_page(demo_db, webapp,
                                                                        web_login):
    # the tester's TH04: 60 = 24 constats + 23 propositions + 3 atouts + 10 commitments.
    # Before: the index withheld the commitments (listed one by one on the page, "Partenaire
    # 10"), the page the constats, and each printed what the other withheld: atouts = 60 -
    # 24 (index) - 23 - 10 (page) = 3
    _testers_challenge(demo_db)
    web_login("coordinator", demo_db)
    index = webapp.get("/analysis/")
    row = dict(zip(["Total", *_kind_columns(index)], _row(index, "TH04"), strict=True))
    assert row == {"Total": "60", "Constat / manquement": WITHHELD, "Proposition": "23",
                   "Atout": FEWER, "Perception": "0", "Mobilisation partenaire": "10"}
    page = index.click(description=re.compile("^TH04 "))
    assert _lead(page) == "60 contributions"
    kinds = _breakdown(page, "Par nature")
    assert kinds == {"Constat / manquement": WITHHELD, "Proposition": "23",
                     "Mobilisation partenaire": "10", OTHERS: FEWER}
    # every kind the index prints, the page prints the same (or folds it, small)
    for label, cell in row.items():
        if label in kinds:
            assert kinds[label] == cell
    # by hand, both pages: constats + atouts = 60 - 23 - 10 = 27; 23 distinct manquements
    # listed: constats >= 23, so atouts <= 4; constats printed nowhere: atouts >= 1
    _line, manquements = _column(page, "manquements")
    assert len(manquements) == 23
    assert _atouts(60 - 23 - 10, len(manquements), None) == (1, 4)
    # before: the index's 24 constats: 27 - 24 = 3
    assert _atouts(60 - 23 - 10, len(manquements), 24) == (3, 3)


def test_every_count_of_the_index_is_the_linked_pages(demo_db, webapp, web_login):
    # the same rule for every link: the number the index prints for a challenge, a
    # quartier or a format is the total its page prints, "moins de 5" on both, or
    # withheld on both
    web_login("coordinator", demo_db)
    index = webapp.get("/analysis/")
    links = [a for a in index.html.select("main a[href^='/analysis/']")
             if re.fullmatch(r"/analysis/(challenge|quartier|format)/\w+", a["href"])]
    assert len(links) == 11 + 1 + 4
    for link in links:
        li = link.find_parent("li")
        printed = (_row(index, link.get_text(strip=True).split()[0])[0] if li is None
                   else plain(li.get_text()).rsplit("—", 1)[1].strip())
        lead = _lead(webapp.get(link["href"]))
        expected = {WITHHELD: LINKED, FEWER: "Moins de 5 contributions"}.get(
            printed, f"{printed} contributions")
        assert lead.startswith(expected), (link["href"], printed, lead)


def test_a_small_column_lists_one_text_on_the_page_and_in_the_section(territory, quartier,
                                                                       webapp, web_login):
    # 12 contributions on mobility: 9 constats, 3 distinct propositions. Listing the three
    # propositions printed their number; the page and the section now say "moins de 5"
    # and give one as an example
    mobility = factories.challenge(territory, "L4")
    for number in range(9):
        record_contribution(territory.id, f"le bus {number} passe trop peu", kind="constat",
                            source_format="enquete", quartier_id=quartier.id,
                            challenge_ids=[mobility.id])
    for number in range(3):
        record_contribution(territory.id, f"une navette numéro {number}", kind="proposition",
                            source_format="enquete", quartier_id=quartier.id,
                            challenge_ids=[mobility.id])
    web_login("coordinator")
    page = webapp.get("/analysis/").click(href=f"/analysis/challenge/{mobility.id}$")
    assert _column(page, "propositions") == (EXAMPLE, ["une navette numéro 0"])
    line, manquements = _column(page, "manquements")
    assert line == "" and len(manquements) == 9
    # by hand: one text listed (>= 1) beside "moins de 5" (<= 4): 1 to 4
    assert (len(_column(page, "propositions")[1]), 4) == (1, 4)
    section = webapp.get("/exports/section")
    table = next(t for t in section.html.select("table")
                 if t.find("th", string=COLUMNS["propositions"]))
    caption = " ".join(plain(table.caption.get_text(" ")).split())
    assert caption == ("« Propositions des habitants pour y remédier » : moins de 5 "
                       "contributions, un texte pour exemple.")
    cells = [tr.select("td")[0].get_text(strip=True) for tr in table.select("tbody tr")]
    assert [c for c in cells if c] == ["une navette numéro 0"]
    assert "une navette numéro 1" not in section.text


def test_a_drafts_base_that_gives_a_small_count_away_is_left_out(territory, quartier, webapp,
                                                                 web_login):
    # residents: 10 constats (6 about the lift), 8 propositions, 3 atouts = 21; the
    # landlord: 6 commitments (27 in all). The page lists the 10 manquements and the 8
    # propositions in full (distinct texts): the draft's "6 habitants sur 21 évoquent «
    # ascenseur »" gave the atouts away, 21 - 10 - 8 = 3, whatever the tables hide
    housing = factories.challenge(territory, "L2")
    texts = [f"l'ascenseur de la tour {n} est en panne" for n in range(6)]
    texts += [f"la porte du hall {n} ferme mal" for n in range(4)]
    kinds = [(text, "constat") for text in texts]
    kinds += [(f"repeindre la cage d'escalier {n}", "proposition") for n in range(8)]
    kinds += [(f"les voisins du bâtiment {n} sont sympathiques", "atout") for n in range(3)]
    for text, kind in kinds:
        record_contribution(territory.id, text, kind=kind, author_role="habitant",
                            source_format="enquete", quartier_id=quartier.id,
                            challenge_ids=[housing.id])
    for n in (0, 0, 1, 2, 3, 4):  # 6 commitments of the landlord, two say the same words
        record_contribution(territory.id, f"le bailleur répare l'ascenseur {n}",
                            kind="mobilisation", author_role="partenaire",
                            source_format="enquete", quartier_id=quartier.id,
                            challenge_ids=[housing.id])
    web_login("coordinator")
    page = webapp.get("/analysis/").click(href=f"/analysis/challenge/{housing.id}$")
    text = " ".join(plain(page.html.get_text(" ")).split())
    assert "habitants sur 21" not in text
    assert re.search(r"6 habitants évoquent « [^»]*ascenseur", text), text[:3000]
    listed = {key: len(_column(page, key)[1]) for key in COLUMNS}
    assert listed == {"propositions": 8, "manquements": 10, "mobilisation": 5}
    # the index withholds the total (27 - 10 - 8 - 6 = 3 otherwise), the page too
    assert _row(webapp.get("/analysis/"), "L2")[0] == WITHHELD
    assert _lead(page).startswith(LINKED)
    kinds = _breakdown(page, "Par nature")
    assert kinds == {"Constat / manquement": "10", "Proposition": "8",
                     "Mobilisation partenaire": WITHHELD, OTHERS: FEWER}
    assert set(_breakdown(page, "Par auteur").values()) == {WITHHELD}
    # by hand, unknowns atouts a, commitments m, total t: t = 10 + 8 + a + m, m >= 5 (5
    # distinct commitments listed), a from 1 to 4 ("moins de 5"): a anything from 1 to 4
    assert _bounds([[1, 1, -1]], [-18], [(1, 4), (5, None), (0, None)]) == (1, 4)
    # with "6 habitants sur 21" printed (before): 10 + 8 + a = 21, so a = 3
    assert _bounds([[1, 1, -1], [1, 0, 0]], [-18, 21 - 18],
                   [(1, 4), (5, None), (0, None)]) == (3, 3)
