"""Offline collection: device tokens, the JSON sync (idempotent on the client UUID, validated
like the online forms), revocation, audit, survey versions and the file import."""
from __future__ import annotations

import json
import uuid
from datetime import datetime

import pytest
import time_machine
from bs4 import BeautifulSoup
from sqlalchemy import select

from participation.contributions.models import Contribution
from participation.core.audit import AuditEvent
from participation.extensions import db
from participation.surveys import services
from participation.surveys.models import Batch, Response, SurveyContact
from participation.surveys.offline_models import OfflineReceipt, SurveyDevice
from tests import factories
from tests.hardening.live import burst
from tests.reading import plain
from tests.rows import count_rows as _count
from tests.surveys.helpers import opt, q, survey_with_condition

NOW = datetime(2026, 6, 12, 10, 0)


def _activate(webapp, survey, mode="entretien", label="Tablette 1") -> str:
    """Activate a device through the offline page's form; returns the token from the
    fragment of the redirect (the only place it is ever shown)."""
    page = webapp.get(f"/surveys/{survey.id}/offline/{mode}")
    form = page.forms["activer"]
    form["label"] = label
    result = form.submit()
    assert result.status_int == 302
    assert f"/surveys/{survey.id}/offline/{mode}#appareil=" in result.location
    return result.location.split("#appareil=")[1].split("&")[0]


def _item(survey, fields, mode="entretien", version="", ident=None) -> dict:
    return {"uuid": ident or str(uuid.uuid4()), "mode": mode, "survey_version": version,
            "collected_at": "2026-06-12T08:30:00Z", "fields": fields}


def _interview(survey, knows="non", note="6", place="Marché", **extra) -> list:
    info, canal, score = q(survey, "info"), q(survey, "canal"), q(survey, "note")
    fields = [["place", place], [f"q{info.id}", opt(info, knows)], [f"q{score.id}", note]]
    if "how" in extra:
        fields.append([f"q{canal.id}", opt(canal, extra["how"])])
    return fields


def _sync(webapp, survey, token, items, status=200):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return webapp.post_json(f"/surveys/{survey.id}/offline/sync", {"items": items},
                            headers=headers, status=status).json


@pytest.fixture
def survey(territory, quartier):
    return survey_with_condition(territory, quartier)


@pytest.fixture
def token(webapp, web_login, survey):
    web_login("facilitator")
    return _activate(webapp, survey)


def test_offline_page_definition_and_worker(webapp, web_login, survey):
    web_login("facilitator")
    page = webapp.get(f"/surveys/{survey.id}/offline/entretien")
    assert 'rel="manifest"' in page.text and "js/offline.js" in page.text
    definition = webapp.get(f"/surveys/{survey.id}/offline/definition.json").json
    canal = next(x for x in definition["questions"] if x["name"] == "canal")
    note = next(x for x in definition["questions"] if x["name"] == "note")
    assert canal["relevant"] == "${info} = 'oui'"
    assert canal["condition"] == {"op": "=", "args": [{"ref": "info"}, {"lit": "oui"}]}
    assert (note["min_value"], note["max_value"], note["required"]) == (1, 10, True)
    assert page.html.select_one("[data-version]")["data-version"] == \
        definition["survey"]["version"]
    worker = webapp.get(f"/surveys/{survey.id}/offline/sw.js")
    assert worker.content_type == "text/javascript"
    assert definition["survey"]["version"] in worker.text
    assert f"/surveys/{survey.id}/offline/papier" in worker.text
    manifest = webapp.get(f"/surveys/{survey.id}/offline/manifest.webmanifest").json
    assert manifest["scope"] == f"/surveys/{survey.id}/offline/"
    assert manifest["start_url"].startswith(manifest["scope"]) and manifest["lang"] == "fr"


