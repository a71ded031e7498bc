"""The exports and section pages on an Arabic or a Turkish screen (tester s28).

Arabic and Turkish translate the resident strings only; a staff page stays in French
(docs/languages.md). What read wrong: on an Arabic screen the French content ran right to
left (« (;) CSV », « .Aucun export »), and the section page mixed the screen's language into
the French document (« entre Haziran 2022 et Kasım 2024 », formats « Anket », « Johari
penceresi », a « Cevap » column). Now a staff page's content is marked French
(``<main lang="fr" dir="ltr">``, the header in the person's language), a resident page
rendered by a staff view (the paper questionnaire) is not, the section shown is the
document in its own language, and a file format keeps its name in every language.
"""
from __future__ import annotations

import pytest
from sqlalchemy import select

from participation.extensions import db
from participation.surveys import services
from participation.surveys.demo import load_demo_surveys
from participation.surveys.models import Survey
from tests.formfill import form_to
from tests.surveys.test_bases import mixed  # noqa: F401  (the mixed-channel survey)

SCREENS = {"ar": "rtl", "tr": "ltr"}


def _screen(lang: str) -> dict:
    return {"Accept-Language": lang}


@pytest.mark.parametrize("lang", sorted(SCREENS))
def test_a_staff_pages_french_content_is_marked_french(webapp, web_login, lang):
    web_login("coordinator")
    page = webapp.get("/exports/", headers=_screen(lang))
    html = page.html.select_one("html")
    assert (html["lang"], html["dir"]) == (lang, SCREENS[lang])  # the header: the screen's
    main = page.html.select_one("main")
    assert (main.get("lang"), main.get("dir")) == ("fr", "ltr")
    assert main.h1.get_text() == "Exports de données"
    # a format is named, never translated: "CSV (;)" read in a left-to-right run
    formats = [a.contents[0] for a in main.select("ul.formats a")][:5]
    assert formats == ["CSV (;)", "CSV (,)", "XLSX", "ODS", "JSON"]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_staff_pages_in_their_own_language_are_not_marked(webapp, web_login, lang):
    web_login("coordinator")
    main = webapp.get("/exports/", headers=_screen(lang)).html.select_one("main")
    assert main.get("lang") is None and main.get("dir") is None


def test_a_resident_page_rendered_by_a_staff_view_keeps_its_language(webapp, web_login,
                                                                       territory):
    """The paper questionnaire printed in Arabic by a facilitator is an Arabic page."""
    load_demo_surveys(territory)
    survey = db.session.scalar(select(Survey).where(Survey.territory_id == territory.id)
                               .order_by(Survey.id))
    services.set_status(survey, "open")
    web_login("facilitator")
    arabic = webapp.get(f"/surveys/{survey.id}/print", params={"lang": "ar"})
    assert arabic.html.select_one("html")["dir"] == "rtl"
    assert arabic.html.select_one("main").get("lang") is None
    public = webapp.get(f"/s/{survey.slug}", params={"lang": "ar"})
    assert public.html.select_one("main").get("lang") is None


def _document_text(page) -> str:
    article = page.html.select_one("article.section-doc")
    for form in article.select("details"):  # the edit forms: the screen's words
        form.decompose()
    return " ".join(article.get_text(" ").split())


@pytest.mark.usefixtures("mixed")
@pytest.mark.parametrize("lang", sorted(SCREENS))
def test_the_section_page_shows_the_document_in_its_own_language(webapp, web_login, lang):
    web_login("coordinator")
    french = webapp.get("/exports/section")
    page = webapp.get("/exports/section", headers=_screen(lang))
    article = page.html.select_one("article.section-doc")
    assert (article["lang"], article["dir"]) == ("fr", "ltr")
    assert _document_text(page) == _document_text(french)
    assert "La participation des habitants" in _document_text(page)
    english = webapp.get("/exports/section", headers=_screen("en"))
    assert _document_text(english) == _document_text(french)  # a French contract's section


@pytest.mark.parametrize("lang", ["fr", "en", "ar", "tr"])
def test_file_formats_keep_their_names(webapp, web_login, lang):
    web_login("coordinator")
    page = webapp.get("/exports/section", headers=_screen(lang))
    names = [o.get_text() for o in page.html.select("#section-download select[name=fmt] option")]
    assert names[:2] == ["Word (DOCX)", "LibreOffice (ODT)"]
    index = webapp.get("/exports/", headers=_screen(lang))
    form = form_to(index, "/exports/contributions_attribuees")
    form["contributions_attribuees-reason"] = "Relance des personnes ayant accepté d’être citées."
    form["contributions_attribuees-confirm"] = True
    form.submit(headers=_screen(lang))
    logged = webapp.get("/exports/", headers=_screen(lang)).html.select("table.fit tbody td")
    assert [td.get_text() for td in logged][2] == "XLSX"  # was "xlsx", the value sent
