"""The link between the POST forms of ``templates/`` and the tests that submit them as rendered.

Convention (see tests/core/test_rendered_forms.py): a test that loads a page, fills one of its
POST forms as rendered and submits it is marked ``@pytest.mark.forms("events/table.html#1")``;
the key is the template's path under ``templates/`` and the 1-based rank of the
``<form method="post">`` tag in that file's source. The bare path (``"events/table.html"``)
stands for ``#1`` when the template holds a single POST form.

Two checks keep the marks honest and cheap:

- static (:func:`post_forms`, :func:`declared_keys`): the templates and the test files are parsed
  (no import, no pytest run), so the enumeration test works when run alone;
- at run time (:class:`SubmitRecorder`): a marked test that uses ``webapp`` must submit, through
  WebTest's form API, a form of a page whose response rendered the marked template (the
  ``template_rendered`` signal names every template and include); a marked browser test
  (``live_server``) must render the template and make a POST request.
"""
from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
TESTS = ROOT / "tests"

_FORM_TAG = re.compile(r"<form\b(?:[^>{]|\{\{.*?\}\}|\{%.*?%\})*>", re.IGNORECASE | re.DOTALL)
_POST = re.compile(r"""\bmethod\s*=\s*["']?post\b""", re.IGNORECASE)


def post_forms(root: Path = TEMPLATES) -> dict[str, int]:
    """Every template with POST forms -> how many ``<form method="post">`` tags it holds.

    Keys are POSIX paths relative to ``root`` (``"events/table.html"``).
    """
    counts: dict[str, int] = {}
    for path in sorted(root.rglob("*.html")):
        tags = [t for t in _FORM_TAG.findall(path.read_text(encoding="utf-8")) if _POST.search(t)]
        if tags:
            counts[path.relative_to(root).as_posix()] = len(tags)
    return counts


# include, import, from … import and extends: a page renders the forms of the templates it
# includes, imports macros from (johari/_tags.html) or extends (base.html's logout form).
_INCLUDE = re.compile(r"""\{%-?\s*(?:include|import|from|extends)\s+["']([^"']+)["']""")


def with_includes(names, root: Path = TEMPLATES) -> set[str]:
    """The templates ``names`` plus every template they include or import, transitively
    (Flask's ``template_rendered`` signal names only the template rendered by the view)."""
    found, todo = set(), list(names)
    while todo:
        name = todo.pop()
        if name in found:
            continue
        found.add(name)
        path = root / name
        if path.is_file():
            todo.extend(_INCLUDE.findall(path.read_text(encoding="utf-8")))
    return found


def form_keys(counts: dict[str, int]) -> list[str]:
    """``{"a.html": 2}`` -> ``["a.html#1", "a.html#2"]``."""
    return [f"{name}#{rank}" for name, n in counts.items() for rank in range(1, n + 1)]


def normalise(key: str, counts: dict[str, int]) -> str:
    """A marker key in full form: ``"a.html"`` -> ``"a.html#1"`` (single-form templates only).

    Raises ValueError when the key names no POST form of the templates, or is a bare path for
    a template holding several.
    """
    name, _, rank = key.partition("#")
    if name not in counts:
        raise ValueError(f"{key}: no <form method=\"post\"> in templates/{name}")
    if not rank:
        if counts[name] != 1:
            raise ValueError(f"{key}: templates/{name} holds {counts[name]} POST forms, say #N")
        return f"{name}#1"
    if not rank.isdigit() or not 1 <= int(rank) <= counts[name]:
        raise ValueError(f"{key}: templates/{name} holds {counts[name]} POST form(s)")
    return key


def _is_forms_mark(func: ast.expr) -> bool:
    return (isinstance(func, ast.Attribute) and func.attr == "forms"
            and isinstance(func.value, ast.Attribute) and func.value.attr == "mark")


def declared_keys(root: Path = TESTS) -> dict[str, list[str]]:
    """Every ``pytest.mark.forms("…")`` argument in the test files -> where it is declared.

    Returns ``{key: ["tests/x/test_y.py:12", …]}``; keys as written (see :func:`normalise`).
    """
    found: dict[str, list[str]] = {}
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _is_forms_mark(node.func):
                for arg in node.args:
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                        where = f"{path.relative_to(ROOT).as_posix()}:{node.lineno}"
                        found.setdefault(arg.value, []).append(where)
    return found


@dataclass
class SubmitRecorder:
    """What one test did: templates rendered per request, and forms submitted through WebTest.

    ``rendered`` holds ``(method, template name)`` for every template rendered by the app (any
    thread), ``requests`` the method of every request it served; ``submitted`` holds the
    template names rendered for each page a form was submitted from, with the form's action.
    """

    rendered: list[tuple[str, str]] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    submitted: list[tuple[frozenset[str], str]] = field(default_factory=list)

    def unmet(self, keys: list[str], via_webtest: bool) -> list[str]:
        """The marked keys this test did not honour (empty when every one was submitted)."""
        missing = []
        for key in keys:
            name = key.partition("#")[0]
            if via_webtest:
                ok = any(name in with_includes(templates) for templates, _ in self.submitted)
            else:
                rendered = with_includes(t for method, t in self.rendered if method == "GET")
                ok = name in rendered and "POST" in self.requests
            if not ok:
                missing.append(key)
        return missing


def pick_form(page, *, action: str | None = None, field: str | None = None,
              button: str | None = None, index: int = 0):
    """The POST form of a WebTest page matching every criterion given, skipping the header's
    logout form: ``action`` a substring of its action, ``field`` a field name it holds,
    ``button`` a substring of a submit button's text. ``index`` picks among several matches.

    Raises LookupError naming the forms there are when none matches.
    """
    found = []
    for form in page.forms.values():
        if form.method.upper() != "POST" or form.action.endswith("/accounts/logout"):
            continue
        if action is not None and action not in form.action:
            continue
        if field is not None and field not in form.fields:
            continue
        if button is not None and button not in form.text:
            continue
        found.append(form)
    if len(found) <= index:
        raise LookupError(f"no form action~{action} field={field} button~{button} in "
                          f"{[(f.action, list(f.fields)) for f in page.forms.values()]}")
    return found[index]
