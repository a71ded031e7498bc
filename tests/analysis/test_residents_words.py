"""Residents' words shown exactly as written in every output (issue #13, fresh coordinator
tester's defect 5): "Des médecins !!!" was printed "Des médecins !! !" and
"sensibilisation: octobre" as "sensibilisation : octobre" by the French typography of the
pages and of the section. Each text below must be an exact substring (no no-break space
added, no run of signs split) of the review queue, the challenge page, the words page, the
section page and its HTML, DOCX and ODT files, and the CSV and XLSX exports."""
from __future__ import annotations

import io
import re
import zipfile
from datetime import date

import pytest
from docx import Document
from openpyxl import load_workbook

from participation.contributions.services import record_contribution
from participation.core.typography import NBSP, NNBSP, french, french_html, said
from participation.extensions import db
from tests import factories

TYPED = ["Des médecins !!!", "Un médecin le samedi ?!", "sensibilisation: octobre au centre",
         "Le «city stade» est cassé", 'Le médecin a dit "revenez demain"',
         "Plus de bancs ; et des poubelles !"]


def _seed(territory, quartier, texts=TYPED):
    """Each text three times: a manquement and an atout of Mobilité (validated, so in the
    forces/faiblesses table and the quotes), and once untagged (in the review queue)."""
    health = factories.challenge(territory, "L4")  # a theme: its three-column block
    for text in texts:
        for kind in ("constat", "atout"):
            record_contribution(territory.id, text, kind=kind, challenge_ids=[health.id],
                                quartier_id=quartier.id, source_format="enquete",
                                said_on=date(2025, 5, 1))
        record_contribution(territory.id, text, quartier_id=quartier.id,
                            source_format="enquete", said_on=date(2025, 5, 1))
    db.session.commit()
    return health


def _read(page) -> str:
    """The text of an HTML page as a browser shows it (entities read)."""
    return page.html.get_text()


def _all_there(text: str, where: str, texts=TYPED) -> None:
    """Every text of ``texts`` is in ``text``, and everywhere it is (found whatever spaces
    were added or changed) it is as written."""
    missing = [t for t in texts if t not in text]
    assert not missing, f"{where}: not as written {missing}"
    squashed = re.sub(r"\s", "", text)  # \s: no-break spaces too
    altered = [t for t in texts if squashed.count(re.sub(r"\s", "", t)) != text.count(t)]
    assert not altered, f"{where}: altered somewhere {altered}"


@pytest.mark.parametrize("typed, printed", [
    ("Des médecins !!!", f"Des médecins{NNBSP}!!!"), ("Non!!", f"Non{NNBSP}!!"),
    ("Quoi ?!?", f"Quoi{NNBSP}?!?"), ("Merci!!! Vraiment", f"Merci{NNBSP}!!! Vraiment"),
])
def test_a_run_of_signs_is_never_split(typed, printed):
    """The product's own sentences: one no-break space before the first sign of a run."""
    assert french(typed) == printed and french(printed) == printed


def test_residents_words_are_kept_in_the_typography_itself():
    """Marked words (``said``) and the words between « » stay as typed, the marks taken off;
    the product's sentence around them is typeset."""
    text = "Vous avez dit : " + said("sensibilisation: octobre !!") + " !"
    assert french(text) == f"Vous avez dit{NBSP}: sensibilisation: octobre !!{NNBSP}!"
    assert french("Ils disent « Des médecins !!! »") == f"Ils disent «{NBSP}Des médecins !!!{NBSP}»"
    nested = "Citation : « Le «city stade» est cassé ! »"
    assert french(nested) == f"Citation{NBSP}: «{NBSP}Le «city stade» est cassé !{NBSP}»"
    assert french_html(f"<p>{said('a: b')} ?</p><textarea>{said('x')}</textarea>") == \
        f"<p>a: b{NNBSP}?</p><textarea>x</textarea>"


