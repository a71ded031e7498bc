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


def test_ics_folding_never_splits_a_character():
    line = "SUMMARY:" + "é" * 60
    folded = ics.fold(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line
    assert ics.escape("a,b;c\nd") == "a\\,b\\;c\\nd"
