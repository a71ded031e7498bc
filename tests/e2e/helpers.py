"""Helpers for browser tests: signing in, axe-core checks, page weight, the same-host guard."""
from __future__ import annotations

from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError

_AXE = Axe()  # ships axe.min.js: injected into the page, nothing is fetched
ALLOWED_SCHEMES = {"data", "blob", "about"}


def log_in(page, email: str, password: str | None = None, *, keyboard: bool = False) -> None:
    """Sign in through the rendered login form as a person does: e-mail, password (the test
    accounts' ``factories.PASSWORD`` by default), then « Se connecter » (Enter in the
    password box with ``keyboard``); returns once the staff home it leads to is loaded."""
    from tests import factories

    page.goto("/accounts/login")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(password or factories.PASSWORD)
    if keyboard:
        page.get_by_label("Mot de passe").press("Enter")
    else:
        page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/staff")


def assert_no_axe_violations(page, context=None) -> None:
    """Run axe-core on the current page; fail with every rule id and the elements it hit."""
    results = _AXE.run(page, context=context)
    violations = results.response["violations"]
    if not violations:
        return
    lines = [f"{len(violations)} axe violation(s) on {page.url}:"]
    for v in violations:
        lines.append(f"- {v['id']} ({v.get('impact')}): {v['help']}")
        for node in v["nodes"]:
            targets = ", ".join(str(t) for t in node["target"])
            lines.append(f"    {targets}: {node.get('html', '')[:160]}")
    raise AssertionError("\n".join(lines))


def page_weight(page, url: str) -> int:
    """Bytes transferred to load ``url`` cold (cache disabled): document, css, images, fonts…

    Sums the body sizes of every response the page received until the network is idle.
    """
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    responses = []

    def record(response) -> None:
        responses.append(response)

    page.on("response", record)
    try:
        page.goto(url, wait_until="load")
        page.wait_for_load_state("networkidle")
        total = 0
        for response in responses:
            total += _body_size(response)
        return total
    finally:
        page.remove_listener("response", record)
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": False})
        cdp.detach()


def _body_size(response) -> int:
    if 300 <= response.status < 400:
        return 0  # redirects carry no body worth counting
    try:
        return len(response.body())
    except PlaywrightError:
        return response.request.sizes()["responseBodySize"]


def foreign_requests(urls: list[str], base_url: str) -> list[str]:
    """The URLs among ``urls`` that go to another host than the app's (``base_url``)."""
    allowed = urlsplit(base_url).netloc
    foreign = []
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme in ALLOWED_SCHEMES:
            continue
        if parts.netloc != allowed:
            foreign.append(url)
    return foreign