def test_version_changes_with_the_questions_only(webapp, web_login, survey):
    web_login("facilitator")
    url = f"/surveys/{survey.id}/offline/definition.json"
    first = webapp.get(url).json["survey"]["version"]
    services.update_survey(survey, "Nouveau titre", "", [], "fr")
    assert webapp.get(url).json["survey"]["version"] == first
    services.update_question(q(survey, "note"), max_value=5)
    assert webapp.get(url).json["survey"]["version"] != first


def test_sync_stores_each_answer_once(webapp, survey, token):
    items = [_item(survey, _interview(survey, note=str(n))) for n in range(1, 6)]
    with time_machine.travel(NOW, tick=False):
        result = _sync(webapp, survey, token, items)
    assert (result["stored"], result["already"], result["refused"]) == (5, 0, 0)
    assert {i["status"] for i in result["items"]} == {"stored"}
    again = _sync(webapp, survey, token, items)
    assert (again["stored"], again["already"], again["refused"]) == (0, 5, 0)
    assert again["items"][0]["message"] == "Déjà enregistrée : rien n'a été ajouté."
    assert _count(Response) == 5 and _count(OfflineReceipt) == 5
    response = db.session.scalar(select(Response).order_by(Response.id))
    assert (response.channel, response.place, response.token) == \
        ("entretien", "Marché", items[0]["uuid"])
    assert response.submitted_at == datetime(2026, 6, 12, 8, 30)  # when it was collected


def test_two_tabs_sending_the_same_batch_at_once_store_it_once(app, webapp, survey, token):
    items = [_item(survey, _interview(survey, note=str(1 + n % 10))) for n in range(20)]
    clients = [app.test_client() for _ in range(2)]
    results = [r.get_json() for r in burst([lambda c=c: c.post(
        f"/surveys/{survey.id}/offline/sync", json={"items": items},
        headers={"Authorization": f"Bearer {token}"}) for c in clients])]
    assert len(results) == 2
    assert sum(r["stored"] for r in results) == 20
    assert sum(r["already"] for r in results) == 20
    db.session.expire_all()
    assert _count(Response) == 20 and _count(OfflineReceipt) == 20


@pytest.mark.parametrize("case", ["required", "condition", "bounds", "consent", "choice"])
def test_refusals_are_the_online_forms_messages(webapp, web_login, survey, token, case):
    """Each bad answer is refused by the sync with the message the tablet interview form
    shows for the same fields (same reader: conditions, bounds, required, consent)."""
    info, canal, note, contact = (q(survey, n) for n in ("info", "canal", "note", "contact"))
    fields = {
        "required": [["place", "Marché"], [f"q{info.id}", opt(info, "non")]],
        "condition": [["place", "Marché"], [f"q{info.id}", opt(info, "oui")],
                      [f"q{note.id}", "5"]],
        "bounds": _interview(survey, note="11"),
        "consent": _interview(survey) + [[f"q{contact.id}", "Samia 06 12 34 56 78"]],
        "choice": _interview(survey, knows="oui", how="facebook")[:-1]
        + [[f"q{canal.id}", "999999"]],
    }[case]
    result = _sync(webapp, survey, token, [_item(survey, fields)])
    assert result["refused"] == 1 and _count(Response) == 0
    errors = result["items"][0]["errors"]
    assert result["items"][0]["message"] == "Refusée : corrigez-la sur l'appareil."
    page = webapp.get(f"/surveys/{survey.id}/interview")
    form = next(f for f in page.forms.values() if "place" in f.fields)
    online = webapp.post(f"/surveys/{survey.id}/interview", dict(
        [("csrf_token", form["csrf_token"].value), ("token", "t-" + case),
         ("shown", ",".join(str(x.id) for x in survey.questions))] + fields),
        status=303).follow()  # Post/Redirect/Get: the errors on the form's page
    assert errors
    for error in errors:
        assert error.split(" : ", 1)[-1] in online.text.replace("&#39;", "'")


