"""Issue 14 in Chromium, the answers the server refused: recorded offline on the three
screens (interview, paper, micro-trottoir), a refused one corrected and sent again; two
refused answers corrected in turn, neither lost, both exported and imported late.

The browser runs in a persistent profile against the real threaded server of
``live_server``.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from participation.extensions import db
from participation.surveys.models import Response
from participation.surveys.offline_models import OfflineReceipt
from tests.e2e.helpers import assert_no_axe_violations
from tests.e2e.offline.device import (
    _activate,
    _count,
    _export,
    _items,
    _login_and_open,
    _ready,
    _sheet_header,
    _waiting,
)
from tests.surveys.helpers import opt, q

pytestmark = pytest.mark.e2e


def test_paper_street_and_a_refused_answer_corrected(tablet, territory, survey):
    from participation.surveys import services

    services.add_question(survey, "long_text", "Que vous manque-t-il ?", name="manque")
    page = tablet.open().new_page()
    _login_and_open(page, territory, survey)
    _activate(page)
    info, canal, note = q(survey, "info"), q(survey, "canal"), q(survey, "note")
    tablet.context.set_offline(True)
    _three_screens_offline(page, survey)
    tablet.context.set_offline(False)
    page.wait_for_selector("[data-message]:has-text('Envoi : 2 enregistrées')")
    _waiting(page, 1)                                           # the refused one stays
    page.get_by_role("link", name="Entretien sur tablette").click()
    _ready(page)
    refused = page.locator("[data-refused] li")
    assert "« Note de sécurité » : Répondez à cette question." in refused.inner_text()
    page.get_by_role("button", name="Corriger").click()
    expect(page.locator(f"#q{info.id}-{opt(info, 'non')}")).to_be_checked()
    page.locator(f"#q{note.id}-8").check()
    page.get_by_role("button", name="Enregistrer sur l’appareil").click()
    page.wait_for_selector("[data-message]:has-text('Envoi : 1 enregistrée,')")
    _waiting(page, 0)
    assert _count(Response) == 3
    channels = sorted(db.session.scalars(select(Response.channel)))
    assert channels == ["entretien", "micro_trottoir", "papier"]
    assert canal.id not in {a.question_id for r in db.session.scalars(select(Response))
                            for a in r.answers}


def _three_screens_offline(page, survey) -> None:
    """Offline, one answer on each screen: an interview without its required score (the
    server will refuse it), paper sheet 1 typed by keyboard, a micro-trottoir answer."""
    info, note = q(survey, "info"), q(survey, "note")
    page.get_by_label("Lieu de recueil").fill("Centre social")
    page.locator(f"#q{info.id}-{opt(info, 'non')}").check()   # the score is forgotten
    page.get_by_role("button", name="Enregistrer sur l’appareil").click()
    _waiting(page, 1)
    page.get_by_role("link", name="Saisie papier").click()      # from the worker's cache
    _ready(page)
    assert_no_axe_violations(page)
    page.get_by_label("Lieu de recueil").fill("Sortie d'école")
    _sheet_header(page)
    page.keyboard.press("Enter")                                # Enter moves on, as online
    page.keyboard.type("2")
    page.locator(f"#q{note.id}").fill("7")
    page.get_by_role("button", name="Enregistrer sur l’appareil").click()
    _waiting(page, 2)
    assert page.get_by_label("N° de la feuille").input_value() == "2"
    page.get_by_role("link", name="Micro-trottoir").click()
    _ready(page)
    assert_no_axe_violations(page)
    page.get_by_label("Où ? (lieu de recueil)").fill("Marché")
    page.get_by_label("Que vous manque-t-il ?").fill("Un banc à l'ombre")
    page.get_by_role("button", name="Enregistrer sur l’appareil").click()
    _waiting(page, 3)


def _refused_interview(page, survey, place: str, waiting: int) -> None:
    """An interview saved without its required score: the server refuses it."""
    info = q(survey, "info")
    page.get_by_label("Lieu de recueil").fill(place)
    page.locator(f"#q{info.id}-{opt(info, 'non')}").check()
    page.get_by_role("button", name="Enregistrer sur l’appareil").click()
    _waiting(page, waiting)


def test_correcting_two_refused_answers_loses_neither(tablet, territory, survey):
    page = tablet.open().new_page()
    _login_and_open(page, territory, survey)
    _activate(page)
    note = q(survey, "note")
    bar = page.locator(".offline-bar")              # compact at 360 px, not sticky over the form
    assert bar.evaluate("e => getComputedStyle(e).position") == "static"
    assert bar.bounding_box()["height"] < 170     # was ~525 px with every line shown
    tablet.context.set_offline(True)
    _refused_interview(page, survey, "Place A", 1)
    _refused_interview(page, survey, "Place B", 2)
    tablet.context.set_offline(False)
    page.wait_for_selector("[data-message]:has-text('Envoi : 0 enregistrée')")
    _two_refusals_listed(page, bar)
    first, second = _open_both_corrections(page)
    with page.expect_download() as download:       # and both exported
        _export(page)
    exported = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert {i["uuid"] for i in exported["items"]} == {i["uuid"] for i in _items(page)}

    page.locator(f"#q{note.id}-8").check()
    page.get_by_role("button", name="Enregistrer sur l’appareil").click()
    page.wait_for_selector("[data-message]:has-text('Envoi : 1 enregistrée,')")
    _waiting(page, 1)
    expect(page.get_by_label("Lieu de recueil")).to_have_value("Fiche nouvelle")  # back
    page.get_by_role("button", name="Corriger").click()
    expect(page.get_by_label("Lieu de recueil")).to_have_value(first + " bis")
    page.locator(f"#q{note.id}-3").check()
    page.get_by_role("button", name="Enregistrer sur l’appareil").click()
    _waiting(page, 0)
    assert _count(Response) == 2 and _count(OfflineReceipt) == 2
    assert sorted(db.session.scalars(select(Response.place))) == sorted([first + " bis", second])
    page.get_by_role("button", name="Envoyer maintenant").click()
    expect(page.locator("[data-message]")).to_have_text(
        "Rien à envoyer : aucune réponse en attente.")

    _import_late(page, survey, download.value.path(), second)


def _open_both_corrections(page) -> tuple[str, str]:
    """With a new answer under way, « Corriger » on the first refusal, then (its correction
    under way, place + " bis") on the second: neither is lost, both wait refused. Returns
    the places (first, second) in the order they were opened."""
    page.get_by_label("Lieu de recueil").fill("Fiche nouvelle")   # a new answer under way
    buttons = page.get_by_role("button", name="Corriger")
    buttons.nth(0).click()
    expect(page.get_by_label("Lieu de recueil")).not_to_have_value("Fiche nouvelle")
    first = page.get_by_label("Lieu de recueil").input_value()
    second = {"Place A": "Place B", "Place B": "Place A"}[first]
    page.get_by_label("Lieu de recueil").fill(first + " bis")    # a correction under way
    buttons.nth(1).click()
    expect(page.get_by_label("Lieu de recueil")).to_have_value(second)
    _waiting(page, 2)                               # both still counted as waiting
    stored = _items(page)
    assert sorted(dict(i["fields"])["place"] for i in stored) == sorted([first + " bis", second])
    assert {i["status"] for i in stored} == {"refused"}
    return first, second


def _two_refusals_listed(page, bar) -> None:
    """The bar lists both refused interviews, each saying which answer it is and why."""
    expect(page.locator("[data-refused] li")).to_have_count(2)
    assert bar.bounding_box()["height"] < 230     # count, send, result, details summary
    expect(page.locator("[data-pending]")).to_have_text(
        "2 réponses en attente d’envoi (dont 2 refusées).")
    for place in ("Place A", "Place B"):             # each refusal says which answer it is
        row = page.locator("[data-refused] li", has_text=f"Entretien sur tablette · {place} · ")
        expect(row).to_contain_text("1re réponse : « Non »")
        expect(row).to_contain_text("« Note de sécurité » : Répondez à cette question.")
        assert re.search(r"\d\d/\d\d/\d{4} \d\d:\d\d", row.inner_text())


def _import_late(page, survey, path: str, second: str) -> None:
    """The exported file imported on the staff page once both answers were sent: its two
    rows are reported (``second`` among them), the table within 360 px."""
    page.goto(f"/surveys/{survey.id}/offline/import")
    page.get_by_label("Fichier exporté depuis la tablette (.json)").set_input_files(path)
    page.get_by_role("button", name="Importer").click()
    rows = page.locator("table.import-report tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.filter(has_text=f"Entretien sur tablette · {second} · ")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360   # no overflow
