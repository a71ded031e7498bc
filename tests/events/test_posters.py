"""Posters and flyers: print pages with a QR code to the sign-up page."""
from __future__ import annotations

from participation.events import ics


def test_a4_poster_and_a5_flyer(client, event):
    page = client.get(f"/events/{event.id}/affiche").get_data(as_text=True)
    assert "poster-a4" in page and "<svg" in page
    assert "Rejoignez-nous devant les containers Pastoch&#39;" in page
    assert "Un barbecue offert pour toute participation aux tables citoyennes" in page
    assert f"http://localhost/events/{event.id}" in page
    assert "<script" not in page and "style=" not in page
    flyer = client.get(f"/events/{event.id}/affiche?size=a5").get_data(as_text=True)
    assert "poster-a5" in flyer


def test_poster_in_arabic_leads_to_the_sign_up_page_in_arabic(client, event):
    import re

    import segno

    page = client.get(f"/events/{event.id}/affiche?lang=ar").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page
    url = f"http://localhost/events/{event.id}?lang=ar"
    assert f"<strong>{url}</strong>" in page
    modules = re.compile(r'<path[^>]* d="([^"]+)"')
    assert modules.search(page).group(1) == modules.search(
        segno.make(url, error="m").svg_inline(scale=6, border=2)).group(1)
    assert f'href="/events/{event.id}/affiche?size=a4&amp;lang=tr"' in page
    signup = client.get(f"/events/{event.id}?lang=ar").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in signup


def test_ics_folding_never_splits_a_character():
    line = "SUMMARY:" + "é" * 60
    folded = ics.fold(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line
    assert ics.escape("a,b;c\nd") == "a\\,b\\;c\\nd"
