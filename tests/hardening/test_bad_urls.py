"""Finding 14 of issue #17: no URL, however forged, gets an HTTP 500.

Every rule of ``app.url_map`` is called (GET and POST) by an admin and by an anonymous
visitor:
- with every ``<int:...>`` replaced by numbers no database holds (2^31, 2^63, 10^30): public
  pages answer 404, nothing answers 500;
- with every parameter name the code reads (``request.args/form.get("...")`` in the sources,
  and every field of every form) set to junk (``x``, ``-1``, ``2^63``, ``1e999``, ``%00``…):
  nothing answers 500 (a malformed staff parameter is a 400 or the page without it).
"""
from __future__ import annotations

import re
from pathlib import Path

from flask import g
from flask_wtf import FlaskForm
from werkzeug.routing import IntegerConverter
from wtforms.fields.core import UnboundField

from participation.core.auth import ADMIN
from tests.privacy.test_routes_roles import _login, _rules, _url

ROOT = Path(__file__).resolve().parents[2] / "participation"
HUGE = [2**31, 2**63, 2**64 + 1, 10**30]
JUNK = ["x", "-1", str(2**63), "1e999", "\x00../../etc/passwd'; --", "١٢|a\tb"]


def _names_in_sources() -> set[str]:
    found = set()
    for path in ROOT.rglob("*.py"):
        found |= set(re.findall(r"""\.get(?:list)?\(\s*["']([a-z_][a-z0-9_]*)["']""",
                                path.read_text()))
    return found


def _form_fields() -> set[str]:
    import participation  # noqa: F401 (every blueprint imported by the app fixture)

    names, todo = set(), [FlaskForm]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        names |= {n for n, v in vars(cls).items() if isinstance(v, UnboundField)}
    return names


class _Crash:
    """An exception the app let through (the test app propagates them): a 500."""

    def __init__(self, exc: Exception):
        self.status_code, self.error = 500, f"{type(exc).__name__}: {str(exc)[:80]}"


def _call(client, method: str, url: str, data=None):
    g.pop("_login_user", None)
    try:
        if method == "GET":
            return client.get(url, query_string=data)
        return client.post(url, data=data)
    except Exception as exc:  # noqa: BLE001 - reported by the test
        from participation.extensions import db

        db.session.rollback()
        return _Crash(exc)


def _huge_urls(app, territory_id: int):
    for rule, _role in _rules(app, None):
        if not any(_is_int(rule, a) for a in rule.arguments):
            continue
        url = _url(rule, territory_id)
        for value in HUGE:
            forged = _forge(rule, url, value)
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield rule, method, forged


def _is_int(rule, arg: str) -> bool:
    """True for an integer argument of the address (a route's fixed value from its
    ``defaults`` is no argument of the address)."""
    return arg in rule._converters and isinstance(rule._converters[arg], IntegerConverter)


def _forge(rule, url: str, value: int) -> str:
    """The rule's URL with every integer argument set to ``value``, written by hand (the
    converter may refuse to build an out-of-range number); other arguments as ``_url``."""
    _endpoint, values = rule.map.bind("localhost").match(
        url, method=sorted(rule.methods - {"HEAD", "OPTIONS"})[0])
    return re.sub(r"<(?:[^:>]+:)?([^>]+)>",
                  lambda m: str(value) if _is_int(rule, m.group(1)) else str(values[m.group(1)]),
                  rule.rule)


def test_huge_ids_give_404_never_500(app, demo):
    admin = _login(app, demo, ADMIN)
    anonymous = app.test_client()
    broken, public_not_404 = [], []
    for rule, method, url in _huge_urls(app, demo.id):
        for who, client in (("admin", admin), ("anonymous", anonymous)):
            status = _call(client, method, url).status_code
            if status >= 500:
                broken.append((who, method, url, status))
            if who == "anonymous" and method == "GET" and status not in (302, 404) and \
                    getattr(app.view_functions[rule.endpoint], "is_public", False):
                public_not_404.append((url, status))
    assert broken == [] and public_not_404 == []


def test_junk_parameters_never_give_500(app, demo):
    admin = _login(app, demo, ADMIN)
    names = sorted(_names_in_sources() | _form_fields() | {"page", "entry_id", "sep"})
    broken = []
    calls = [(method, _url(rule, demo.id)) for rule, _role in _rules(app, None)
             if rule.endpoint not in ("core.set_language", "accounts.logout")
             for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    for method, url in calls:  # URLs first: a junk POST may delete a record
        for junk in JUNK:
            answer = _call(admin, method, url, {n: junk for n in names})
            if answer.status_code >= 500:
                broken.append((method, url, repr(junk), getattr(answer, "error", "")))
    assert broken == [], "\n".join(map(str, broken))


def test_malformed_staff_parameters_get_400(app, demo):
    """The two cases of the finding: ``?sep=x`` on an export, a forged ``entry_id``."""
    from participation.council.models import Member

    admin = _login(app, demo, ADMIN)
    for sep in ("x", "--", "1e999"):
        assert _call(admin, "GET", "/exports/contributions.csv", {"sep": sep}).status_code == 400
    assert _call(admin, "GET", "/exports/contributions.csv", {"sep": ","}).status_code == 200
    from participation.extensions import db

    member = db.session.scalars(db.select(Member).order_by(Member.id)).first()
    for junk in ("abc", str(2**63), "1e3"):
        answer = _call(admin, "POST", f"/council/members/{member.id}/replace",
                       {"entry_id": junk, "started_on": "2024-01-01"})
        assert answer.status_code == 400
