"""Downloads: anonymised by default, personal data only when asked, every export logged."""
from __future__ import annotations

import io

from openpyxl import load_workbook
from sqlalchemy import select

from participation.contributions.services import record_contribution
from participation.exports.models import ExportLog
from participation.extensions import db
from tests import factories


def _seed(territory, quartier):
    mobility = factories.challenge(territory, "L4")
    record_contribution(territory.id, '=HYPERLINK("http://x")', quartier_id=quartier.id,
                        source_format="enquete", challenge_ids=[mobility.id])
    record_contribution(territory.id, "Plus de bus le dimanche", quartier_id=quartier.id,
                        attribution={"consent": True, "sex": "f", "age_band": "40-59 ans",
                                     "place_name": "résidence Foch"})


def test_contributions_export_is_anonymised_and_logged(client, auth, territory, quartier):
    _seed(territory, quartier)
    user = auth.login("coordinator")
    index = client.get("/exports/").get_data(as_text=True)
    assert "Contributions (anonymisées)" in index
    response = client.get("/exports/contributions.csv")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.data.decode("utf-8-sig")
    header = text.splitlines()[0].split(";")
    assert header[:4] == ["n°", "date", "texte", "nature"]
    assert "âge" not in header and "40-59" not in text
    assert "'=HYPERLINK" in text and "L4" in text and "Pasteur-Foch" in text
    sheet = load_workbook(io.BytesIO(client.get("/exports/contributions.xlsx").data)).active
    assert sheet["C2"].value == "'=HYPERLINK(\"http://x\")"
    assert client.get("/exports/contributions.ods").status_code == 200
    logs = db.session.scalars(select(ExportLog).order_by(ExportLog.id)).all()
    assert [(log.name, log.fmt, log.personal, log.user_id) for log in logs][0] == (
        "contributions", "csv", False, user.id)


def test_personal_export_needs_confirmation_and_reason(client, auth, territory, quartier):
    _seed(territory, quartier)
    auth.login("coordinator")
    assert client.get("/exports/contributions_attribuees.csv").status_code == 404
    refused = client.post("/exports/contributions_attribuees", data={
        "contributions_attribuees-fmt": "csv"})
    assert refused.status_code == 400
    assert "Cochez la confirmation." in refused.get_data(as_text=True)
    assert db.session.scalar(select(ExportLog.id)) is None
    given = client.post("/exports/contributions_attribuees", data={
        "contributions_attribuees-fmt": "csv", "contributions_attribuees-confirm": "y",
        "contributions_attribuees-reason": "Citer les habitants dans le bilan"})
    assert given.status_code == 200
    assert "40-59 ans" in given.data.decode("utf-8-sig")
    log = db.session.scalar(select(ExportLog))
    assert log.personal and log.reason == "Citer les habitants dans le bilan"
    assert "Citer les habitants dans le bilan" in client.get("/exports/").get_data(as_text=True)


def test_exports_are_for_coordinators(client, auth, territory):
    auth.login("facilitator")
    assert client.get("/exports/").status_code == 403
    assert client.get("/exports/contributions.csv").status_code == 403


def test_open_data_aggregates_hide_small_counts(client, auth, territory, quartier):
    mobility = factories.challenge(territory, "L4")
    health = factories.challenge(territory, "S2")
    for i in range(6):
        record_contribution(territory.id, f"bus {i}", source_format="enquete",
                            challenge_ids=[mobility.id])
    record_contribution(territory.id, "médecin", source_format="enquete",
                        challenge_ids=[health.id])
    auth.login("coordinator")
    rows = client.get("/exports/synthese_enjeux.json").get_json()
    assert [(r["code_enjeu"], r["nature"], r["format"], r["contributions"]) for r in rows] == [
        ("L4", "Constat / manquement", "Enquête / questionnaire", 6)]
