"""Every route of the application, walked from ``app.url_map``.

- each endpoint is either marked ``@public`` (core/auth.py) or carries ``role_required``
  (which exposes ``view.required_role``): a new endpoint with neither fails here;
- each protected endpoint sends anonymous visitors to the login page and answers 403 to every
  lower role;
- staff of another territory get 404/403 on this territory's records;
- every page renders without inline script or style (the CSP forbids them).

URL parameters ``<int:x_id>`` are filled with the id of a record of the demo territory
(``flask demo load``, to which every feature adds its loader): the table is found from the
parameter name (``quartier_id`` -> table ``quartier``; aliases below).
"""
from __future__ import annotations

import re

from flask import g
from sqlalchemy import inspect, select
from sqlalchemy.orm import MANYTOONE
from werkzeug.routing import IntegerConverter

from participation.core.auth import ADMIN, ROLE_RANK
from participation.extensions import db
from tests import factories

FLASK_OWN = {"static"}
ALIASES = {"user": "user_account", "link": "contribution_link", "consent": "consent_record",
           "draw": "council_draw", "meeting": "council_meeting", "member": "council_member",
           "item": "council_agenda_item", "candidacy": "council_candidacy",
           "contact": "survey_contact", "question": "survey_question",
           "batch": "survey_batch"}
SKIP_METHODS = {"HEAD", "OPTIONS"}
INLINE = re.compile(r"<script(?![^>]*\bsrc=)|<style|\sstyle=|\son[a-z]+=\"", re.I)


def _rules(app, protected: bool | None = None):
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if rule.endpoint in FLASK_OWN:
            continue
        view = app.view_functions[rule.endpoint]
        role = getattr(view, "required_role", None)
        if protected is None or (role is not None) == protected:
            yield rule, role


def _tables() -> dict:
    return {m.class_.__tablename__: m.class_ for m in db.Model.registry.mappers}


def _model(name: str):
    """``quartier`` -> table quartier; else the one table ending in ``_<name>``
    (``meeting`` -> council_meeting); else ALIASES."""
    tables = _tables()
    if name in ALIASES:
        return tables[ALIASES[name]]
    if name in tables:
        return tables[name]
    suffixed = [t for t in tables if t.endswith("_" + name)]
    return tables[suffixed[0]] if len(suffixed) == 1 else None


def _record_id(table: str, territory_id: int) -> int | None:
    model = _model(table)
    if model is None:
        return None
    if "territory_id" in model.__table__.c:
        return db.session.scalar(select(model.id).where(model.territory_id == territory_id)
                                 .order_by(model.id).limit(1))
    return next((row.id for row in db.session.scalars(select(model).order_by(model.id))
                 if _territory_of(row) == territory_id), None)


def _territory_of(row, depth: int = 3) -> int | None:
    """The row's territory, directly or through its parents (many-to-one)."""
    if hasattr(row, "territory_id"):
        return row.territory_id
    for rel in inspect(type(row)).relationships if depth else ():
        parent = getattr(row, rel.key) if rel.direction is MANYTOONE else None
        found = _territory_of(parent, depth - 1) if parent is not None else None
        if found is not None:
            return found
    return None


def _url(rule, territory_id: int) -> str:
    values = {}
    for arg in rule.arguments:
        if arg in (rule.defaults or {}):  # a route's fixed value (defaults={"part": ...})
            values[arg] = rule.defaults[arg]
            continue
        integer = isinstance(rule._converters[arg], IntegerConverter)
        if integer and not arg.endswith("_id"):
            values[arg] = 0  # a position, not a record
        elif integer:
            ident = _record_id(arg.removesuffix("_id"), territory_id)
            assert ident is not None, (
                f"{rule.endpoint}: no record for <{arg}> in the demo territory; add one to your "
                f"demo loader, or an alias in {__name__}.ALIASES")
            values[arg] = ident
        elif getattr(rule._converters[arg], "items", None):
            values[arg] = sorted(rule._converters[arg].items)[0]  # <any(a, b):arg>
        else:
            values[arg] = "fr" if arg == "code" else "x"
    return rule.build(values, append_unknown=False)[1]


def _login(app, territory, role: str):
    client = app.test_client()
    user = factories.user(territory, role=role)
    g.pop("_login_user", None)
    response = client.post("/accounts/login", data={"email": user.email,
                                                    "password": factories.PASSWORD})
    assert response.status_code == 302
    return client


def _open(client, url: str, method: str = "GET"):
    """One request; forget the user Flask-Login cached in ``g`` (the tests share one app
    context, so without this the previous client's user would answer)."""
    g.pop("_login_user", None)
    return client.open(url, method=method)


def _calls(app, territory_id: int, protected: bool | None = True):
    for rule, role in _rules(app, protected):
        url = _url(rule, territory_id)
        for method in sorted(rule.methods - SKIP_METHODS):
            yield rule, role, method, url


def test_every_endpoint_is_public_or_requires_a_role(app):
    unmarked = [rule.endpoint for rule, role in _rules(app)
                if role is None and not getattr(app.view_functions[rule.endpoint],
                                                "is_public", False)]
    assert unmarked == [], "mark these views @public or @role_required(ROLE)"


def test_anonymous_visitors_are_sent_to_login(app, demo):
    client = app.test_client()
    wrong = []
    for _rule, _role, method, url in _calls(app, demo.id):
        response = _open(client, url, method)
        if response.status_code != 302 or "/accounts/login" not in response.location:
            wrong.append((method, url, response.status_code))
    assert wrong == []


def test_every_lower_role_gets_403(app, demo):
    clients = {role: _login(app, demo, role) for role in ROLE_RANK if role != ADMIN}
    wrong, checked = [], 0
    for _rule, required, method, url in _calls(app, demo.id):
        for role, client in clients.items():
            if ROLE_RANK[role] < ROLE_RANK[required]:
                checked += 1
                status = _open(client, url, method).status_code
                if status != 403:
                    wrong.append((role, method, url, status))
    assert checked and wrong == []


def test_staff_of_another_territory_never_reach_this_territorys_records(app, demo):
    other = factories.territory(name="Autre agglomération", communes=("Ailleurs",))
    client = _login(app, other, ADMIN)
    wrong, checked = [], 0
    for rule, _role, method, url in _calls(app, demo.id):
        if any(a.endswith("_id") for a in rule.arguments):
            checked += 1
            status = _open(client, url, method).status_code
            if status not in (403, 404):
                wrong.append((method, url, status))
    assert checked and wrong == []


def test_every_page_renders_without_inline_script_or_style_and_csrf_on_forms(app, demo):
    client = _login(app, demo, ADMIN)
    broken = []
    for rule, _role, method, url in _calls(app, demo.id, protected=None):
        if method != "GET" or rule.endpoint == "core.set_language":
            continue
        response = _open(client, url)
        body = response.get_data(True) if response.mimetype == "text/html" else ""
        if response.status_code >= 500 or INLINE.search(body) or _forms_without_csrf(body):
            broken.append((url, response.status_code))
    assert broken == []


POST_FORM = re.compile(r"<form\b[^>]*method=\"post\"[^>]*>(.*?)</form>", re.I | re.S)


def _forms_without_csrf(html: str) -> int:
    """POST forms of the page that do not carry the CSRF token."""
    return sum('name="csrf_token"' not in form for form in POST_FORM.findall(html))
