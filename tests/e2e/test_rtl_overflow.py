"""Right-to-left pages at 360 px never scroll sideways. The honeypot field of the public forms
(templates/_macros/security.html) was placed at ``inset-inline-start: -10000px``: in Arabic
that is 10,000 px of blank the page let a resident scroll to. It is now clipped where it
stands (static/style.css ``.hp``), still out of the accessibility tree and of the tab order,
still filled by bots; the skip link likewise. Every page carrying the honeypot, in Arabic."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from participation.council.models import Council
from participation.extensions import db
from participation.johari.models import JohariExercise
from participation.territory.models import Territory
from tests.events.conftest import make_event

pytestmark = pytest.mark.e2e

WIDTH = "() => [document.documentElement.scrollWidth, document.body.scrollWidth, innerWidth]"


def _paths(survey) -> list[str]:
    council = db.session.scalar(select(Council))
    exercise = db.session.scalar(select(JohariExercise))
    event = make_event(db.session.get(Territory, survey.territory_id), capacity=4)
    return [f"/s/{survey.slug}?lang=ar", f"/conseil/{council.id}/candidater?lang=ar",
            f"/johari/{exercise.id}/habitants?lang=ar", f"/events/{event.id}?lang=ar"]


def test_arabic_pages_with_the_honeypot_do_not_scroll_sideways(page, survey):
    for path in _paths(survey):
        assert page.goto(path).status == 200, path
        assert page.locator("html").get_attribute("dir") == "rtl", path
        document, body, viewport = page.evaluate(WIDTH)
        assert viewport == 360
        assert document <= viewport and body <= viewport, (path, document, body)
        # scrolling towards the inline end (left in Arabic) moves nothing
        page.mouse.wheel(-5000, 0)
        assert page.evaluate("() => scrollX") == 0, path
        honeypot = page.locator("input[name=site_web]")
        assert honeypot.count() == 1 and honeypot.get_attribute("tabindex") == "-1"
        assert page.locator(".hp").get_attribute("aria-hidden") == "true"
        box = page.locator(".hp").bounding_box()  # the clipping box the field is drawn in
        assert box["width"] <= 1 and box["height"] <= 1, (path, box)
        assert 0 <= box["x"] <= viewport, (path, box)


def test_skip_link_shows_when_focused_in_both_directions(page, survey):
    """The skip link, clipped the same way, appears on the first Tab, at the inline start."""
    for lang, side in (("fr", "left"), ("ar", "right")):
        page.goto(f"/s/{survey.slug}?lang={lang}")
        link = page.get_by_role("link", name=SKIP[lang])
        assert link.bounding_box()["width"] <= 1
        page.keyboard.press("Tab")
        box = link.bounding_box()
        assert box["width"] > 40 and box["height"] > 20, (lang, box)
        edge = box["x"] if side == "left" else 360 - (box["x"] + box["width"])
        assert abs(edge) <= 1, (lang, box)
        assert page.evaluate(WIDTH)[0] <= 360


SKIP = {"fr": "Aller au contenu", "ar": "الانتقال إلى المحتوى"}