def test_contact_only_with_consent_and_apart(webapp, survey, token):
    contact = q(survey, "contact")
    fields = _interview(survey) + [[f"q{contact.id}", "Samia 06 12 34 56 78"],
                                   ["consent", "1"]]
    assert _sync(webapp, survey, token, [_item(survey, fields)])["stored"] == 1
    stored = db.session.scalar(select(SurveyContact))
    assert stored.value == "Samia 06 12 34 56 78"
    assert "Samia" not in json.dumps([a.text for a in db.session.scalar(
        select(Response)).answers])
    audit = db.session.scalars(select(AuditEvent.details)).all()
    assert not any("Samia" in d for d in audit)


def test_paper_and_street_modes(webapp, survey, token):
    info, note = q(survey, "info"), q(survey, "note")
    sheet = [["batch_label", "Lot marché"], ["collected_on", "2026-06-10"], ["place", "Marché"],
             ["sheet", "1"], [f"q{info.id}", "2"], [f"q{note.id}", "4"]]
    result = _sync(webapp, survey, token, [_item(survey, sheet, "papier"),
                                           _item(survey, sheet, "papier")])
    assert [i["status"] for i in result["items"]] == ["stored", "refused"]
    assert result["items"][1]["errors"] == ["La feuille n° 1 est déjà saisie dans ce lot."]
    batch = db.session.scalar(select(Batch))
    assert (batch.label, str(batch.collected_on), batch.place) == \
        ("Lot marché", "2026-06-10", "Marché")
    text = services.add_question(survey, "long_text", "Que vous manque-t-il ?", name="manque")
    street = [["place", "Sortie d'école"], [f"q{text.id}", "Un banc à l'ombre"],
              ["consent", "1"], ["age_band", "40-59 ans"], ["sex", "f"]]
    result = _sync(webapp, survey, token, [_item(survey, street, "micro_trottoir"),
                                           _item(survey, [["place", ""]], "micro_trottoir")])
    assert [i["status"] for i in result["items"]] == ["stored", "refused"]
    assert result["items"][1]["errors"] == ["Indiquez où les réponses ont été recueillies."]
    said = db.session.scalar(select(Contribution).where(
        Contribution.source_format == "micro_trottoir"))
    assert said.text == "Un banc à l'ombre"
    channels = db.session.scalars(select(Response.channel).order_by(Response.id)).all()
    assert channels == ["papier", "micro_trottoir"]


def test_token_scope(webapp, web_login, territory, survey, token):
    other = services.create_survey(territory.id, "Autre enquête")
    item = [_item(survey, _interview(survey))]
    refused = _sync(webapp, other, token, item, status=403)
    assert refused["error"] == "Cet appareil est autorisé pour un autre questionnaire."
    assert _sync(webapp, survey, "n'importe-quoi", item, status=401)["error"].startswith(
        "Cet appareil n'est pas reconnu")
    # the facilitator's session cookie is not enough: the sync wants the device token
    assert _sync(webapp, survey, None, item, status=401)["error"]
    assert _count(Response) == 0
    stored = db.session.scalar(select(SurveyDevice))
    assert stored.token_hash != token and len(stored.token_hash) == 64
    assert stored.territory_id == territory.id and stored.survey_id == survey.id


@pytest.mark.forms("surveys/offline.html", "surveys/devices.html")
def test_revoked_token_refused_with_a_clear_message(webapp, web_login, survey, token):
    assert _sync(webapp, survey, token, [_item(survey, _interview(survey))])["stored"] == 1
    web_login("coordinator")
    page = webapp.get(f"/surveys/{survey.id}/devices")
    assert "Tablette 1" in page.text
    form = next(f for f in page.forms.values() if "device_id" in f.fields)
    assert "Appareil « Tablette 1 » révoqué" in plain(form.submit().follow().text)
    refused = _sync(webapp, survey, token, [_item(survey, _interview(survey))], status=403)
    assert refused["error"].startswith("Cet appareil a été révoqué par la coordination")
    assert "restent sur l'appareil" in refused["error"]
    assert _count(Response) == 1
    actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert [a for a in actions if a.startswith("device")] == [
        "device_issued", "device_sync", "device_revoked", "device_refused"]


