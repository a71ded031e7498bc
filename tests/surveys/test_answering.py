"""A resident answers at the public link: no account, no JavaScript, stored once."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from participation.core.clock import PARIS
from participation.extensions import db
from participation.surveys.models import Answer, Response, SurveyContact
from tests.rows import count_rows as _count
from tests.surveys.helpers import opt, q, survey_with_condition


def _token(html: str) -> str:
    marker = 'name="token" value="'
    start = html.index(marker) + len(marker)
    return html[start:html.index('"', start)]


def test_conditional_question_appears_after_oui_and_answers_are_kept(client, territory):
    survey = survey_with_condition(territory)
    page = client.get(f"/s/{survey.slug}").get_data(as_text=True)
    info, canal, note = q(survey, "info"), q(survey, "canal"), q(survey, "note")
    assert f'data-qid="{canal.id}" hidden' in page  # revealed by JS, or by the server
    data = {"token": _token(page), "shown": f"{info.id},{note.id},{q(survey, 'contact').id}",
            f"q{info.id}": opt(info, "oui"), f"q{note.id}": "7"}
    page = client.post(f"/s/{survey.slug}", data=data,
                       follow_redirects=True).get_data(as_text=True)  # Post/Redirect/Get
    assert f'data-qid="{canal.id}">' in page and "nouvelle question" in page
    assert 'value="7" checked' in page  # the typed score is kept
    assert _count(Response) == 0
    data |= {"shown": data["shown"] + f",{canal.id}", f"q{canal.id}": "autre",
             f"q{canal.id}_autre": "Par une voisine"}
    response = client.post(f"/s/{survey.slug}", data=data)
    assert response.status_code == 302 and response.location.endswith("/merci")
    assert db.session.scalar(select(Answer.text).where(Answer.is_other.is_(True))) == \
        "Par une voisine"


def test_same_token_twice_stores_one_response(client, territory):
    survey = survey_with_condition(territory)
    token = _token(client.get(f"/s/{survey.slug}").get_data(as_text=True))
    info, note = q(survey, "info"), q(survey, "note")
    data = {"token": token, "shown": f"{info.id},{note.id}", f"q{info.id}": opt(info, "non"),
            f"q{note.id}": "4"}
    first = client.post(f"/s/{survey.slug}", data=data)
    second = client.post(f"/s/{survey.slug}", data=data)
    assert first.status_code == second.status_code == 302
    assert _count(Response) == 1


def test_missing_answers_give_a_french_summary_and_keep_input(client, territory):
    survey = survey_with_condition(territory)
    info, note = q(survey, "info"), q(survey, "note")
    page = client.post(f"/s/{survey.slug}", data={
        "token": "t" * 20, "shown": f"{info.id},{note.id}", f"q{info.id}": opt(info, "non"),
        f"q{note.id}": "12"}, follow_redirects=True).get_data(as_text=True)
    assert "Il manque des réponses ou certaines sont à corriger" in page
    assert "Indiquez un nombre entre 1 et 10." in page
    assert f'value="{opt(info, "non")}" checked' in page
    assert _count(Response) == 0


def test_unknown_option_and_huge_text_never_crash(client, territory):
    survey = survey_with_condition(territory)
    info, note, contact = q(survey, "info"), q(survey, "note"), q(survey, "contact")
    page = client.post(f"/s/{survey.slug}", data={
        "token": "x" * 20, "shown": "abc", f"q{info.id}": "999999", f"q{note.id}": "x" * 100000,
        f"q{contact.id}": "y" * 100000}, follow_redirects=True).get_data(as_text=True)
    assert "Ce choix n&#39;existe pas." in page
    assert _count(Response) == 0


def test_contact_needs_the_consent_box(client, territory):
    survey = survey_with_condition(territory)
    info, note, contact = q(survey, "info"), q(survey, "note"), q(survey, "contact")
    data = {"token": "c" * 20, "shown": f"{info.id},{note.id},{contact.id}",
            f"q{info.id}": opt(info, "non"), f"q{note.id}": "5",
            f"q{contact.id}": "Nadia 06 00 00 00 00"}
    page = client.post(f"/s/{survey.slug}", data=data,
                       follow_redirects=True).get_data(as_text=True)
    assert "Cochez la case pour que nous gardions vos coordonnées" in page
    assert 'aria-describedby="consent-desc' in page
    assert _count(SurveyContact) == 0 and _count(Response) == 0
    assert client.post(f"/s/{survey.slug}", data=data | {"consent": "1"}).status_code == 302
    contact_row = db.session.scalar(select(SurveyContact))
    assert contact_row.value == "Nadia 06 00 00 00 00" and contact_row.consent_version
    assert not db.session.scalar(select(func.count(Answer.id)).where(
        Answer.text.contains("06 00")))


def test_closed_survey_says_so(client, territory):
    survey = survey_with_condition(territory, status="closed")
    page = client.get(f"/s/{survey.slug}").get_data(as_text=True)
    assert "Ce questionnaire est clos" in page
    response = client.post(f"/s/{survey.slug}", data={"token": "z" * 20})
    assert "Ce questionnaire est clos" in response.get_data(as_text=True)
    assert _count(Response) == 0


def test_survey_opens_and_closes_at_the_paris_times_typed(client, territory, pinned_clock):
    """The coordinator types Paris wall-clock times; summer time is UTC+2."""
    survey = survey_with_condition(territory)
    survey.opens_at, survey.closes_at = datetime(2026, 6, 1, 9, 0), datetime(2026, 6, 15, 18, 0)
    db.session.commit()
    expected = [(datetime(2026, 6, 1, 8, 59), False), (datetime(2026, 6, 1, 9, 0), True),
                (datetime(2026, 6, 15, 17, 59), True), (datetime(2026, 6, 15, 18, 0), False)]
    for moment, is_open in expected:
        pinned_clock.move_to(moment.replace(tzinfo=PARIS), tick=False)
        page = client.get(f"/s/{survey.slug}").get_data(as_text=True)
        assert ('name="token"' in page) is is_open, moment  # the form, or the notice
        if not is_open:  # before: it opens on the day typed; after: closed
            assert ("Ce questionnaire ouvrira le 1 juin 2026 à 09h00" in page) is \
                (moment.day == 1), moment


def test_thanks_page_and_quartier_section_list_open_surveys(client, territory, quartier):
    survey = survey_with_condition(territory, quartier)
    other = survey_with_condition(territory, quartier)
    page = client.get(f"/quartiers/{quartier.id}").get_data(as_text=True)
    assert f"/s/{survey.slug}" in page and f"/s/{other.slug}" in page
    thanks = client.get(f"/s/{survey.slug}/merci").get_data(as_text=True)
    assert f"/s/{other.slug}" in thanks and f'href="/s/{survey.slug}"' not in thanks
