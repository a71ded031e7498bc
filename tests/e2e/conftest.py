"""Browser tests: the app served by a real threaded server on a free loopback port, driven by
Debian's Chromium through Playwright (one browser per session, one context per test).

Every request the browser makes is recorded; a request to any host but the live server fails
the test. Without Chromium the tests are skipped, except in CI (``CI=true``) where they fail.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from tests.e2e.helpers import foreign_requests

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
VIEWPORT = {"width": 360, "height": 740}
# Every browser wait, in milliseconds. Generous: the section page builds charts and documents
# (seconds on a loaded 2-core machine); speed is measured by bench/, not by these waits
# (tests/core/test_browser_waits.py refuses a shorter one in tests/e2e).
WAIT_MS = 45_000
# expect() has its own default (5 s), apart from the context's: a QR-link test's
# expect(...).to_have_url timed out at 5 s under load (2026-11-30, s26split's run).
expect.set_options(timeout=WAIT_MS)


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def live_server(app):
    """Base URL of the test app served by werkzeug (threaded) in a daemon thread (its
    catalogs compiled by the ``app`` fixture)."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)
    server.server_close()


def _chromium_path() -> str | None:
    path = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    return path if Path(path).is_file() and os.access(path, os.X_OK) else None


def _missing(reason: str):
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: browser tests may not be skipped)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session (Playwright's own download is never used)."""
    path = _chromium_path()
    if path is None:
        _missing("Chromium not found (set CHROMIUM_PATH or install Debian's chromium)")
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    from playwright.sync_api import sync_playwright

    manager = sync_playwright()
    playwright = manager.start()
    try:
        browser = playwright.chromium.launch(executable_path=path, headless=True,
                                             args=CHROMIUM_ARGS)
    except Exception as exc:  # noqa: BLE001 - any launch failure is "no usable Chromium"
        manager.__exit__(None, None, None)
        _missing(f"Chromium could not start: {exc}")
    yield browser
    browser.close()
    manager.__exit__(None, None, None)


class PageFactory:
    """Opens pages in fresh contexts, each recording the URLs its browser requests."""

    def __init__(self, browser, base_url: str):
        self.browser, self.base_url = browser, base_url
        self.contexts: list = []
        self.requested: list[str] = []

    def __call__(self, **options):
        settings = {"viewport": VIEWPORT, "locale": "fr-FR", "base_url": self.base_url,
                    "service_workers": "block"} | options
        context = self.browser.new_context(**settings)
        context.set_default_timeout(WAIT_MS)
        context.set_default_navigation_timeout(WAIT_MS)
        context.on("request", lambda request: self.requested.append(request.url))
        self.contexts.append(context)
        return context.new_page()

    def foreign(self) -> list[str]:
        return foreign_requests(self.requested, self.base_url)

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def make_page(browser, live_server, request):
    """Factory: ``make_page(java_script_enabled=False)`` opens a page in a new context."""
    factory = PageFactory(browser, live_server)
    request.node.page_factory = factory
    yield factory
    factory.close()


@pytest.fixture
def page(make_page):
    """A Playwright page at 360x740, fr-FR, that may only talk to the live server."""
    return make_page()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    result = yield
    factory = getattr(item, "page_factory", None)
    if factory is not None:
        foreign = factory.foreign()
        if foreign:
            pytest.fail("The page requested other hosts than the app's:\n"
                        + "\n".join(f"  {u}" for u in foreign), pytrace=False)
    return result


@pytest.fixture
def survey(demo_db):
    """The demo survey, open, without its answers (the e2e walks count their own)."""
    from sqlalchemy import select

    from participation.extensions import db
    from participation.surveys.models import Response, Survey

    survey = db.session.scalar(select(Survey))
    survey.status = "open"
    db.session.execute(Response.__table__.delete())
    db.session.commit()
    return survey
