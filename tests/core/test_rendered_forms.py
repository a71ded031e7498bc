"""Every POST form of ``templates/`` has a test that submits it as rendered (issue #11).

THE CONVENTION (follow it for every form you test):

1. A rendered-form test GETs the page, fills the form as WebTest renders it and submits it::

       @pytest.mark.forms("events/table.html#1")
       def test_table_statements_are_saved(webapp, web_login, ...):
           web_login("coordinator")
           page = webapp.get(url)
           form = page.forms["table-form"]        # or by index / a field it holds
           form["texte"] = "…"
           page = form.submit().follow()
           assert "…" in page.text               # the real effect: row stored, page shows it

2. The marker key is ``"<path under templates/>#<N>"``: N is the 1-based rank of the
   ``<form method="post">`` tag in that template's source (count the tags in the file, included
   partials count in their own file). A template holding a single POST form may be named bare
   (``"events/table.html"``). One test may mark several keys; one key may be marked by several
   tests. Browser tests (Playwright, ``live_server``) use the same marker.
3. The mark is checked at run time (tests/conftest.py, tests/formcheck.py): a marked ``webapp``
   test fails unless one of its ``form.submit()`` calls submits a form of a page whose response
   rendered that template (included partials count); a marked browser test fails unless the
   template was rendered on a GET and a POST request followed.
4. The enumeration below is static: it parses the templates and the ``pytest.mark.forms(…)``
   calls in tests/ (AST, no import), so it runs alone, in any order, in well under a second.
   There is no allowed-missing list: a new POST form lands with its rendered-form test.
"""
from __future__ import annotations

from tests.formcheck import declared_keys, form_keys, normalise, post_forms


def _covered() -> tuple[set[str], list[str]]:
    """(normalised keys marked by some test, problems with marks naming no form)."""
    counts = post_forms()
    covered, bad = set(), []
    for key, where in declared_keys().items():
        try:
            covered.add(normalise(key, counts))
        except ValueError as exc:
            bad.append(f"{exc} (marked at {', '.join(where)})")
    return covered, bad


def test_templates_hold_post_forms():
    counts = post_forms()
    assert counts["events/table.html"] == 1
    assert "base.html" in counts  # the logout form
    assert sum(counts.values()) >= 70


def test_every_marker_names_a_real_post_form():
    _, bad = _covered()
    assert not bad, "\n".join(bad)


def test_every_post_form_has_a_rendered_form_test():
    covered, _ = _covered()
    missing = [k for k in form_keys(post_forms()) if k not in covered]
    assert not missing, ("POST forms with no test marked @pytest.mark.forms(...):\n"
                         + "\n".join(f"  templates/{k}" for k in missing))
