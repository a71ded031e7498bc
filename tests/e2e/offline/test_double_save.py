"""Fresh tester, offline collection in Chromium: a double tap on "Enregistrer sur
l'appareil" stored the interview twice on the device (two items 1 ms apart, "4 réponses en
attente" for 3 people) and twice on the server. One press = one item: the button is
disabled while saving, the form is cleared only once its item is stored, the item's UUID is
the one made when the form was first filled (a second save of the same form carries it), and
a press on the cleared form is stopped on the device with the server's message. The
micro-trottoir screen stops an answer with no text on the device, with the server's
message next to the field, before the person leaves.
"""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from participation.surveys import services
from participation.surveys.models import Response
from participation.surveys.offline_models import OfflineReceipt
from tests.e2e.offline.device import (
    _activate,
    _count,
    _items,
    _login_and_open,
    _open_paper,
    _ready,
    _sheet_header,
    _waiting,
)
from tests.surveys.helpers import opt, q

pytestmark = pytest.mark.e2e

SAVE = "Enregistrer sur l’appareil"


def _draft_entry(page, mode: str) -> str | None:
    """The UUID the page gave the answer in the form (IndexedDB "meta", draft of ``mode``)."""
    return page.evaluate("""async (mode) => {
      const id = document.querySelector("[data-offline]").dataset.survey;
      const db = await new Promise((ok) => {
        const r = indexedDB.open("pdq-offline", 1); r.onsuccess = () => ok(r.result); });
      return new Promise((ok) => {
        const r = db.transaction("meta").objectStore("meta").get("draft:" + id + ":" + mode);
        r.onsuccess = () => ok(r.result ? r.result.entry : null); });
    }""", mode)


def _sync_and_expect_one(tablet, page) -> None:
    tablet.context.set_offline(False)                 # the network returns: sync on "online"
    # the server files the street answer as a contribution with its theme suggestion:
    # about 20 s on the shared test machine, hence a longer wait than WAIT
    page.wait_for_selector("[data-message]:has-text('Envoi : 1 enregistrée, 0 déjà reçue, "
                           "0 refusée.')", timeout=60_000)
    _waiting(page, 0)


def test_double_tap_on_save_stores_one_interview(tablet, territory, survey):
    page = tablet.open().new_page()
    _login_and_open(page, territory, survey)
    _activate(page)
    tablet.context.set_offline(True)
    page.wait_for_selector("[data-offline][data-online='0']", state="attached")
    info, note = q(survey, "info"), q(survey, "note")
    page.get_by_label("Lieu de recueil").fill("Porte de l'école Jules Ferry")
    page.locator(f"#q{info.id}-{opt(info, 'non')}").check()
    page.locator(f"#q{note.id}-7").check()
    page.wait_for_selector("[data-offline][data-draft='saved']", state="attached")
    entry = _draft_entry(page, "entretien")
    assert entry                                      # made when the form was first filled
    page.get_by_role("button", name=SAVE).dblclick()
    _waiting(page, 1)
    expect(page.locator("[data-pending]")).to_have_text("1 réponse en attente d’envoi.")
    expect(page.locator("[data-offline]")).to_have_attribute("data-saving", "0")
    assert [i["uuid"] for i in _items(page)] == [entry]
    # the same form saved twice by script (an older page's double submit): still one item
    page.get_by_label("Lieu de recueil").fill("Marché")
    page.locator(f"#q{info.id}-{opt(info, 'non')}").check()
    page.locator(f"#q{note.id}-4").check()
    page.evaluate("""() => { const f = document.querySelector("form[data-offline-form]");
      f.requestSubmit(); f.requestSubmit(); }""")
    _waiting(page, 2)
    expect(page.locator("[data-offline]")).to_have_attribute("data-saving", "0")
    assert len(_items(page)) == 2
    _cleared_form_saves_nothing(page, info)
    assert len(_items(page)) == 2
    tablet.context.set_offline(False)
    page.wait_for_selector("[data-message]:has-text('Envoi : 2 enregistrées, 0 déjà reçue, "
                           "0 refusée.')")
    _waiting(page, 0)
    assert _count(Response) == 2 and _count(OfflineReceipt) == 2


def _cleared_form_saves_nothing(page, info) -> None:
    """A press on the cleared form (the place stays for the next person) saves nothing:
    silently right after a save (a late second tap), with the server's message, on the page
    and by the first question, once the form was touched again."""
    page.get_by_role("button", name=SAVE).dblclick()
    expect(page.locator("[data-message]")).to_have_text("Réponse enregistrée sur l’appareil.")
    page.get_by_label("Lieu de recueil").fill("Marché couvert")
    page.get_by_role("button", name=SAVE).click()
    expect(page.locator("[data-message]")).to_have_text(
        "Votre réponse est vide : répondez à au moins une question avant d'envoyer.")
    expect(page.locator(f"#device-error-q{info.id}")).to_have_text(
        "Votre réponse est vide : répondez à au moins une question avant d'envoyer.")


