"""Every POST form of the council pages, loaded and submitted as a browser renders it (WebTest,
CSRF on), with its real effect checked: rows stored and the next page showing them."""
from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from participation.council import draws, members, services
from participation.council import meetings as meeting_service
from participation.council.models import Candidacy, Council, Draw, Meeting, Member
from participation.council.services import CouncilSpec
from participation.extensions import db
from tests.council.conftest import apply, fill
from tests.formcheck import pick_form
from tests.formfill import text_of as _text  # the page as a person reads it


def _seated(council, women=4, men=4):
    fill(council, women, men, 0)
    d = draws.prepare_draw(council, council.colleges[0].id, 4, 2)
    draws.run_stored_draw(d, "1 2 3")
    return members.seat_drawn_members(d, date(2024, 1, 1))


@pytest.mark.forms("council/apply.html")
def test_resident_applies_as_rendered(webapp, council, quartier):
    page = webapp.get(f"/conseil/{council.id}/candidater")
    form = pick_form(page, field="name")
    assert "age" not in form.fields  # an adults' council asks the age band
    form["college"], form["name"], form["phone"] = "habitants", "Awa Diallo", "06 12 34 56 78"
    form["sex"], form["age_band"], form["consent"] = "f", "25-39 ans", True
    thanks = form.submit().follow()
    stored = db.session.scalar(select(Candidacy))
    assert (stored.contact.name, stored.sex, stored.age_band) == ("Awa Diallo", "f", "25-39 ans")
    assert f"Votre numéro : {stored.number}" in _text(thanks)


@pytest.mark.forms("council/apply.html")
def test_young_resident_gives_an_age_not_a_band(webapp, territory, quartier):
    council = services.create_council(territory.id, CouncilSpec(
        name="Conseil des jeunes", quartier_ids=[quartier.id], kind="jeunes", age_min=11,
        age_max=17, habitants_seats=6, acteurs_seats=0))
    services.set_candidacies_open(council, True)
    form = pick_form(webapp.get(f"/conseil/{council.id}/candidater"), field="name")
    assert "age_band" not in form.fields
    form["college"], form["name"], form["phone"] = "habitants", "Inès", "06 11 22 33 44"
    form["sex"], form["age"], form["consent"] = "f", "14", True
    form.submit().follow()
    assert db.session.scalar(select(Candidacy)).age == 14


@pytest.mark.forms("council/apply.html")
def test_facilitator_types_a_paper_candidacy(webapp, web_login, council):
    web_login("facilitator")
    form = pick_form(webapp.get(f"/council/{council.id}/candidacies/new"), field="name")
    form["college"], form["name"], form["phone"] = "habitants", "Marc Petit", "06 98 76 54 32"
    form["sex"], form["consent"] = "h", True
    form.submit()
    stored = db.session.scalar(select(Candidacy))
    assert (stored.contact.name, stored.source) == ("Marc Petit", "papier")


@pytest.mark.forms("council/new.html", "council/detail.html", "council/charter.html")
def test_coordinator_creates_a_council_closes_candidacies_and_edits_the_charter(
        webapp, web_login, quartier):
    web_login("coordinator")
    form = pick_form(webapp.get("/council/new"), field="name")
    form["name"] = "Conseil citoyen Pasteur"
    form.get("quartier_ids", index=0).checked = True
    form["charter_text"] = "Secret des échanges."
    detail = form.submit().follow()
    council = db.session.scalar(select(Council))
    assert council.name == "Conseil citoyen Pasteur" and council.quartiers == [quartier]
    was_open = council.accepts_candidacies
    detail = pick_form(detail, action="/candidacies-open").submit().follow()
    db.session.refresh(council)
    assert council.accepts_candidacies is not was_open
    form = pick_form(webapp.get(f"/council/{council.id}/charter"), field="text")
    form["text"] = "Secret des échanges, bienveillance."
    detail = form.submit().follow()
    db.session.refresh(council)
    assert council.charter.version == 2 and "version 2" in _text(detail)


