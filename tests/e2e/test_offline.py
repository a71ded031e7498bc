"""Issue 14 in Chromium: a facilitator's tablet records 20 interviews with no network, survives
a reload and a closed browser, then syncs once; two tabs syncing the same answers store them
once; a revoked device is refused with a clear message and keeps its answers.

The browser runs in a persistent profile (IndexedDB, Cache Storage and the service worker
survive closing it) against the real threaded server of ``live_server``.
"""
from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from participation.extensions import db
from participation.surveys import services
from participation.surveys.devices import revoke_device
from participation.surveys.models import Response
from participation.surveys.offline_models import OfflineReceipt, SurveyDevice
from tests import factories
from tests.e2e.conftest import CHROMIUM_ARGS, VIEWPORT, _chromium_path
from tests.e2e.helpers import assert_no_axe_violations, foreign_requests
from tests.surveys.helpers import opt, q, survey_with_condition

pytestmark = pytest.mark.e2e
WAIT = 20_000


class Tablet:
    """A persistent Chromium profile: closing and reopening keeps what the page stored."""

    def __init__(self, browser, base_url: str, profile):
        self.browser, self.base_url, self.profile = browser, base_url, profile
        self.requested: list[str] = []
        self.context = None

    def open(self):
        self.context = self.browser.browser_type.launch_persistent_context(
            str(self.profile), executable_path=_chromium_path(), headless=True,
            args=CHROMIUM_ARGS, viewport=VIEWPORT, locale="fr-FR", base_url=self.base_url,
            service_workers="allow", accept_downloads=True)
        self.context.set_default_timeout(WAIT)
        self.context.on("request", lambda request: self.requested.append(request.url))
        return self.context

    def close(self):
        if self.context is not None:
            self.context.close()
            self.context = None


@pytest.fixture
def tablet(browser, live_server, tmp_path):
    device = Tablet(browser, live_server, tmp_path / "profil")
    yield device
    device.close()
    assert foreign_requests(device.requested, live_server) == []


@pytest.fixture
def survey(territory, quartier):
    return survey_with_condition(territory, quartier)


def _count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def _ready(page) -> None:
    page.wait_for_selector("[data-offline][data-ready='1']", state="attached")


def _waiting(page, n: int) -> None:
    page.wait_for_selector(f"[data-offline][data-waiting='{n}']", state="attached")


