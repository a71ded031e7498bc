"""The browser harness itself: live server, same-host guard, axe and page weight helpers."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.e2e.helpers import assert_no_axe_violations, foreign_requests, page_weight

pytestmark = pytest.mark.e2e


def test_live_server_sees_committed_factory_data(page, territory):
    factories.quartier(territory, name="Quartier Témoin", names=("Les Tilleuls",))
    page.goto("/")
    expect(page.get_by_role("link", name="Quartier Témoin")).to_be_visible()
    assert page.viewport_size == {"width": 360, "height": 740}


def test_guard_catches_requests_to_other_hosts(make_page, live_server, request):
    page = make_page()
    page.route("http://elsewhere.invalid/**", lambda route: route.abort())
    page.goto("/")
    page.set_content('<img src="http://elsewhere.invalid/pixel.png" alt="">')
    page.wait_for_load_state("networkidle")
    factory = request.node.page_factory
    assert factory.foreign() == ["http://elsewhere.invalid/pixel.png"]
    assert f"{live_server}/" in factory.requested
    factory.requested.clear()  # the guard would otherwise (rightly) fail this test


def test_foreign_requests_ignores_inline_schemes(live_server):
    urls = [f"{live_server}/static/style.css", "data:image/png;base64,AA==",
            "http://127.0.0.1:1/", "https://cdn.example.org/x.js"]
    assert foreign_requests(urls, live_server) == ["http://127.0.0.1:1/",
                                                   "https://cdn.example.org/x.js"]


def test_axe_reports_violations_readably(page):
    page.set_content('<html><body><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
                     '</body></html>')
    with pytest.raises(AssertionError) as failure:
        assert_no_axe_violations(page)
    message = str(failure.value)
    assert "image-alt" in message and "img" in message


def test_page_weight_counts_document_and_stylesheet(page, live_server):
    import urllib.request

    with urllib.request.urlopen(f"{live_server}/") as r:
        document = len(r.read())
    with urllib.request.urlopen(f"{live_server}/static/style.css") as r:
        css = len(r.read())
    page.goto("/")  # warm the cache: the measure must still be a cold load
    assert page_weight(page, f"{live_server}/") == document + css
