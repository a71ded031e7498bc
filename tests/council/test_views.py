"""Pages a resident or a team member opens: status codes, French messages, stored rows."""
from __future__ import annotations

import json
from datetime import date, datetime

from participation.core import clock
from participation.council import draws, members
from participation.council.models import Candidacy, Council, Draw, Meeting
from participation.extensions import db
from tests.council.conftest import apply, fill
from tests.reading import plain


def _form(quartier, **over):
    data = {"token": "tok-1", "college": "habitants", "name": "Awa Diallo",
            "phone": "06 12 34 56 78", "place": f"{quartier.id}|Cité Pasteur", "sex": "f",
            "age_band": "25-39 ans", "motivation": "Pour les jeunes", "consent": "y"}
    data.update(over)
    return data


def test_public_candidacy_stored_once(client, council, quartier):
    page = client.get(f"/conseil/{council.id}/candidater")
    assert page.status_code == 200 and "Cité Pasteur" in page.text
    assert "<script" not in page.text
    first = client.post(f"/conseil/{council.id}/candidater", data=_form(quartier))
    again = client.post(f"/conseil/{council.id}/candidater", data=_form(quartier))
    assert first.status_code == again.status_code == 302
    assert db.session.query(Candidacy).count() == 1
    thanks = client.get(first.headers["Location"])
    assert "Votre numéro : 1" in plain(thanks.text)
    stored = db.session.scalar(db.select(Candidacy))
    assert (stored.place_name, stored.quartier_id, stored.contact.name) == (
        "Cité Pasteur", quartier.id, "Awa Diallo")


def test_public_candidacy_errors_keep_answers(client, council, quartier):
    page = client.post(f"/conseil/{council.id}/candidater",
                       data=_form(quartier, consent="", token="tok-2"))
    assert page.status_code == 422
    assert "Sans votre accord" in page.text and "Awa Diallo" in page.text
    assert "Le formulaire contient des erreurs" in page.text
    assert db.session.query(Candidacy).count() == 0


def test_quartier_page_lists_the_open_council(client, council, quartier):
    assert "Candidater au Conseil citoyen Pasteur-Foch" in client.get(
        f"/quartiers/{quartier.id}").text


def test_closed_form_says_so(client, council):
    council.accepts_candidacies = False
    db.session.commit()
    assert "closes" in client.get(f"/conseil/{council.id}/candidater").text


def test_staff_pages_need_a_login(client, council):
    assert client.get("/council/").status_code == 302
    assert client.get(f"/council/{council.id}/candidacies").status_code == 302


def test_contacts_visible_to_coordinators_only(client, auth, council):
    apply(council, name="Fatima Benali", phone="0611223344")
    auth.login("facilitator")
    page = client.get(f"/council/{council.id}/candidacies")
    assert page.status_code == 200 and "+33611223344" not in page.text
    auth.logout()
    auth.login("coordinator")
    assert "+33611223344" in client.get(f"/council/{council.id}/candidacies").text


def test_other_territory_gets_404(client, auth, council):
    from tests import factories
    auth.login("coordinator", territory=factories.territory(name="Ailleurs"))
    assert client.get(f"/council/{council.id}").status_code == 404


def test_create_council_through_the_form(client, auth, quartier):
    auth.login("coordinator")
    response = client.post("/council/new", data={
        "name": "Conseil des jeunes", "kind": "jeunes", "quartier_ids": [quartier.id],
        "habitants_seats": 6, "acteurs_seats": 0, "mandate_years": 2, "quorum_percent": 50,
        "max_proxies": 1, "charter_title": "Charte", "charter_text": ""})
    assert response.status_code == 422 and "tranche d&#39;âge" in response.text
    response = client.post("/council/new", data={
        "name": "Conseil des jeunes", "kind": "jeunes", "quartier_ids": [quartier.id],
        "age_min": 11, "age_max": 17, "habitants_seats": 6, "acteurs_seats": 0,
        "mandate_years": 2, "quorum_percent": 50, "max_proxies": 1})
    assert response.status_code == 302
    assert db.session.scalar(db.select(Council)).age_max == 17


def test_draw_through_the_pages_and_verify(client, auth, council, runner):
    fill(council)
    auth.login("coordinator")
    habitants = council.colleges[0]
    response = client.post(f"/council/{council.id}/draws/new", data={
        "college_id": habitants.id, "source": "candidatures", "seats": 8, "substitutes": 6,
        "announcement": "Dés lancés en public"})
    assert response.status_code == 302
    d = db.session.scalar(db.select(Draw))
    public = client.get(f"/tirage/{d.id}")
    assert d.fingerprint in public.text and "pas encore tirée" in public.text
    assert client.post(f"/council/draws/{d.id}", data={"seed": "4 6 1 2"}).status_code == 302
    public = client.get(f"/tirage/{d.id}")
    assert "Sièges :" in plain(public.text) and len(public.data) < 40_000
    inputs = json.loads(client.get(f"/tirage/{d.id}.json").data)
    assert inputs["seed"] == "4 6 1 2" and len(inputs["result"]["seats"]) == 8
    assert "Personne" not in json.dumps(inputs)  # no names in what is published
    script = client.get("/tirage/verify_draw.py")
    assert b"def run_draw" in script.data
    result = runner.invoke(args=["council", "verify-draw", str(d.id)])
    assert result.exit_code == 0 and "CONFORME" in result.output
    d.entries[0].outcome = "siege" if d.entries[0].outcome != "siege" else "non_retenu"
    db.session.commit()
    result = runner.invoke(args=["council", "verify-draw", str(d.id)])
    assert result.exit_code == 1 and "NON CONFORME" in result.output