def _login_and_open(page, territory, survey) -> None:
    user = factories.user(territory, role="facilitator")
    page.goto("/accounts/login")
    page.get_by_label("Adresse e-mail").fill(user.email)
    page.get_by_label("Mot de passe").fill(factories.PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()
    page.goto(f"/surveys/{survey.id}/offline/entretien")
    _ready(page)


def _activate(page) -> None:
    page.get_by_label("Nom de l’appareil (ex. tablette 2 du centre social)").fill("Tablette 1")
    page.get_by_role("button", name="Activer cet appareil pour ce questionnaire").click()
    page.wait_for_selector("[data-device]:has-text('Appareil « Tablette 1 » activé')",
                           state="attached")
    assert "n° " not in page.locator("[data-device]").inner_text()  # no database id
    assert "appareil=" not in page.url  # the key left the address bar at once
    # the worker is active with its cache filled: the next loads come from it
    assert page.evaluate("""() => navigator.serviceWorker.ready.then((r) => {
      const worker = r.active;
      return worker.state === "activated" ? worker.state : new Promise((ok) => {
        worker.addEventListener("statechange", () => ok(worker.state)); });
    })""") == "activated"


def _interview(page, survey, n: int) -> None:
    """One interview typed as a facilitator does; every third person knows and says how."""
    info, canal, note = q(survey, "info"), q(survey, "canal"), q(survey, "note")
    if n == 0:
        page.get_by_label("Lieu de recueil").fill("Marché du samedi")
    knows = "oui" if n % 3 == 0 else "non"
    page.locator(f"#q{info.id}-{opt(info, knows)}").check()
    if knows == "oui":
        page.locator(f"#q{canal.id}-{opt(canal, 'facebook')}").check()
    page.locator(f"#q{note.id}-{1 + n % 10}").check()
    page.get_by_role("button", name="Enregistrer sur l’appareil").click()
    _waiting(page, n + 1)


def _server_hits(caplog, since: int) -> list[str]:
    """Requests for the page and what it loads (scripts, styles, definition) that reached the
    live server since the ``since``-th log record. The browser's own fetches (the worker's
    update check, the manifest and its icon) are not subject to the offline emulation."""
    watched = ("/offline/entretien ", "/static/js/", "/static/style.css", "/definition.json")
    return [r.getMessage() for r in caplog.records[since:] if r.name == "werkzeug"
            and any(part in r.getMessage() for part in watched)]


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
    info = q(survey, "info")
    page.locator(f"#q{info.id}-{opt(info, 'oui')}").check()  # a draft, not yet saved
    page.wait_for_selector("[data-offline][data-draft='saved']", state="attached")
    page.reload()
    _ready(page)
    _waiting(page, 20)
    assert page.locator(f"#q{info.id}-{opt(info, 'oui')}").is_checked()  # draft restored
    assert page.get_by_text("Par quel biais ?").is_visible()  # its condition applies again
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_no_axe_violations(page)
    with page.expect_download() as download:
        _export(page)
    exported = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert len(exported["items"]) == 20 and _count(Response) == 0
    assert _server_hits(caplog, offline_since) == []  # the reload came from the worker

    tablet.close()                                  # the browser is closed, then reopened
    context = tablet.open()
    context.set_offline(True)
    page = context.new_page()
    page.goto(f"/surveys/{survey.id}/offline/entretien")
    _ready(page)
    _waiting(page, 20)
    context.set_offline(False)                      # the network returns: sync on "online"
    _waiting(page, 0)
    assert "Envoi : 20 enregistrées, 0 déjà reçue, 0 refusée." in \
        page.locator("[data-message]").inner_text()
    assert _count(Response) == 20 and _count(OfflineReceipt) == 20
    places = set(db.session.scalars(select(Response.place)))
    channels = set(db.session.scalars(select(Response.channel)))
    assert places == {"Marché du samedi"} and channels == {"entretien"}

    again = _send(page, survey, exported["items"])  # sync again: nothing added
    assert (again["stored"], again["already"]) == (0, 20)
    assert _count(Response) == 20


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


def test_paper_street_and_a_refused_answer_corrected(tablet, territory, survey):
    from participation.surveys import services

    services.add_question(survey, "long_text", "Que vous manque-t-il ?", name="manque")
    page = tablet.open().new_page()
    _login_and_open(page, territory, survey)
    _activate(page)
    info, canal, note = q(survey, "info"), q(survey, "canal"), q(survey, "note")
    tablet.context.set_offline(True)
    page.get_by_label("Lieu de recueil").fill("Centre social")
    page.locator(f"#q{info.id}-{opt(info, 'non')}").check()   # the score is forgotten
    page.get_by_role("button", name="Enregistrer sur l’appareil").click()
    _waiting(page, 1)
    page.get_by_role("link", name="Saisie papier").click()      # from the worker's cache
    _ready(page)
    assert_no_axe_violations(page)
    page.get_by_label("Nom du lot").fill("Lot école")
    page.get_by_label("Date du recueil").fill("2026-06-10")
    page.get_by_label("Lieu de recueil").fill("Sortie d'école")
    page.get_by_label("N° de la feuille").fill("1")
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


def _items(page) -> list[dict]:
    """The answers stored on the device (IndexedDB "items"), whatever their status."""
    return page.evaluate("""async () => {
      const db = await new Promise((ok) => {
        const r = indexedDB.open("pdq-offline", 1); r.onsuccess = () => ok(r.result); });
      return new Promise((ok) => {
        const r = db.transaction("items").objectStore("items").getAll();
        r.onsuccess = () => ok(r.result); });
    }""")


def _export(page) -> None:
    """The export button sits in the bar's collapsible details."""
    details = page.locator("[data-bar-details]")
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    page.get_by_role("button", name="Exporter dans un fichier").click()


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
    expect(page.locator("[data-refused] li")).to_have_count(2)
    assert bar.bounding_box()["height"] < 230     # count, send, result, details summary
    expect(page.locator("[data-pending]")).to_have_text(
        "2 réponses en attente d’envoi (dont 2 refusées).")
    for place in ("Place A", "Place B"):             # each refusal says which answer it is
        row = page.locator("[data-refused] li", has_text=f"Entretien sur tablette · {place} · ")
        expect(row).to_contain_text("1re réponse : « Non »")
        expect(row).to_contain_text("« Note de sécurité » : Répondez à cette question.")
        assert re.search(r"\d\d/\d\d/\d{4} \d\d:\d\d", row.inner_text())
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
    with page.expect_download() as download:       # and both exported
        _export(page)
    exported = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert {i["uuid"] for i in exported["items"]} == {i["uuid"] for i in stored}

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

    page.goto(f"/surveys/{survey.id}/offline/import")   # the exported file, imported late
    page.get_by_label("Fichier exporté depuis la tablette (.json)").set_input_files(
        download.value.path())
    page.get_by_role("button", name="Importer").click()
    rows = page.locator("table.import-report tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.filter(has_text=f"Entretien sur tablette · {second} · ")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360   # no overflow


def test_paper_sheet_without_batch_date_is_stopped_on_the_device(tablet, territory, survey):
    page = tablet.open().new_page()
    _login_and_open(page, territory, survey)
    page.goto(f"/surveys/{survey.id}/offline/papier")
    _ready(page)
    note = q(survey, "note")
    page.get_by_label("Nom du lot").fill("Lot école")
    page.get_by_label("N° de la feuille").fill("1")
    page.locator(f"#q{note.id}").fill("7")
    page.get_by_role("button", name="Enregistrer sur l’appareil").click()
    expect(page.locator("[data-message]")).to_have_text(
        "Indiquez le nom du lot et la date de recueil des feuilles.")
    expect(page.get_by_label("Date du recueil")).to_be_focused()
    assert _items(page) == []
    page.get_by_label("Date du recueil").fill("2026-06-10")
    page.get_by_role("button", name="Enregistrer sur l’appareil").click()
    _waiting(page, 1)


def test_a_decimal_in_a_whole_number_box_is_stopped_on_the_device(tablet, territory, survey):
    """Question.whole_number on the tablet: 2,5 people in the household is refused before it
    is saved (the server would refuse it at sync, after the resident has gone), in the
    interview and on the paper screen, with the server's French message naming the question;
    3 is saved."""
    household = services.add_question(survey, "number", "Combien de personnes vivent chez "
                                      "vous ?", name="foyer", whole_number=True)
    refusal = "« Combien de personnes vivent chez vous ? » : Indiquez un nombre entier, sans " \
        "virgule, par exemple 12."
    page = tablet.open().new_page()
    _login_and_open(page, territory, survey)
    info, note = q(survey, "info"), q(survey, "note")
    page.get_by_label("Lieu de recueil").fill("Marché")
    page.locator(f"#q{info.id}-{opt(info, 'non')}").check()
    page.locator(f"#q{note.id}-5").check()
    page.locator(f"#q{household.id}").fill("2,5")
    page.get_by_role("button", name="Enregistrer sur l’appareil").click()
    expect(page.locator("[data-message]")).to_have_text(refusal)
    expect(page.locator(f"#q{household.id}")).to_be_focused()
    assert _items(page) == []
    page.locator(f"#q{household.id}").fill("3")
    page.get_by_role("button", name="Enregistrer sur l’appareil").click()
    _waiting(page, 1)
    page.goto(f"/surveys/{survey.id}/offline/papier")
    _ready(page)
    page.get_by_label("Nom du lot").fill("Lot école")
    page.get_by_label("Date du recueil").fill("2026-06-10")
    page.get_by_label("N° de la feuille").fill("1")
    page.locator(f"#q{household.id}").fill("2.5")
    page.get_by_role("button", name="Enregistrer sur l’appareil").click()
    expect(page.locator("[data-message]")).to_have_text(refusal)
    assert [i["mode"] for i in _items(page)] == ["entretien"]
