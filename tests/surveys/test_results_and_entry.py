"""Results pages and exports, facilitator interviews, paper batches and double entry."""
from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import func, select

from participation.contributions.models import Contribution
from participation.core import clock
from participation.extensions import db
from participation.surveys import paper, services
from participation.surveys.frames import read_frames
from participation.surveys.models import Batch, Response
from participation.surveys.responses import submit_response
from participation.surveys.results import breakdown, quartier_groups, round_pct
from tests import factories
from tests.reading import plain
from tests.surveys.helpers import opt, q, survey_with_condition


def _answer(survey, knows: str, how: str | None = None, note: int = 5, token=None, **kw):
    info, canal = q(survey, "info"), q(survey, "canal")
    values = {info.id: {"options": [int(opt(info, knows))], "other": None},
              q(survey, "note").id: {"number": float(note)}}
    if how:
        values[canal.id] = {"options": [int(opt(canal, how))], "other": None}
    return submit_response(survey, values, token or f"tok-{knows}-{how}-{note}-{kw}", **kw)


def test_round_pct_half_up_as_printed():
    assert (round_pct(64, 112), round_pct(45, 64), round_pct(1, 8), round_pct(0, 0)) == \
        (57, 70, 13, None)


def test_results_page_speaks_the_contracts_language(client, auth, territory):
    survey = survey_with_condition(territory)
    for i in range(3):
        _answer(survey, "oui", "bouche_a_oreille", note=4 + i, token=f"a{i}")
    _answer(survey, "oui", "facebook", note=7, token="b")
    _answer(survey, "non", token="c")
    auth.login("coordinator")
    page = client.get(f"/surveys/{survey.id}/results").get_data(as_text=True)
    assert "5 avis récoltés" in page
    page = plain(page)
    assert "Base : 4 personnes" in page and "75 %" in page  # 3 of the 4 informed
    assert "Moyenne : 5,4 (n = 5)" in page


def test_csv_export_is_excel_friendly_and_has_no_contact(client, auth, territory):
    survey = survey_with_condition(territory)
    contact = q(survey, "contact")
    values = {q(survey, "info").id: {"options": [int(opt(q(survey, "info"), "non"))]},
              contact.id: {"text": "Samia 06 12 34 56 78"}}
    submit_response(survey, values, "tok-contact", consent=True)
    auth.login("coordinator")
    data = client.get(f"/surveys/{survey.id}/results.csv").data
    assert data.startswith("\ufeff".encode()) and b";" in data
    text = data.decode("utf-8-sig")
    assert "Non" in text and "Samia" not in text and "Nom et téléphone" not in text


def test_breakdown_hides_small_groups():
    frames = {"responses": pd.DataFrame({"response_id": range(1, 9), "channel": ["papier"] * 8,
                                         "quartier_id": [1] * 6 + [2] * 2}),
              "answers": pd.DataFrame({"response_id": range(1, 9), "question_id": [7] * 8,
                                       "option_id": [10, 10, 10, 11, 11, 11, 10, 11]}),
              "questions": pd.DataFrame({"question_id": [7], "type": ["single"],
                                         "relevant_ast": [""]})}
    table = breakdown(7, frames, quartier_groups(frames, {1: "Foch", 2: "Pasteur"}))
    assert table.loc["Foch", 10] == 50 and table.loc["Foch", "n"] == 6
    assert pd.isna(table.loc["Pasteur", 10]) and pd.isna(table.loc["Pasteur", "n"])


def test_breakdown_by_profile_question_on_the_page(client, auth, territory):
    survey = survey_with_condition(territory)
    for i in range(6):
        _answer(survey, "oui" if i % 2 else "non", "facebook" if i % 2 else None,
                note=3 + i, token=f"p{i}")
    auth.login("coordinator")
    info = q(survey, "info")
    page = client.get(f"/surveys/{survey.id}/results?par={info.id}").get_data(as_text=True)
    assert "Par « Savez-vous" in plain(page) and "moins de 5" in page


def test_tagged_free_text_becomes_a_contribution(territory, quartier):
    survey = services.create_survey(territory.id, "Besoins", quartier_ids=[quartier.id])
    health = factories.challenge(territory, territory.current_contract.challenges[0].code)
    need = services.add_question(survey, "long_text", "Que vous manque-t-il ?",
                                 challenge_ids=[health.id], contribution_kind="proposition")
    services.set_status(survey, "open")
    submit_response(survey, {need.id: {"text": "un médecin"}}, "tok-need")
    contribution = db.session.scalar(select(Contribution))
    assert contribution.text == "un médecin" and contribution.source_format == "enquete"
    assert contribution.kind == "proposition" and contribution.quartier_id == quartier.id
    assert [t.challenge_id for t in contribution.tags] == [health.id]


def test_tablet_interview_remembers_the_place(client, auth, territory):
    survey = survey_with_condition(territory)
    auth.login("facilitator")
    info, note = q(survey, "info"), q(survey, "note")
    data = {"token": "int-1", "shown": f"{info.id},{note.id}", f"q{info.id}": opt(info, "non"),
            f"q{note.id}": "6", "place": "Sortie d'école"}
    assert client.post(f"/surveys/{survey.id}/interview", data=data).status_code == 302
    page = client.get(f"/surveys/{survey.id}/interview").get_data(as_text=True)
    assert 'value="Sortie d&#39;école"' in page
    response = db.session.scalar(select(Response))
    assert (response.channel, response.place) == ("entretien", "Sortie d'école")