def test_micro_trottoir_double_tap_and_empty_answer(tablet, territory, survey):
    need = services.add_question(survey, "long_text", "Que vous manque-t-il ?", name="manque")
    page = tablet.open().new_page()
    _login_and_open(page, territory, survey)
    _activate(page)
    page.goto(f"/surveys/{survey.id}/offline/micro-trottoir")
    _ready(page)
    tablet.context.set_offline(True)
    page.wait_for_selector("[data-offline][data-online='0']", state="attached")
    page.get_by_label("Que vous manque-t-il ?").fill("Un banc")
    page.get_by_role("button", name=SAVE).click()     # no place: the server's message
    expect(page.locator("[data-message]")).to_have_text(
        "Indiquez où les réponses ont été recueillies.")
    expect(page.get_by_label("Où ? (lieu de recueil)")).to_be_focused()
    page.get_by_label("Où ? (lieu de recueil)").fill("Marché")
    page.get_by_label("Que vous manque-t-il ?").fill("")
    page.get_by_role("button", name=SAVE).click()     # place, no answer
    expect(page.locator(f"#device-error-q{need.id}")).to_have_text("Notez au moins une réponse.")
    expect(page.locator("[data-message]")).to_have_text("Notez au moins une réponse.")
    expect(page.get_by_label("Que vous manque-t-il ?")).to_be_focused()
    expect(page.get_by_label("Que vous manque-t-il ?")).to_have_attribute(
        "aria-describedby", f"device-error-q{need.id}")
    assert _items(page) == []
    page.get_by_label("Que vous manque-t-il ?").fill("Un banc à l'ombre")
    page.get_by_role("button", name=SAVE).dblclick()
    _waiting(page, 1)
    expect(page.locator("[data-pending]")).to_have_text("1 réponse en attente d’envoi.")
    expect(page.locator(f"#device-error-q{need.id}")).to_have_count(0)
    assert page.get_by_label("Que vous manque-t-il ?").input_value() == ""
    assert page.get_by_label("Où ? (lieu de recueil)").input_value() == "Marché"
    assert len(_items(page)) == 1
    _sync_and_expect_one(tablet, page)
    assert _count(Response) == 1 and _count(OfflineReceipt) == 1


def test_paper_sheet_double_tap_keys_one_sheet(tablet, territory, survey):
    """The same kind on the paper screen: a double tap keys sheet 1 once, and the next
    sheet number (2) is not saved blank by the second tap."""
    note = q(survey, "note")
    page = tablet.open().new_page()
    _login_and_open(page, territory, survey)
    _open_paper(page, survey)
    _sheet_header(page)
    page.locator(f"#q{note.id}").fill("7")
    page.get_by_role("button", name=SAVE).dblclick()
    _waiting(page, 1)
    expect(page.get_by_label("N° de la feuille")).to_have_value("2")
    expect(page.locator("[data-offline]")).to_have_attribute("data-saving", "0")
    items = _items(page)
    assert len(items) == 1 and ["sheet", "1"] in items[0]["fields"]


def test_two_tabs_sharing_a_draft_keep_both_answers(tablet, territory, survey):
    """The form's UUID comes from the draft, which the tabs of a device share: a second tab
    that restored the same draft and saves other answers gets a UUID of its own (two
    people, two items), never overwriting the first tab's saved answer."""
    info, note = q(survey, "info"), q(survey, "note")
    context = tablet.open()
    first = context.new_page()
    _login_and_open(first, territory, survey)
    first.get_by_label("Lieu de recueil").fill("Marché")
    first.locator(f"#q{info.id}-{opt(info, 'non')}").check()
    first.wait_for_selector("[data-offline][data-draft='saved']", state="attached")
    second = context.new_page()
    second.goto(f"/surveys/{survey.id}/offline/entretien")
    _ready(second)                                    # the shared draft, with its UUID
    expect(second.locator(f"#q{info.id}-{opt(info, 'non')}")).to_be_checked()
    first.locator(f"#q{note.id}-3").check()
    first.get_by_role("button", name=SAVE).click()
    _waiting(first, 1)
    second.locator(f"#q{note.id}-9").check()
    second.get_by_role("button", name=SAVE).click()
    _waiting(second, 2)
    notes = sorted(dict(i["fields"])[f"q{note.id}"] for i in _items(second))
    assert notes == ["3", "9"]