def test_facilitator_cannot_revoke(webapp, survey, token):
    page = webapp.get(f"/surveys/{survey.id}/devices")
    assert not any("device_id" in f.fields for f in page.forms.values())
    csrf_token = page.forms[0]["csrf_token"].value  # the logout form's
    device = db.session.scalar(select(SurveyDevice))
    webapp.post(f"/surveys/{survey.id}/devices/revoke",
                {"device_id": str(device.id), "csrf_token": csrf_token}, status=403)
    db.session.refresh(device)
    assert device.revoked_at is None


def test_every_use_is_audited(webapp, survey, token):
    _sync(webapp, survey, token, [_item(survey, _interview(survey)), _item(survey, [])])
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "device_sync"))
    device = db.session.scalar(select(SurveyDevice))
    assert event.target == f"survey_device:{device.id}" and event.count == 1
    assert event.details_dict == {"survey_id": survey.id, "stored": 1, "already": 0,
                                  "refused": 1}
    assert event.actor.startswith("facilitator") and device.last_used_at is not None
    refused = webapp.post(f"/surveys/{survey.id}/offline/sync", "pas du json",
                          headers={"Authorization": f"Bearer {token}"}, status=400).json
    assert refused["error"] == "Fichier ou envoi illisible : ce n'est pas un lot de réponses."
    uses = db.session.scalars(select(AuditEvent.details).where(
        AuditEvent.action == "device_sync").order_by(AuditEvent.id)).all()
    assert len(uses) == 2 and json.loads(uses[1])["error"] == "unreadable"


def test_removed_question_is_reported_not_dropped(webapp, web_login, survey, token):
    old = webapp.get(f"/surveys/{survey.id}/offline/definition.json").json["survey"]["version"]
    extra = services.add_question(survey, "short_text", "Un mot sur le parc ?", name="parc")
    v2 = webapp.get(f"/surveys/{survey.id}/offline/definition.json").json["survey"]["version"]
    fields = _interview(survey) + [[f"q{extra.id}", "Trop sombre le soir"]]
    services.delete_question(extra)
    assert old != v2
    result = _sync(webapp, survey, token, [_item(survey, fields, version=v2)])
    assert result["items"][0]["status"] == "stored"
    assert result["items"][0]["removed"] == ["Un mot sur le parc ?"]
    receipt = db.session.scalar(select(OfflineReceipt))
    assert receipt.survey_version == v2
    assert receipt.removed_list == [{"question": "Un mot sur le parc ?",
                                     "values": ["Trop sombre le soir"]}]
    web_login("coordinator")
    page = webapp.get(f"/surveys/{survey.id}/devices").text
    assert "Un mot sur le parc ?" in plain(page) and "Trop sombre le soir" in page


@pytest.mark.forms("surveys/offline_import.html")
def test_file_import_same_idempotency_and_report(webapp, web_login, survey):
    web_login("facilitator")
    paper = [["batch_label", "Lot A"], ["collected_on", "2026-06-10"], ["place", "École"],
             ["sheet", "4"], [f"q{q(survey, 'note').id}", "42"]]
    items = [_item(survey, _interview(survey)), _item(survey, paper, mode="papier")]
    content = json.dumps({"format": "pdq-offline/1", "survey_id": survey.id,
                          "items": items}).encode()
    for stored, already in ((1, 0), (0, 1)):
        page = webapp.get(f"/surveys/{survey.id}/offline/import")
        form = next(f for f in page.forms.values() if "file" in f.fields)
        form["file"] = ("reponses.json", content, "application/json")
        report = form.submit(status=200).text
        # French puts 0 in the singular (plural rule n > 1 of the compiled catalogue)
        said = {(1, 0): "1 réponse enregistrée, 0 déjà reçue, 1 refusée",
                (0, 1): "0 réponse enregistrée, 1 déjà reçue, 1 refusée"}[(stored, already)]
        assert said in " ".join(BeautifulSoup(report, "html.parser").get_text().split())
        assert "Indiquez un nombre entre 1 et 10." in report
        cells = [" ".join(td.get_text().split()) for td in
                 BeautifulSoup(report, "html.parser").select("table.import-report tbody td")]
        # collected 08:30 UTC = 10:30 in Paris (CEST, UTC+2), the territory's time zone
        assert cells[0::3] == ["Entretien sur tablette · Marché · 12/06/2026 10:30",
                               "Feuille n° 4 · Saisie papier · Lot A · École · 12/06/2026 10:30"]
        assert not any(item["uuid"] in report for item in items)   # no raw UUID shown
    assert _count(Response) == 1
    # one event per import, in the order they happened (no ORDER BY leaves it to the database)
    counts = db.session.scalars(select(AuditEvent.count).where(
        AuditEvent.action == "offline_import").order_by(AuditEvent.id)).all()
    assert counts == [1, 0]
    page = webapp.get(f"/surveys/{survey.id}/offline/import")
    form = next(f for f in page.forms.values() if "file" in f.fields)
    form["file"] = ("x.json", b"pas du json", "application/json")
    assert "Fichier illisible" in form.submit(status=400).text