@pytest.mark.forms("council/candidacies.html")
def test_coordinator_withdraws_a_candidacy(webapp, web_login, council):
    candidacy = apply(council, name="Awa Diallo")
    web_login("coordinator")
    page = webapp.get(f"/council/{council.id}/candidacies")
    assert "Femme" in _text(page)  # the sex as people read it, never "f"
    page = pick_form(page, action="/withdraw").submit().follow()
    db.session.refresh(candidacy)
    assert candidacy.contact is None and "Awa Diallo" not in _text(page)


@pytest.mark.forms("council/draw_new.html", "council/draw.html#1", "council/draw.html#2")
def test_coordinator_prepares_runs_and_seats_a_draw(webapp, web_login, council):
    fill(council, 4, 4, 0)
    web_login("coordinator")
    form = pick_form(webapp.get(f"/council/{council.id}/draws/new"), field="seats")
    form["college_id"] = str(council.colleges[0].id)
    form["seats"], form["substitutes"] = "4", "2"
    page = form.submit().follow()
    draw = db.session.scalar(select(Draw))
    assert (draw.seats, draw.substitutes, len(draw.entries)) == (4, 2, 8)
    form = pick_form(page, field="seed")
    form["seed"] = "4 6 1 2"
    page = form.submit().follow()
    db.session.refresh(draw)
    assert draw.seed == "4 6 1 2"
    text = _text(page)
    assert "(femme)" in text and "(f)" not in text
    page = pick_form(page, action="/seat").submit().follow()
    assert len(council.active_members) == 4
    assert "4 membres installés." in _text(page)


@pytest.mark.forms("council/members.html")
def test_coordinator_adds_a_member(webapp, web_login, council):
    web_login("coordinator")
    form = pick_form(webapp.get(f"/council/{council.id}/members"), field="name")
    form["college_id"] = str(council.colleges[1].id)
    form["name"], form["sex"], form["structure_name"] = "Régie de quartier", "", "Régie"
    form["started_on"] = "2024-01-15"
    page = form.submit().follow()
    member = db.session.scalar(select(Member))
    assert (member.name, member.started_on) == ("Régie de quartier", date(2024, 1, 15))
    assert "Régie de quartier" in _text(page)


@pytest.mark.forms("council/member.html#1", "council/member.html#2", "council/member.html#3")
def test_member_accepts_charter_leaves_and_is_replaced(webapp, web_login, council):
    seated = _seated(council)
    leaver = seated[0]
    web_login("coordinator")
    url = f"/council/members/{leaver.id}"
    form = pick_form(webapp.get(url), action="/charter")
    form["accepted_on"], form["public_name"] = "2024-02-01", "Awa D."
    form.submit()
    db.session.refresh(leaver)
    assert (leaver.charter_version, leaver.public_name) == (council.charter.version, "Awa D.")
    form = pick_form(webapp.get(url), action="/leave")
    form["status"], form["ended_on"] = "demission", "2024-06-30"
    page = form.submit().follow()
    db.session.refresh(leaver)
    assert (leaver.status, leaver.ended_on) == ("demission", date(2024, 6, 30))
    assert "Suppléant proposé" in _text(page)
    form = pick_form(page, action="/replace")
    form["started_on"] = "2024-07-01"
    form.submit()
    assert len(council.active_members) == 4
    assert "Remplacé(e) par" in _text(webapp.get(url))


@pytest.mark.forms("council/meeting_new.html", "council/meeting.html#1",
                   "council/meeting.html#2")
