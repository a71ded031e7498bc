"""The contract's section read as a reader does (issue #13): one small-count rule in the same
words as the analysis index, "Sans réponse" rows with their base, scale charts on one ordered
colour scale, and the kind of an imported question read from its wording. Figures are
counted by hand (the Hazebrouck answers: tests/surveys/test_hazebrouck.py's fixture)."""
from __future__ import annotations

import io

import pytest
from docx import Document

from participation.analysis import charts
from participation.contributions.kinds import kind_for_question
from participation.contributions.services import record_contribution
from participation.exports.document import section_model
from participation.surveys import services as surveys
from tests.reading import plain
from tests.surveys.test_hazebrouck import _import


def _docx_text(body: bytes) -> str:
    doc = Document(io.BytesIO(body))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_small_counts_are_hidden_in_the_section_as_on_the_index(territory, quartier, webapp,
                                                                web_login):
    # 6 survey contributions and 2 of the conseil citoyen: 2 < 5 is never published
    for number in range(6):
        record_contribution(territory.id, f"réponse {number}", source_format="enquete",
                            quartier_id=quartier.id)
    for number in range(2):
        record_contribution(territory.id, f"avis du conseil {number}",
                            source_format="conseil_citoyen", quartier_id=quartier.id)
    web_login("coordinator")
    index = " ".join(plain(webapp.get("/analysis/").html.get_text(" ")).split())
    # the index's two lists count the same 8 contributions: "Pasteur-Foch — 8" beside
    # "Enquête — 6" would give the council's 2 away (8 - 6), so the 6 is withheld too
    # (core.linkedcounts, since the index is protected over both lists)
    assert "Pasteur-Foch (Bailleul) — 8" in index
    assert "Conseil citoyen — moins de 5" in index
    assert "Enquête / questionnaire — non publié" in index
    page = webapp.get("/exports/section")
    docx = plain(_docx_text(webapp.get("/exports/section.docx").body))
    for text in (" ".join(plain(page.html.get_text(" ")).split()), docx):
        assert "moins de 5 contributions recueillies" in text
        assert "Moins de 5 contributions (nombre non publié) : Conseil citoyen." in text
        assert "2 contributions recueillies" not in text
    # the method table: the council's month cell says "moins de 5", the survey's 6
    method = page.html.find("caption", string=lambda s: s and "par format et par mois" in s)
    rows = {tr.find("th").get_text(strip=True) if tr.find("th") else tr.find("td").get_text(
        strip=True): [td.get_text(strip=True) for td in tr.find_all("td")]
        for tr in method.find_parent("table").find("tbody").find_all("tr")}
    assert "moins de 5" in rows["Conseil citoyen"] and "2" not in rows["Conseil citoyen"]
    # the index withholds the survey's 6 (8 - 6 = 2): the section withholds it too, in its
    # block and its month (analysis.published.withheld_formats), and charts no format
    assert "6" not in rows["Enquête / questionnaire"]
    assert "non publié" in rows["Enquête / questionnaire"]
    for text in (" ".join(plain(page.html.get_text(" ")).split()), docx):
        assert "6 contributions recueillies" not in text
        assert "Nombre de contributions non publié, pour ne pas faire connaître un nombre " \
            "de moins de 5 : Enquête / questionnaire." in text
    formats = next(b for b in section_model(territory, "fr")["blocks"] if b["key"] == "formats")
    assert formats["images"] == []


@pytest.fixture
def hazebrouck(runner, territory):
    return _import(runner, territory)