def test_other_territory_cannot_use_the_pages(webapp, web_login, survey):
    other = factories.territory(name="Ailleurs", communes=("Loin",))
    web_login("facilitator", other)
    webapp.get(f"/surveys/{survey.id}/offline/entretien", status=404)
    webapp.get(f"/surveys/{survey.id}/offline/definition.json", status=404)


@pytest.mark.forms("surveys/offline_import.html")
def test_whole_number_refused_with_a_decimal_on_every_offline_path(webapp, web_login, survey,
                                                                   token):
    """Question.whole_number (people in the household) holds on the tablet's pages (numeric
    keypad, flag in the cached definition) and in the server's check of a synced or imported
    item: 2,5 is refused naming the question, 3 is stored."""
    household = services.add_question(survey, "number", "Combien de personnes vivent chez "
                                      "vous ?", name="foyer", min_value=1, whole_number=True)
    refusal = "« Combien de personnes vivent chez vous ? » : Indiquez un nombre entier, sans " \
        "virgule, par exemple 12."
    for mode in ("entretien", "papier"):
        page = webapp.get(f"/surveys/{survey.id}/offline/{mode}")
        box = page.html.select_one(f"input[name=q{household.id}]")
        assert (box["inputmode"], box["data-label"]) == \
            ("numeric", "Combien de personnes vivent chez vous ?")
        assert box.has_attr("data-whole-number")
    definition = webapp.get(f"/surveys/{survey.id}/offline/definition.json").json
    assert next(x for x in definition["questions"] if x["name"] == "foyer")["whole_number"]
    sheet = [["batch_label", "Lot B"], ["collected_on", "2026-06-10"], ["place", "École"],
             ["sheet", "1"]]
    decimal = [_item(survey, _interview(survey) + [[f"q{household.id}", "2,5"]]),
               _item(survey, sheet + [[f"q{household.id}", "2.5"]], mode="papier")]
    result = _sync(webapp, survey, token, decimal)
    assert [i["errors"] for i in result["items"]] == [[refusal], [refusal]]
    page = webapp.get(f"/surveys/{survey.id}/offline/import")
    form = next(f for f in page.forms.values() if "file" in f.fields)
    form["file"] = ("reponses.json", json.dumps({"format": "pdq-offline/1", "survey_id":
                                                 survey.id, "items": [_item(
                                                     survey, sheet + [[f"q{household.id}",
                                                                       "2,5"]],
                                                     mode="papier")]}).encode(),
                    "application/json")
    assert refusal in plain(form.submit(status=200).text)
    assert _count(Response) == 0
    whole = [_item(survey, _interview(survey) + [[f"q{household.id}", "3"]])]
    assert _sync(webapp, survey, token, whole)["stored"] == 1
    stored = db.session.scalar(select(Response)).answers
    assert [a.number for a in stored if a.question_id == household.id] == [3]