def test_coordinator_holds_a_meeting_and_records_a_vote(webapp, web_login, council):
    seated = _seated(council)
    web_login("coordinator")
    form = pick_form(webapp.get(f"/council/{council.id}/meetings/new"), field="agenda")
    form["held_at"], form["place"] = "2024-02-26T17:30", "Centre social"
    form["agenda"] = "Avis sur le contrat\nFête de quartier"
    page = form.submit().follow()
    meeting = db.session.scalar(select(Meeting))
    assert [i.title for i in meeting.items] == ["Avis sur le contrat", "Fête de quartier"]
    form = pick_form(page, action="/attendance")
    for m in seated[:3]:
        form[f"status-{m.id}"] = "present"
    form[f"status-{seated[3].id}"] = "represente"
    form[f"proxy-{seated[3].id}"] = str(seated[0].id)
    page = form.submit().follow()
    assert "3 présents, 1 représenté" in _text(page)
    item = meeting.items[0]
    form = pick_form(page, action=f"/items/{item.id}/vote")
    form[f"item{item.id}-votes_for"] = "4"
    form[f"item{item.id}-votes_against"] = "0"
    form[f"item{item.id}-abstentions"] = "0"
    form[f"item{item.id}-decision"] = "Avis favorable"
    form[f"item{item.id}-contribution_kind"] = "proposition"
    page = form.submit().follow()
    db.session.refresh(item)
    assert (item.votes_for, item.decision) == (4, "Avis favorable")
    assert item.contribution_id and f"n° {item.contribution_id}" not in _text(page)
    said = page.click(description="la contribution enregistrée")  # issue #11: no id shown
    assert "Avis sur le contrat — Avis favorable" in _text(said)
    minutes = _text(webapp.get(f"/council/meetings/{meeting.id}/minutes"))
    assert "3 présents" in minutes and "1 absent excusé avec pouvoir" in minutes
    assert "s’est réuni au centre social" in minutes  # not "réuni à Centre social"


@pytest.mark.forms("council/convocation.html")
def test_coordinator_sends_the_convocation(app, webapp, web_login, council):
    from participation.events.notify import OUTBOX

    _seated(council)
    meeting = meeting_service.create_meeting(council, datetime(2024, 3, 5, 18, 0), "Mairie",
                                             ["Budget participatif"])
    web_login("coordinator")
    OUTBOX.clear()
    app.config.update(SMS_BACKEND="memory", EMAIL_BACKEND="memory")
    try:
        page = webapp.get(f"/council/meetings/{meeting.id}/convocation")
        page = pick_form(page, button="Envoyer").submit().follow()
    finally:
        app.config.update(SMS_BACKEND="", EMAIL_BACKEND="")
    assert len(OUTBOX) == 4
    assert "Convocation envoyée à 4 membres" in _text(page)
    assert db.session.get(Meeting, meeting.id).convened_on is not None
    assert db.session.scalar(select(func.count(Meeting.id))) == 1


@pytest.mark.forms("council/meeting_new.html")
def test_a_past_meeting_is_reached_from_the_council_page(webapp, web_login, council):
    """Fresh tester: a council's past meetings (where votes are recorded) were reachable only
    by typing their address. The council's page lists them, latest first, and a facilitator
    follows the link to the meeting."""
    web_login("coordinator")
    for held_at, place in (("2024-11-14T18:00", "Mairie annexe"),
                           ("2025-03-03T17:30", "Centre social")):
        form = pick_form(webapp.get(f"/council/{council.id}/meetings/new"), field="agenda")
        form["held_at"], form["place"], form["agenda"] = held_at, place, "Avis sur le contrat"
        form.submit().follow()
    web_login("facilitator")
    page = webapp.get(f"/council/{council.id}")
    listed = [li.get_text(" ", strip=True) for li in page.html.select("#meetings li")]
    assert [x.split(" · ")[1:] for x in listed] == [
        ["Centre social", "1 point à l’ordre du jour"],
        ["Mairie annexe", "1 point à l’ordre du jour"]]
    meeting = page.click(href=r"/council/meetings/\d+$", index=1)
    assert "Mairie annexe" in _text(meeting)