def test_blank_answers_get_their_row_and_scales_an_ordered_scale(hazebrouck, territory, client,
                                                                 auth):
    auth.login("coordinator")
    doc = Document(io.BytesIO(client.get("/exports/section.docx").data))
    come = next(t for t in doc.tables  # the only question some left blank
                if any(c.text == "Sans réponse" for row in t.rows for c in row.cells))
    rows = [[c.text for c in row.cells] for row in come.rows[1:]]
    # "pensez-vous y venir ?" (112 responses): Non 60, Oui 41, left blank 11 (11/112 = 9.8 %
    # -> 10 %); 60 + 41 + 11 = 112, the base
    assert rows == [["Non", "60", "54\u202f%", "112"], ["Oui", "41", "37\u202f%", "112"],
                    ["Sans réponse", "11", "10\u202f%", "112"]]
    page = plain(client.get(f"/surveys/{hazebrouck.id}/results").get_data(as_text=True))
    assert "Sans réponse" in page
    # the security score 1-10: notes given by fewer than 5 people (2: 4, 3: 4, 10: 3) say
    # "moins de 5"; the others, 6 + 20 + 24 + 19 + 15 + 7 + 10 = 101 = 112 - 11. Three small
    # counts making 11 would each be 3 or 4: note 1 (6) is "non publié" too (secondary
    # suppression; before, 101 was published and note 1 drawn); and the printed mean
    # (5,54, n = 112) would still put note 10 at 3 or 4 (tests/surveys/test_section.py
    # counts it): note 8 (7) is "non publié" too (issue #13, item 3)
    scale = next(t for t in doc.tables if [c.text for c in t.rows[0].cells] == ["Note", "Nombre"])
    counts = dict((row.cells[0].text, row.cells[1].text) for row in scale.rows[1:])
    assert [note for note, n in counts.items() if n == "moins de 5"] == ["2", "3", "10"]
    assert [note for note, n in counts.items() if n == "non publié"] == ["1", "8"]
    assert sum(int(n) for n in counts.values() if n.isdigit()) == 101 - 6 - 7
    model = section_model(territory, "fr")
    chart = next(i["chart"] for b in model["blocks"] for i in b["images"]
                 if "par note" in i["chart"]["title"])
    # one hue on the scale 1-10, lighter for note 4 (t = 3/9: #9ECAE1 + (#08306B - #9ECAE1) / 3
    # = (108, 151, 186)) to darker for note 9 (t = 8/9)
    assert chart["labels"][0] == "note 4"
    assert chart["colours"][0] == "#6C97BA"
    darkness = [sum(int(c[i:i + 2], 16) for i in (1, 3, 5)) for c in chart["colours"]]
    assert darkness == sorted(darkness, reverse=True) and len(set(darkness)) == len(darkness)


def test_ordered_colour_scale_by_hand():
    # from #9ECAE1 (158, 202, 225) to #08306B (8, 48, 107): halfway = (83, 125, 166)
    assert charts.ordered([1, 2, 3]) == ["#9ECAE1", "#537DA6", "#08306B"]
    assert charts.ordered([5], 1, 9) == ["#537DA6"]


@pytest.mark.parametrize(("label", "kind"), [
    ("Qu'aimez-vous dans votre quartier ?", "atout"),
    ("Qu’est-ce qui vous plaît le plus ici ?", "atout"),
    ("Quels sont les points forts du quartier ?", "atout"),
    ("Les atouts de la résidence", "atout"),
    ("Qu'aimeriez-vous améliorer ?", "proposition"),
    ("Vos idées pour le quartier", "proposition"),
    ("Que vous manque-t-il sur le quartier ? (banque, médecins, etc.)", "constat"),
    ("Commentaire", "constat"),
])
def test_the_kind_of_a_free_text_question_is_read_from_its_wording(label, kind):
    assert kind_for_question(label) == kind


def test_an_imported_question_about_what_residents_like_collects_atouts(territory):
    survey = surveys.create_survey(territory.id, "Vivre à Foch")
    liked = surveys.add_question(survey, "long_text", "Qu'aimez-vous dans votre quartier ?")
    chosen = surveys.add_question(survey, "long_text", "Qu'aimez-vous ?",
                                  contribution_kind="constat")  # a person's choice stays
    assert (liked.contribution_kind, chosen.contribution_kind) == ("atout", "constat")