def test_import_list_errors_are_line_numbered(client, auth, council):
    import io
    auth.login("coordinator")
    response = client.post(f"/council/{council.id}/draws/new", data={
        "college_id": council.colleges[0].id, "source": "liste", "seats": 2, "substitutes": 1,
        "file": (io.BytesIO(b"reference;sexe\nLOG-1;F\nLOG-1;H\n"), "foyers.csv")},
        content_type="multipart/form-data")
    assert response.status_code == 422 and "ligne 3" in response.text
    assert db.session.query(Draw).count() == 0


def test_meeting_pages_refuse_a_bad_vote(client, auth, council):
    auth.login("coordinator")
    people = [members.add_member(council, council.colleges[0].id, f"Membre {i}",
                                 started_on=date(2024, 1, 1)) for i in range(4)]
    client.post(f"/council/{council.id}/meetings/new", data={
        "held_at": "2024-02-26T17:30", "place": "Centre social", "agenda": "Avis\nFête"})
    meeting = db.session.scalar(db.select(Meeting))
    form = {f"status-{m.id}": "present" for m in people[:3]}
    form |= {f"status-{people[3].id}": "represente", f"proxy-{people[3].id}": people[0].id}
    assert client.post(f"/council/meetings/{meeting.id}/attendance",
                       data=form).status_code == 302
    item = meeting.items[0]
    bad = client.post(f"/council/items/{item.id}/vote", data={
        f"item{item.id}-votes_for": 3, f"item{item.id}-votes_against": 0,
        f"item{item.id}-abstentions": 0})
    assert bad.status_code == 422 and "3 présents + 1 pouvoir = 4" in bad.text
    ok = client.post(f"/council/items/{item.id}/vote", data={
        f"item{item.id}-votes_for": 4, f"item{item.id}-votes_against": 0,
        f"item{item.id}-abstentions": 0, f"item{item.id}-decision": "Avis favorable"})
    assert ok.status_code == 302
    minutes = client.get(f"/council/meetings/{meeting.id}/minutes").text
    assert "Membre 3 ayant donné pouvoir à Membre 0" in minutes
    assert "Votes favorables 4" in minutes
    public = client.get(f"/conseil/seance/{meeting.id}").text
    assert "Membre 3" not in public and "Avis favorable" in public


def test_member_leaves_and_substitute_is_installed(client, auth, council):
    fill(council, 6, 6, 0)
    d = draws.prepare_draw(council, council.colleges[0].id, 8, 4)
    draws.run_stored_draw(d, "1 2 3")
    seated = members.seat_drawn_members(d)
    auth.login("coordinator")
    leaver = seated[0]
    client.post(f"/council/members/{leaver.id}/leave", data={"status": "demission"})
    page = client.get(f"/council/members/{leaver.id}")
    assert "Suppléant proposé" in page.text
    entry = members.propose_substitute(leaver)
    client.post(f"/council/members/{leaver.id}/replace", data={"entry_id": entry.id})
    assert len(council.active_members) == 8
    assert "Renouvellement par année" in client.get(f"/council/{council.id}/members").text


def test_convocation_lists_agenda_and_contacts_for_coordinators(client, auth, council):
    from datetime import datetime

    from participation.council import meetings as meeting_service
    fill(council, 4, 4, 0)
    d = draws.prepare_draw(council, council.colleges[0].id, 8, 0)
    draws.run_stored_draw(d, "9")
    members.seat_drawn_members(d, date(2024, 1, 1))
    meeting = meeting_service.create_meeting(council, datetime(2024, 3, 5, 18, 0), "Mairie",
                                             ["Budget participatif"])
    auth.login("facilitator")
    page = client.get(f"/council/meetings/{meeting.id}/convocation").text
    assert "Budget participatif" in page and "Mairie" in page and "+33600" not in page
    auth.logout()
    auth.login("coordinator")
    assert "+33600" in client.get(f"/council/meetings/{meeting.id}/convocation").text


