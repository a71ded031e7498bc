"""The printable questionnaire in a chosen language, its QR code leading to the survey page in
that language (the QR code is compared module by module with the expected address's)."""
from __future__ import annotations

import re

import segno
from sqlalchemy import select

from participation.extensions import db
from participation.surveys import services
from participation.surveys.demo import load_demo_surveys
from participation.surveys.models import Survey


def qr_path(html: str) -> str:
    """The modules of the first QR code of a page (segno's SVG path)."""
    return re.search(r'<path[^>]* d="([^"]+)"', html).group(1)


def expected_path(url: str) -> str:
    return qr_path(segno.make(url, error="m").svg_inline(scale=3, border=2))


def test_paper_questionnaire_in_arabic_with_its_qr_code(webapp, web_login, territory):
    load_demo_surveys(territory)
    survey = db.session.scalar(select(Survey).where(Survey.territory_id == territory.id))
    services.set_status(survey, "open")
    web_login("facilitator")
    french = webapp.get(f"/surveys/{survey.id}/print")
    assert french.html.select_one("article.paper")["lang"] == "fr"
    assert french.html.h1.text.startswith("Enquête flash")
    url = f"http://localhost/s/{survey.slug}?lang=fr"
    assert french.html.select_one(".paper-qr strong").text == url
    assert qr_path(french.text) == expected_path(url)

    arabic = french.click(href=r"print\?lang=ar")
    paper = arabic.html.select_one("article.paper")
    assert (paper["lang"], paper["dir"]) == ("ar", "rtl")
    assert arabic.html.select_one("html")["dir"] == "rtl"  # chrome in Arabic too
    assert arabic.html.h1.text == "استطلاع سريع – حي باستور-فوش (أزبروك)"
    boxes = [li.get_text(" ", strip=True) for li in paper.select(".boxes li")][:2]
    assert boxes == ["1. نعم", "2. لا"]
    url = f"http://localhost/s/{survey.slug}?lang=ar"
    assert arabic.html.select_one(".paper-qr strong").text == url
    assert qr_path(arabic.text) == expected_path(url)
    # the QR code's address opens the survey in Arabic for a new phone
    webapp.reset()
    opened = webapp.get(url.removeprefix("http://localhost"))
    assert opened.html.select_one(".survey-content")["dir"] == "rtl"
