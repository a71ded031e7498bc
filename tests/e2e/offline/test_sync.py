"""Issue 14 in Chromium, the sync path: a facilitator's tablet records 20 interviews with no
network, survives a reload and a closed browser, then syncs once; two tabs syncing the same
answers store them once; a revoked device is refused with a clear message and keeps its
answers; an answer to a question removed while offline is reported.

The browser runs in a persistent profile (IndexedDB, Cache Storage and the service worker
survive closing it) against the real threaded server of ``live_server``.
"""
from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from participation.extensions import db
from participation.surveys.devices import revoke_device
from participation.surveys.models import Response
from participation.surveys.offline_models import OfflineReceipt, SurveyDevice
from tests import factories
from tests.e2e.helpers import assert_no_axe_violations
from tests.e2e.offline.device import (
    _activate,
    _count,
    _export,
    _interview,
    _login_and_open,
    _ready,
    _waiting,
)
from tests.surveys.helpers import opt, q

pytestmark = pytest.mark.e2e


def _server_hits(caplog, since: int) -> list[str]:
    """Requests for the page and what it loads (scripts, styles, definition) that reached the
    live server since the ``since``-th log record. The browser's own fetches (the worker's
    update check, the manifest and its icon) are not subject to the offline emulation."""
    watched = ("/offline/entretien ", "/static/js/", "/static/style.css", "/definition.json")
    return [r.getMessage() for r in caplog.records[since:] if r.name == "werkzeug"
            and any(part in r.getMessage() for part in watched)]


def _draft_kept_on_reload(page, survey) -> None:
    """A draft under way ("Oui" ticked, not saved) survives a reload from the worker, the 20
    saved answers too, and its condition applies again."""
    info = q(survey, "info")
    page.locator(f"#q{info.id}-{opt(info, 'oui')}").check()  # a draft, not yet saved
    page.wait_for_selector("[data-offline][data-draft='saved']", state="attached")
    page.reload()
    _ready(page)
    _waiting(page, 20)
    expect(page.locator(f"#q{info.id}-{opt(info, 'oui')}")).to_be_checked()  # draft restored
    expect(page.get_by_text("Par quel biais ?")).to_be_visible()  # its condition applies again


def test_twenty_interviews_offline_sync_once(tablet, territory, survey, caplog):
    caplog.set_level(logging.INFO, logger="werkzeug")
    page = tablet.open().new_page()
    _login_and_open(page, territory, survey)
    _activate(page)
    # the reloaded page's version check has reached the server before the network goes
    page.wait_for_selector("[data-offline][data-version-checked='1']", state="attached")
    tablet.context.set_offline(True)
    page.wait_for_selector("[data-offline][data-online='0']", state="attached")
    offline_since = len(caplog.records)
    for n in range(20):
        _interview(page, survey, n)
    assert "20 réponses en attente d’envoi." in page.locator("[data-pending]").inner_text()
    _draft_kept_on_reload(page, survey)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_no_axe_violations(page)
    with page.expect_download() as download:
        _export(page)
    exported = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert len(exported["items"]) == 20 and _count(Response) == 0
    assert _server_hits(caplog, offline_since) == []  # the reload came from the worker

    page = _reopened_and_synced(tablet, survey)
    assert "Envoi : 20 enregistrées, 0 déjà reçue, 0 refusée." in \
        page.locator("[data-message]").inner_text()
    assert _count(Response) == 20 and _count(OfflineReceipt) == 20
    places = set(db.session.scalars(select(Response.place)))
    channels = set(db.session.scalars(select(Response.channel)))
    assert places == {"Marché du samedi"} and channels == {"entretien"}

    again = _send(page, survey, exported["items"])  # sync again: nothing added
    assert (again["stored"], again["already"]) == (0, 20)
    assert _count(Response) == 20


def _reopened_and_synced(tablet, survey):
    """The browser closed, then reopened offline: the 20 answers still wait; the network
    returns and they are sent (sync on "online"). Returns the page."""
    tablet.close()
    context = tablet.open()
    context.set_offline(True)
    page = context.new_page()
    page.goto(f"/surveys/{survey.id}/offline/entretien")
    _ready(page)
    _waiting(page, 20)
    context.set_offline(False)
    _waiting(page, 0)
    return page


def _send(page, survey, items) -> dict:
    """What a second sync of the same answers sends, with this device's key."""
    return page.evaluate("""async ([url, items]) => {
      const db = await new Promise((ok) => {
        const r = indexedDB.open("pdq-offline", 1); r.onsuccess = () => ok(r.result); });
      const key = await new Promise((ok) => {
        const r = db.transaction("meta").objectStore("meta").get(
          "device:" + document.querySelector("[data-offline]").dataset.survey);
        r.onsuccess = () => ok(r.result.token); });
      const response = await fetch(url, {method: "POST", credentials: "omit",
        headers: {"Content-Type": "application/json", "Authorization": "Bearer " + key},
        body: JSON.stringify({items})});
      return response.json();
    }""", [f"/surveys/{survey.id}/offline/sync", items])


def test_two_tabs_and_a_revoked_device(tablet, territory, survey):
    context = tablet.open()
    first = context.new_page()
    _login_and_open(first, territory, survey)
    _activate(first)
    context.set_offline(True)
    for n in range(20):
        _interview(first, survey, n)
    second = context.new_page()
    second.goto(f"/surveys/{survey.id}/offline/entretien")
    _ready(second)
    _waiting(second, 20)                            # both tabs hold the same 20 answers
    context.set_offline(False)                      # both sync the same batch at once
    _waiting(first, 0)
    _waiting(second, 0)
    assert _count(Response) == 20 and _count(OfflineReceipt) == 20
    second.close()

    revoke_device(db.session.scalar(select(SurveyDevice)),
                  factories.user(territory, role="coordinator"))
    context.set_offline(True)
    _interview(first, survey, 0)
    context.set_offline(False)
    first.wait_for_selector("[data-device]:has-text('révoqué par la coordination')")
    bar = first.locator(".offline-bar").inner_text()
    assert "Elles restent sur l'appareil" in bar
    assert "activé" not in bar and bar.count("révoqué") == 1   # only the revoked state
    first.reload()
    _ready(first)
    _waiting(first, 1)                              # the answer is still on the device
    expect(first.locator("[data-device]")).to_contain_text("révoqué par la coordination")
    assert _count(Response) == 20
    assert_no_axe_violations(first)


def test_a_question_removed_while_offline_is_reported(tablet, territory, survey):
    from participation.surveys import services

    park = services.add_question(survey, "short_text", "Un mot sur le parc ?", name="parc")
    page = tablet.open().new_page()
    _login_and_open(page, territory, survey)
    _activate(page)
    tablet.context.set_offline(True)
    page.get_by_label("Un mot sur le parc ?").fill("Trop sombre le soir")
    _interview(page, survey, 0)
    services.delete_question(park)                  # the coordinator edits the survey
    tablet.context.set_offline(False)
    _waiting(page, 0)
    message = page.locator("[data-message]").inner_text()
    assert "Envoi : 1 enregistrée, 0 déjà reçue, 0 refusée." in message
    assert "Question supprimée depuis, réponse signalée à la coordination : " \
        "Un mot sur le parc ?" in message
    receipt = db.session.scalar(select(OfflineReceipt))
    assert receipt.removed_list == [{"question": "Un mot sur le parc ?",
                                     "values": ["Trop sombre le soir"]}]
    page.reload()                                   # network first: the page is current
    _ready(page)
    assert page.get_by_label("Un mot sur le parc ?").count() == 0