def test_every_output_prints_the_residents_words_as_written(
        territory, quartier, webapp, web_login, low_minimum):
    health = _seed(territory, quartier)
    web_login("coordinator")
    _all_there(_read(webapp.get("/analysis/review")), "review queue")
    _all_there(_read(webapp.get(f"/analysis/challenge/{health.id}")), "challenge page")
    words = _read(webapp.get("/analysis/words"))
    _all_there(words, "words page")
    page = _read(webapp.get("/exports/section"))
    _all_there(page, "section page")
    _all_there(_read(webapp.get("/exports/section.html")), "section HTML")
    doc = Document(io.BytesIO(webapp.get("/exports/section.docx").body))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    _all_there("\n".join([p.text for p in doc.paragraphs] + cells), "section DOCX")
    with zipfile.ZipFile(io.BytesIO(webapp.get("/exports/section.odt").body)) as odt:
        xml = odt.read("content.xml").decode()
    odt_text = re.sub(r"<[^>]+>", "", xml).replace("&quot;", '"').replace("&amp;", "&")
    _all_there(odt_text, "section ODT")
    csv = webapp.get("/exports/contributions.csv").body.decode("utf-8-sig")
    _all_there(csv.replace('""', '"'), "contributions CSV")
    sheet = load_workbook(io.BytesIO(webapp.get("/exports/contributions.xlsx").body)).active
    _all_there("\n".join(str(c.value) for row in sheet.iter_rows() for c in row), "XLSX")
    # the page's own sentences still get French typography
    assert f"{NNBSP}!!!" not in page and "\u2068" not in page + words


def _outputs(webapp, health) -> dict[str, str]:
    """The text of every output a coordinator gets: pages (as a browser shows them), the
    section's HTML, DOCX (paragraphs and cells) and ODT files, the CSV and XLSX exports."""
    found = {where: _read(webapp.get(url)) for where, url in (
        ("review queue", "/analysis/review"),
        ("challenge page", f"/analysis/challenge/{health.id}"),
        ("words page", "/analysis/words"), ("section page", "/exports/section"),
        ("section HTML", "/exports/section.html"))}
    doc = Document(io.BytesIO(webapp.get("/exports/section.docx").body))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    found["section DOCX"] = "\n".join([p.text for p in doc.paragraphs] + cells)
    with zipfile.ZipFile(io.BytesIO(webapp.get("/exports/section.odt").body)) as odt:
        xml = odt.read("content.xml").decode()
    found["section ODT"] = re.sub(r"<[^>]+>", "", xml).replace("&quot;", '"').replace(
        "&apos;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    found["CSV"] = webapp.get("/exports/contributions.csv").body.decode("utf-8-sig").replace(
        '""', '"')
    sheet = load_workbook(io.BytesIO(webapp.get("/exports/contributions.xlsx").body)).active
    found["XLSX"] = "\n".join(str(c.value) for row in sheet.iter_rows() for c in row)
    return found


def test_words_holding_lone_guillemets_quotes_or_marks_are_printed_as_written(
        territory, quartier, webapp, web_login, low_minimum):
    """Residents' words holding a lone « » " ', the marks' own characters (bidi isolates
    pasted from a phone, the escape character) next to signs the typography spaces: as
    written in every output, no mark left (the sentences around them typeset:
    tests/core/test_typography.py)."""
    from participation.analysis.column_texts import quoted
    from tests.core.test_typography import AWKWARD

    health = _seed(territory, quartier, AWKWARD)
    web_login("coordinator")
    for where, text in _outputs(webapp, health).items():
        # the contract's columns and quotes never quote a fragment (no two content words:
        # tester t28coord), the pages listing every answer do
        every = where in ("review queue", "words page", "CSV", "XLSX")
        _all_there(text, where, AWKWARD if every else [t for t in AWKWARD if quoted(t)])
        # a said text left marked, or its escapes left in (its words are in group labels
        # too, with the person's own isolates and escape character: those are theirs)
        leaked = [t for t in AWKWARD if said(t) in text
                  or said(t)[1:-1] != t and said(t)[1:-1] in text]
        assert not leaked, f"{where}: marks or escapes left {leaked}"
