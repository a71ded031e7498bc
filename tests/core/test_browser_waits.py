"""Browser tests read the page through Playwright's `expect()`, which waits for the page a
click or a key press loads; `locator.is_visible()` / `is_checked()` answer at once, so an
assertion on them after a navigation passes or fails with the machine's load. Found on
2026-11-30: "Compte créé." was looked for before the page after the POST had rendered, and
the CI run failed while the same test passed here."""
from __future__ import annotations

import ast

from participation.config import ROOT

IMMEDIATE = {"is_visible", "is_hidden", "is_checked", "is_enabled", "is_disabled"}


def _immediate_asserts(path) -> list[int]:
    """Lines of `assert` statements that call one of the immediate locator checks."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Assert) and any(
                isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
                and call.func.attr in IMMEDIATE for call in ast.walk(node.test)):
            lines.append(node.lineno)
    return lines


def test_browser_assertions_wait_for_the_page():
    found = {str(path.relative_to(ROOT)): lines
             for path in sorted((ROOT / "tests" / "e2e").rglob("*.py"))
             if (lines := _immediate_asserts(path))}
    assert found == {}, "use expect(locator).to_be_visible() / to_be_checked() instead"


WAITS = {"set_default_timeout", "set_default_navigation_timeout"}


def _short_waits(path, shortest: int) -> list[int]:
    """Lines where a browser wait is given as a number below ``shortest`` ms: a
    ``set_default_timeout(n)`` / ``set_default_navigation_timeout(n)`` or a ``timeout=n``.
    Found on 2026-11-30: the offline tablet waited 20 s where every other page waits 45 s."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        method = node.func.attr if isinstance(node.func, ast.Attribute) else ""
        if method == "join":  # a thread's join: seconds, not a browser wait
            continue
        given = [k.value for k in node.keywords if k.arg == "timeout"]
        if method in WAITS:
            given += node.args[:1]
        if any(isinstance(v, ast.Constant) and isinstance(v.value, int | float)
               and v.value < shortest for v in given):
            lines.append(node.lineno)
    return lines


def test_browser_waits_are_the_generous_one():
    from tests.e2e.conftest import WAIT_MS

    found = {str(path.relative_to(ROOT)): lines
             for path in sorted((ROOT / "tests" / "e2e").rglob("*.py"))
             if (lines := _short_waits(path, WAIT_MS))}
    assert found == {}, f"browser waits are WAIT_MS ({WAIT_MS} ms, tests/e2e/conftest.py)"


def test_expect_waits_as_long_as_the_pages():
    """Playwright's expect() keeps its own timeout (5 s by default), which the context's
    ``set_default_timeout`` does not change: the e2e conftest sets it to ``WAIT_MS``."""
    from playwright.sync_api import expect

    from tests.e2e.conftest import WAIT_MS

    assert expect._timeout == WAIT_MS