def _sheet(client, batch, number, info, canal, note, knows="1", how="", score="5"):
    return client.post(f"/surveys/batches/{batch.id}", data={
        "sheet": str(number), f"q{info.id}": knows, f"q{canal.id}": how,
        f"q{note.id}": score})


def test_paper_batch_digits_count_and_double_entry(client, auth, territory):
    survey = survey_with_condition(territory)
    info, canal, note = q(survey, "info"), q(survey, "canal"), q(survey, "note")
    user = auth.login("facilitator")
    batch = paper.create_batch(survey, "Lot école", date(2023, 6, 5), "Sortie d'école", user.id)
    assert _sheet(client, batch, 1, info, canal, note, "1", "2", "7").status_code == 302
    assert _sheet(client, batch, 2, info, canal, note, "2", "", "3").status_code == 302
    duplicate = _sheet(client, batch, 2, info, canal, note, "2", "", "3")
    assert "La feuille n° 2 est déjà saisie dans ce lot." in duplicate.get_data(as_text=True)
    wrong = _sheet(client, batch, 3, info, canal, note, "7", "", "3")
    assert "Tapez un numéro entre 1 et 2." in wrong.get_data(as_text=True)
    page = client.get(f"/surveys/batches/{batch.id}").get_data(as_text=True)
    assert "2 feuilles saisies" in page and 'value="3"' in page
    first = db.session.scalar(select(Response).where(Response.sheet_number == 1))
    # the batch's day read in Paris (stored as midnight in Paris, no invented hour)
    assert clock.local_day(first.submitted_at) == date(2023, 6, 5) and first.channel == "papier"
    check = paper.create_batch(survey, "Vérif", date(2023, 6, 5), "Sortie d'école", user.id,
                               verifies=batch)
    _sheet(client, check, 1, info, canal, note, "1", "2", "8")
    _sheet(client, check, 2, info, canal, note, "2", "", "3")
    mismatches = paper.compare_batches(batch, check)
    assert [(m["sheet"], m["first"], m["second"]) for m in mismatches] == [(1, "7", "8")]
    page = client.get(f"/surveys/batches/{check.id}/compare").get_data(as_text=True)
    assert "1 différence à vérifier" in page
    assert len(read_frames(survey)["responses"]) == 2  # the second keying does not count
    client.post(f"/surveys/batches/{check.id}/adopt", data={"sheet": "1"})
    assert paper.compare_batches(batch, check) == []
    assert read_frames(survey)["answers"]["number"].max() == 8
    assert db.session.scalar(select(func.count(Batch.id))) == 2


def test_micro_trottoir_answers_become_attributed_contributions(client, auth, territory):
    survey = services.create_survey(territory.id, "Micro-trottoir Arras")
    question = services.add_question(survey, "short_text", "Qu'aimez-vous dans le quartier ?",
                                     contribution_kind="atout")
    auth.login("facilitator")
    page = client.post(f"/surveys/{survey.id}/street", data={"token": "s1", "place": ""})
    assert "Indiquez où les réponses ont été recueillies." in page.get_data(as_text=True)
    data = {"token": "s2", "place": "Marché", f"q{question.id}": "Le marché du samedi",
            "consent": "1", "age_band": "40-59 ans", "sex": "f", "place_name": "Rue Pasteur"}
    assert client.post(f"/surveys/{survey.id}/street", data=data).status_code == 302
    assert client.post(f"/surveys/{survey.id}/street", data=data).status_code == 302
    contribution = db.session.scalar(select(Contribution))
    assert db.session.scalar(select(func.count(Contribution.id))) == 1
    assert (contribution.kind, contribution.source_format) == ("atout", "micro_trottoir")
    assert contribution.attribution_consent and contribution.age_band == "40-59 ans"
    assert db.session.scalar(select(Response.channel)) == "micro_trottoir"


def test_csv_export_names_channel_and_quartier_in_words(webapp, web_login, territory, quartier):
    """Issue #11 item 6: the CSV's "canal" said "micro_trottoir" and "quartier" a database id;
    downloaded from the results page, they are the words the pages show."""
    import csv
    import io

    survey = survey_with_condition(territory)
    info = q(survey, "info")
    submit_response(survey, {info.id: {"options": [int(opt(info, "non"))]}}, "tok-mt",
                    channel="micro_trottoir", quartier_id=quartier.id)
    submit_response(survey, {info.id: {"options": [int(opt(info, "non"))]}}, "tok-web")
    web_login("coordinator")
    page = webapp.get(f"/surveys/{survey.id}/results")
    body = page.click(href=r"/results\.csv$").body.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body), delimiter=";"))
    assert [(r["canal"], r["quartier"]) for r in rows] == [
        ("Micro-trottoir", quartier.name), ("En ligne", "")]
