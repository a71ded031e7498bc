"""Secondary suppression on every table that prints counts beside a published total (issue
#13, "Readable everywhere"): a challenge's, a quartier's and a format's breakdowns, the
section's method table and its survey lines. Read as a reader reads them (WebTest pages and
the DOCX); every table is counted by hand."""
from __future__ import annotations

import io
import re
from datetime import date

from docx import Document

from participation.contributions.services import record_contribution
from tests import factories
from tests.formfill import text_of as _text  # the page as a person reads it
from tests.reading import plain

FEWER, WITHHELD = "moins de 5", "non publié"


def _breakdown(page, title: str) -> dict[str, str]:
    """A breakdown table of an analysis page: row label -> cell as printed."""
    caption = page.html.find("caption", string=title)
    return {tr.th.get_text(strip=True): tr.td.get_text(strip=True)
            for tr in caption.find_parent("table").select("tbody tr")}


def test_a_challenge_page_hides_a_second_count_beside_a_small_one(territory, quartier, webapp,
                                                                  web_login):
    # 9 contributions on mobility: 7 from the survey, 2 from a Johari window. The page says
    # "9 contributions": with the survey's 7 shown, 9 - 7 = 2 would give the Johari's away
    mobility = factories.challenge(territory, "L4")
    for number in range(9):
        record_contribution(territory.id, f"plus de bus {number}", kind="constat",
                            source_format="enquete" if number < 7 else "johari",
                            quartier_id=quartier.id, challenge_ids=[mobility.id])
    web_login("coordinator")
    index = webapp.get("/analysis/")
    page = index.click(href=f"/analysis/challenge/{mobility.id}$")
    assert "9 contributions" in _text(page)
    assert _breakdown(page, "Par format") == {"Enquête / questionnaire": WITHHELD,
                                              "Autres (groupes de moins de 5)": FEWER}
    # by kind and by quartier, the 9 are one group: shown, nothing small beside it
    assert _breakdown(page, "Par nature") == {"Constat / manquement": "9"}
    assert _breakdown(page, "Par quartier") == {quartier.name: "9"}
    assert "chiffre masqué pour qu’on ne puisse pas retrouver" in _text(page)
    # the charts draw the published counts only: none by format (no picture, no PNG link),
    # the 9 by kind
    assert page.html.find("img", alt=re.compile("^Par format")) is None
    assert not page.html.select(f"a[href$='/challenge/{mobility.id}/source_format.png']")
    assert page.html.find("img", alt=re.compile("^Par nature"))["alt"] == (
        "Par nature — Constat / manquement : 9.")


def test_a_small_page_does_not_print_its_total(territory, quartier, webapp, web_login):
    # a format with 2 contributions: its page says "moins de 5", as the index does
    for number in range(2):
        record_contribution(territory.id, f"avis du conseil {number}",
                            source_format="conseil_citoyen", quartier_id=quartier.id)
    web_login("coordinator")
    page = webapp.get("/analysis/").click(href="/analysis/format/conseil_citoyen$")
    lead = " ".join(plain(page.html.select_one("p.lead").get_text(" ")).split())
    assert lead == "Moins de 5 contributions"


def test_the_sections_method_table_hides_a_second_month(territory, quartier, webapp,
                                                        web_login):
    # 12 survey contributions: 9 in June 2023, 3 in June 2024. The survey's block says "12
    # contributions recueillies": 12 - 9 = 3 would give June 2024 away, so June 2023 goes too
    for number in range(12):
        record_contribution(territory.id, f"réponse {number}", source_format="enquete",
                            quartier_id=quartier.id,
                            said_on=date(2023 if number < 9 else 2024, 6, 1))
    web_login("coordinator")
    page = webapp.get("/exports/section")
    assert "12 contributions recueillies" in _text(page)
    caption = page.html.find("caption", string=lambda s: s and "par format et par mois" in s)
    row = caption.find_parent("table").find("tbody").find("tr")
    assert [c.get_text(strip=True) for c in row.find_all(["th", "td"])] == [
        "Enquête / questionnaire", WITHHELD, FEWER]
    doc = Document(io.BytesIO(webapp.get("/exports/section.docx").body))
    method = next(t for t in doc.tables if t.rows[0].cells[0].text == "Format")
    assert [c.text for c in method.rows[1].cells] == ["Enquête / questionnaire", WITHHELD,
                                                      FEWER]


def _count(cell: str) -> int | None:
    return int(cell) if cell.isdigit() else None


def test_no_small_count_of_the_demo_pages_can_be_worked_out(demo_db, webapp, web_login):
    """Every breakdown of every challenge, quartier and format page of the demo, reached from
    the index by its link: the page's total minus the shown rows leaves each small row (the
    "autres" row, "moins de 5") anywhere from 1 to 4."""
    web_login("coordinator", demo_db)
    index = webapp.get("/analysis/")
    links = sorted({a["href"] for a in index.html.select("a[href^='/analysis/']")
                    if re.fullmatch(r"/analysis/(challenge|quartier|format)/\w+", a["href"])})
    checked = 0
    for href in links:
        page = index.click(href=f"{href}$")
        lead = plain(page.html.select_one("p.lead").get_text(" "))
        total = _count(lead.split()[0])
        for table in page.html.select("section.chart table"):
            cells = [td.get_text(strip=True) for td in table.select("tbody td")]
            if total is None or FEWER not in cells:
                continue
            # the hidden rows add up to the rest; "autres" is a breakdown's only small row
            # (1 to 4), a withheld one 5 or more: alone, the small row would be the rest;
            # beside a withheld one it is anywhere from 1 to min(4, rest)
            rest = total - sum(int(c) for c in cells if c.isdigit())
            assert cells.count(FEWER) == 1, (href, cells)
            assert WITHHELD in cells and rest >= 4, (href, cells)
            checked += 1
    assert checked >= 3
    # TH08 Mobilité, as a tester found it: 35 contributions, 33 from tables citoyennes and
    # "autres" under 5, 35 - 33 giving it away: the 33 is now "non publié"
    th08 = index.click(description=re.compile("TH08"))
    assert _breakdown(th08, "Par format") == {"Table citoyenne / table ronde": WITHHELD,
                                              "Autres (groupes de moins de 5)": FEWER}



def test_the_words_that_come_back_hide_a_count_under_the_minimum(territory, quartier, webapp,
                                                                 web_login):
    # 6 contributions on mobility: "bus" in 6 of them, "navette" in 2: 2 < 5 is not
    # published ("moins de 5"), as every count of what people said ("dimanche", a word of
    # time, no longer comes back: tester t27coord)
    mobility = factories.challenge(territory, "L4")
    texts = ["pas de bus, pas de navette", "le bus ou une navette", "un bus le soir",
             "plus de bus", "le bus passe trop peu", "des bus plus tard"]
    for text in texts:
        record_contribution(territory.id, text, kind="constat", source_format="enquete",
                            quartier_id=quartier.id, challenge_ids=[mobility.id])
    web_login("coordinator")
    challenge = webapp.get("/analysis/").click(href=f"/analysis/challenge/{mobility.id}$")
    for href, page in ((challenge.request.path, challenge),
                       ("/analysis/words", webapp.get("/analysis/words"))):  # staff menu
        words = {li.contents[0].strip(): li.select_one(".tag").get_text(strip=True)
                 for li in page.html.select("ul.words li")}
        assert words["bus"] == "6" and words["navette"] == FEWER, (href, words)
