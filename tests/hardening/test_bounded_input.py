"""Findings 9 and 19 of issue #17: every upload is bounded, and bad files are named.

Uploaded through the rendered forms (WebTest, CSRF on):
- an XLSForm of a few KB holding a 12 MB cell (a zip bomb) is refused from the zip directory,
  before openpyxl inflates anything; a sheet of 3,001 rows and a form of 301 questions too;
- a households list that is a PNG is refused as such, nothing published; a UTF-16 list (with
  or without BOM) is read; a list of 20,001 households is refused;
- the public draw page of a 20,000-household list renders at most 300 numbers and tickets.
"""
from __future__ import annotations

import io
import tracemalloc

import pytest
from sqlalchemy import func, select

from participation.council import draws
from participation.council.draw import MAX_HOUSEHOLDS
from participation.council.models import Draw
from participation.council.public import PUBLIC_SHOWN
from participation.extensions import db
from participation.surveys.models import Survey
from tests.council.conftest import council  # noqa: F401 (fixture)
from tests.formcheck import pick_form
from tests.workbooks import xlsx

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00"
       b"\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18"
       b"\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")


def _xlsform(rows: list[list[str]]) -> bytes:
    return xlsx({"survey": [["type", "name", "label"], *rows]})


def _bomb(size: int) -> bytes:
    """An XLSForm whose one cell holds ``size`` characters (written into the sheet's XML by
    hand: spreadsheets stop at 32,767), compressed to a few KB."""
    import zipfile

    base = _xlsform([["text", "nom", "Votre avis"], ["text", "long", "CELLULE-GEANTE"]])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in source.infolist():
            data = source.read(info).replace(b"CELLULE-GEANTE", b"a" * size)
            bomb.writestr(info.filename, data)
    return out.getvalue()


def _upload_xlsform(webapp, body: bytes):
    form = pick_form(webapp.get("/surveys/"), action="/surveys/import")
    form["file"] = ("questionnaire.xlsx", body)
    return form.submit(status=400)


@pytest.mark.forms("surveys/index.html#2")
def test_a_zip_bomb_xlsform_is_refused_before_it_is_inflated(webapp, web_login):
    web_login("coordinator")
    body = _bomb(50_000_000)
    assert len(body) < 100_000  # 50 MB of text compress to a few KB
    tracemalloc.start()
    page = _upload_xlsform(webapp, body)
    _now, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert "trop volumineux une fois décompressé" in page.text
    assert peak < 40_000_000  # bytes: the 12 MB cell was never read
    assert db.session.scalar(select(func.count()).select_from(Survey)) == 0


@pytest.mark.forms("surveys/index.html#2")
def test_too_many_rows_or_questions_are_refused_in_french(webapp, web_login):
    web_login("coordinator")
    rows = [["note", f"n{i}", "Note"] for i in range(3001)]
    assert "plus de 3000 lignes" in _upload_xlsform(webapp, _xlsform(rows)).text
    questions = [["integer", f"q{i}", f"Question {i}"] for i in range(301)]
    page = _upload_xlsform(webapp, _xlsform(questions))
    assert "301 questions, 300 au plus" in page.text
    assert db.session.scalar(select(func.count()).select_from(Survey)) == 0


def _upload_list(webapp, council_, body: bytes, status: int):  # noqa: F811
    form = pick_form(webapp.get(f"/council/{council_.id}/draws/new"), field="seats")
    form["college_id"] = str(council_.colleges[0].id)
    form["source"] = "liste"
    form["seats"], form["substitutes"] = "4", "2"
    form["file"] = ("foyers.csv", body)
    return form.submit(status=status)


@pytest.mark.forms("council/draw_new.html")
def test_a_png_households_list_is_refused_and_nothing_is_published(
        webapp, web_login, council):  # noqa: F811
    web_login("coordinator")
    page = _upload_list(webapp, council, PNG, 422)
    assert "Ce fichier est un PNG, pas un fichier CSV" in page.text
    nul = _upload_list(webapp, council, b"ref;sexe\n\x00\x01\x02binaire\n", 422)
    assert "pas un fichier texte" in nul.text
    assert db.session.scalar(select(func.count()).select_from(Draw)) == 0


@pytest.mark.forms("council/draw_new.html")
@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_utf16_households_list_is_read(webapp, web_login, council, encoding):  # noqa: F811
    web_login("coordinator")
    text = "référence;sexe\n" + "".join(f"Foyer-{i};{'F' if i % 2 else 'H'}\n"
                                       for i in range(1, 9))
    _upload_list(webapp, council, text.encode(encoding), 302)
    draw = db.session.scalar(select(Draw))
    assert [e.label for e in draw.entries][:2] == ["Foyer-1", "Foyer-2"] and \
        len(draw.entries) == 8


@pytest.mark.forms("council/draw_new.html")
def test_a_list_over_the_cap_is_refused(webapp, web_login, council):  # noqa: F811
    web_login("coordinator")
    body = ("ref;sexe\n" + "".join(f"F{i};\n" for i in range(MAX_HOUSEHOLDS + 1))).encode()
    page = _upload_list(webapp, council, body, 422)
    assert f"plus de {MAX_HOUSEHOLDS:,} foyers".replace(",", "\u202f") in page.text or \
        f"plus de {MAX_HOUSEHOLDS} foyers" in page.text
    assert db.session.scalar(select(func.count()).select_from(Draw)) == 0


def test_the_public_page_of_a_large_draw_is_bounded(client, council):  # noqa: F811
    content = "ref;sexe\n" + "".join(f"Foyer-{i};\n" for i in range(MAX_HOUSEHOLDS))
    college = council.colleges[0]
    draw = draws.prepare_draw_from_list(council, college.id, 8, 6, content)
    draws.run_stored_draw(draw, "123456")
    page = client.get(f"/tirage/{draw.id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert html.count("<code>") <= PUBLIC_SHOWN + 1  # tickets + the fingerprint
    assert f"et {MAX_HOUSEHOLDS - PUBLIC_SHOWN} autres" in html.replace("\u202f", "")
    assert len(page.get_data()) < 200_000  # bytes, against 7.9 MB for 1,000,000 lines before
