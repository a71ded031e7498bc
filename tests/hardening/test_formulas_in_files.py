"""Finding 3, 10, 18 of issue #17: no file the platform writes carries a live formula.

Formulas are planted in every word column of the demo territory (``conftest.plant_formulas``:
labels, answers, names, post-its, tree, council...). Then EVERY route of ``app.url_map`` is
opened as an admin, with every format its ``<fmt>``/``<ext>`` accepts, plus the two POST
downloads (personal export, right of access); every response that is a spreadsheet-readable
file (CSV, XLSX, ODS, JSON) is read back and no cell may start with ``= + - @``, a tab or a
carriage return: each must carry the apostrophe of ``participation.exports.cells.inert``.
Every CSV must also read the same when the spreadsheet splits on tabs too (the planted
"\t=1+1" leaves a tab inside a cell once made inert): such a cell is quoted
(``participation.exports.csvtext``; last session's testers found it cut in two).
A new download route is checked by construction; the test also fails if a known download
no longer answers a file, or if the plant did not reach it.
"""
from __future__ import annotations

import csv
import io
import re

from flask import g

from participation.core.auth import ADMIN
from participation.exports.registry import EXPORTS
from participation.extensions import db
from participation.surveys.models import Survey
from tests.hardening import splitting
from tests.hardening.conftest import plant_formulas
from tests.hardening.inert import SPREADSHEET_TYPES, csv_delimiter, dangerous_cells
from tests.privacy.test_routes_roles import _login, _rules, _url

FORMATS = ("csv", "xlsx", "ods", "json", "png", "svg", "docx", "odt", "py")
# Downloads that must answer a file reached by the planted words (endpoint -> at least one
# inert cell expected). template.csv holds only XML names: it is checked, never planted.
PLANTED_REACH = {"surveys.results_csv", "surveys.xlsform", "territory.export_tree",
                 "exports.download", "exports.download_personal", "privacy.export_person",
                 "council.draw_json"}
CHECKED_ONLY = {"surveys.answers_template"}
# The right of access's JSON gives the person's data as stored (DPO tester t28res, defect 1:
# a phone "+33…" read "'+33…"): no spreadsheet opens it; its CSV stays inert.
AS_STORED = {("privacy.export_person", "application/json")}


def _variants(app, rule, territory_id: int) -> list[str]:
    """The rule's URL with every format it may take (``<fmt>``, ``<ext>``, ``<name>``)."""
    url = _url(rule, territory_id)
    urls = {url}
    if rule.arguments & {"fmt", "ext"}:
        urls |= {u.replace(".x", f".{f}") for u in urls for f in FORMATS}
    if "name" in rule.arguments:
        urls = {u.replace("/x.", f"/{name}.") for u in urls for name in EXPORTS}
    return sorted(urls)


def _files(client, method: str, url: str, data: dict | None = None):
    g.pop("_login_user", None)
    response = client.open(url, method=method, data=data)
    if response.status_code == 200 and response.mimetype in SPREADSHEET_TYPES:
        # JSON the product's own pages read (the offline survey definition) is no file a
        # person opens in a spreadsheet: only downloaded JSON must be inert.
        if response.mimetype != "application/json" or "attachment" in response.headers.get(
                "Content-Disposition", ""):
            yield response


def _post_downloads(client):
    for name, spec in EXPORTS.items():
        if spec.personal:
            for fmt in ("csv", "xlsx", "ods", "json"):
                data = {f"{name}-fmt": fmt, f"{name}-reason": "Vérification",
                        f"{name}-confirm": "y"}
                yield "exports.download_personal", "POST", f"/exports/{name}", data
    page = client.post("/privacy/personne", data={"phone": "06 00 00 00 99"}).get_data(
        as_text=True)  # the person's set, as the page's export forms carry it
    person = re.search(r'name="person" value="([0-9a-f]{16})"', page).group(1)
    for fmt in ("csv", "json"):
        yield ("privacy.export_person", "POST", f"/privacy/personne/export.{fmt}",
               {"phone": "06 00 00 00 99", "person": person})


def _all_downloads(app, client, territory_id: int):
    for rule, _role in _rules(app):
        if "GET" in rule.methods and rule.endpoint not in ("core.set_language",):
            for url in _variants(app, rule, territory_id):
                yield rule.endpoint, "GET", url, None
    yield from _post_downloads(client)


def _split_by_tabs(response) -> tuple[bool, bool]:
    """(whether a cell of this CSV holds a tab, whether splitting on tabs too changes it)."""
    if response.mimetype != "text/csv":
        return False, False
    text = response.get_data().decode("utf-8-sig")
    sep = csv_delimiter(text)
    read = [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=sep) if row]
    return any("\t" in cell for row in read for cell in row), \
        splitting.rows(text, sep + "\t") != read


def test_every_downloaded_file_is_inert(app, planted):
    assert plant_formulas() > 40  # twice: "=..." then "'=..." must both end up inert
    client = _login(app, planted, ADMIN)
    live, reached, answered, tabbed, split, as_stored = [], {}, set(), set(), [], []
    for endpoint, method, url, data in _all_downloads(app, client, planted.id):
        for response in _files(client, method, url, data):
            answered.add(endpoint)
            bad, inert = dangerous_cells(response.get_data(), response.mimetype)
            if (endpoint, response.mimetype) in AS_STORED:
                as_stored += bad
                continue
            live += [(url, value[:40]) for value in bad]
            reached[endpoint] = reached.get(endpoint, 0) + inert
            holds_tab, cut = _split_by_tabs(response)
            tabbed |= {endpoint} if holds_tab else set()
            split += [url] if cut else []
    assert live == []
    assert as_stored  # the planted formulas, as stored, in the person's JSON
    assert PLANTED_REACH | CHECKED_ONLY <= answered
    assert {e for e in PLANTED_REACH if not reached.get(e)} == set()
    assert split == []
    # the tab reached the CSV files of the writers (the person's export: its planted row
    # holds no tab, tests/exports/test_csv_quoting.py pastes one in a resident's contact)
    assert {"exports.download", "surveys.results_csv", "territory.export_tree"} <= tabbed


def test_xlsform_round_trip_keeps_a_label_that_starts_with_equals(app, planted):
    from participation.surveys.imports import parse_xlsform

    survey = db.session.scalars(db.select(Survey).where(Survey.territory_id == planted.id)
                                .order_by(Survey.id)).first()
    client = _login(app, planted, ADMIN)
    body = client.get(f"/surveys/{survey.id}/form.xlsx").get_data()
    _title, _form_id, specs, _languages = parse_xlsform(body)
    assert [s["label"] for _l, s, _c in specs] == [q.label for q in survey.questions]
    assert any(q.label.startswith(("=", "+", "-", "@", "\t", "\r")) for q in survey.questions)
