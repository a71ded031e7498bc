"""The facilitator's tablet of issue 14, shared by the offline browser tests: a persistent
Chromium profile (IndexedDB, Cache Storage and the service worker survive closing it) and
the steps every path starts with (log in, open the interview screen, activate the device,
record an interview), read through the page's ``data-*`` state.
"""
from __future__ import annotations

from sqlalchemy import func, select

from participation.extensions import db
from tests import factories
from tests.e2e.conftest import CHROMIUM_ARGS, VIEWPORT, WAIT_MS, _chromium_path
from tests.e2e.helpers import log_in
from tests.surveys.helpers import opt, q


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
        self.context.set_default_timeout(WAIT_MS)
        self.context.set_default_navigation_timeout(WAIT_MS)
        self.context.on("request", lambda request: self.requested.append(request.url))
        return self.context

    def close(self):
        if self.context is not None:
            self.context.close()
            self.context = None


def _count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def _ready(page) -> None:
    page.wait_for_selector("[data-offline][data-ready='1']", state="attached")


def _waiting(page, n: int) -> None:
    page.wait_for_selector(f"[data-offline][data-waiting='{n}']", state="attached")


def _login_and_open(page, territory, survey) -> None:
    log_in(page, factories.user(territory, role="facilitator").email)
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


def _open_paper(page, survey) -> None:
    """The paper entry screen of ``survey``, loaded and ready."""
    page.goto(f"/surveys/{survey.id}/offline/papier")
    _ready(page)


def _sheet_header(page, date: str | None = "2026-06-10") -> None:
    """A paper sheet's header as a facilitator types it: batch « Lot école », collected on
    ``date`` (ISO; None leaves it empty), sheet n° 1."""
    page.get_by_label("Nom du lot").fill("Lot école")
    if date is not None:
        page.get_by_label("Date du recueil").fill(date)
    page.get_by_label("N° de la feuille").fill("1")


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