def test_withdrawal_erases_the_contact_but_keeps_past_draws_verifiable(client, auth, council):
    from participation.council.models import CandidateContact
    fill(council, 3, 3, 0)
    d = draws.prepare_draw(council, council.colleges[0].id, 4, 1)
    draws.run_stored_draw(d, "7 7")
    auth.login("coordinator")
    first = db.session.scalar(db.select(Candidacy).order_by(Candidacy.number))
    response = client.post(f"/council/candidacies/{first.id}/withdraw")
    assert response.status_code == 302
    assert db.session.query(CandidateContact).count() == 5
    from participation.privacy.models import ConsentRecord
    proof = db.session.scalar(db.select(ConsentRecord).where(
        ConsentRecord.withdrawn_at.is_not(None)))
    assert proof.withdrawn_by == "coordinator"
    assert "n° 1 retirée" in client.get(response.headers["Location"]).text
    assert draws.verify_stored_draw(d) == []


def test_parity_shortfall_is_said(client, council):
    fill(council, 1, 5, 0)
    d = draws.prepare_draw(council, council.colleges[0].id, 4, 1)
    draws.run_stored_draw(d, "1")
    assert "La parité n’a pas pu être respectée" in client.get(f"/tirage/{d.id}").text


def test_invitation_link_leads_to_the_form(client, council, territory):
    from participation.council.services import invite_from_survey
    invitation = invite_from_survey(territory.id, "06 99 88 77 66")
    response = client.get(f"/conseil/invitation/{invitation.token}")
    assert response.status_code == 302 and invitation.token in response.headers["Location"]
    page = client.get(response.headers["Location"])
    assert f'value="{invitation.token}"' in page.text
    assert client.get("/conseil/invitation/inconnu").status_code == 404


def test_member_contacts_for_coordinators_only(client, auth, council):
    fill(council, 4, 4, 0)
    d = draws.prepare_draw(council, council.colleges[0].id, 8, 0)
    draws.run_stored_draw(d, "3")
    members.seat_drawn_members(d)
    auth.login("facilitator")
    assert "+33600" not in client.get(f"/council/{council.id}/members").text
    auth.logout()
    auth.login("coordinator")
    assert "+33600" in client.get(f"/council/{council.id}/members").text


def test_convocation_is_sent_through_the_backends(app, client, auth, council):
    from datetime import datetime

    from participation.council import meetings as meeting_service
    from participation.events.notify import OUTBOX
    fill(council, 4, 4, 0)
    d = draws.prepare_draw(council, council.colleges[0].id, 8, 0)
    draws.run_stored_draw(d, "2")
    members.seat_drawn_members(d, date(2024, 1, 1))
    members.add_member(council, council.colleges[1].id, "Sans contact",
                       started_on=date(2024, 1, 1))
    meeting = meeting_service.create_meeting(council, datetime(2024, 3, 5, 18, 0), "Mairie",
                                             ["Budget participatif"])
    auth.login("coordinator")
    OUTBOX.clear()
    app.config.update(SMS_BACKEND="memory", EMAIL_BACKEND="memory")
    try:
        response = client.post(f"/council/meetings/{meeting.id}/convocation",
                               follow_redirects=True)
    finally:
        app.config.update(SMS_BACKEND="", EMAIL_BACKEND="")
    assert "Convocation envoyée à 8 membres ; 1 membre sans coordonnées ; 0 " in plain(
        response.text)
    assert len(OUTBOX) == 8 and all(channel == "sms" for channel, _to, _t in OUTBOX)
    assert "05/03 à 18h00, Mairie" in OUTBOX[0][2]
    assert db.session.get(Meeting, meeting.id).convened_on == clock.local_today()


def _words(html: str) -> str:
    """Page text with no-break spaces read as spaces and whitespace collapsed."""
    from bs4 import BeautifulSoup
    return " ".join(plain(BeautifulSoup(html, "html.parser").get_text(" ")).split())


def test_draws_are_named_by_council_rank_and_date_not_by_id(client, auth, council, pinned_clock):
    """Issue #11 item 6: "Tirage n° 12" showed a database id; people read the council, the
    draw's rank within its collège in words and its date."""
    pinned_clock.move_to(datetime(2026, 3, 12, 12, 0, tzinfo=clock.PARIS), tick=False)
    fill(council, 3, 3, 0)
    first = draws.prepare_draw(council, council.colleges[0].id, 4, 1)
    draws.run_stored_draw(first, "7 7")
    second = draws.prepare_draw(council, council.colleges[0].id, 2, 0)
    public = _words(client.get(f"/tirage/{second.id}").text)
    assert ("Conseil citoyen Pasteur-Foch — deuxième tirage du collège « Habitants », "
            "12 mars 2026") in public
    assert "Deuxième tirage du collège « Habitants », 12 mars 2026" in public
    listing = _words(client.get(f"/conseil/{council.id}").text)
    assert "Premier tirage du collège « Habitants », 12 mars 2026" in listing
    auth.login("coordinator")
    team = _words(client.get(f"/council/draws/{first.id}").text)
    assert "Premier tirage du collège « Habitants », 12 mars 2026" in team
    for text in (public, listing, team):
        assert "n° " + str(first.id) not in text and "n° " + str(second.id) not in text
