"""Every public page of a quartier is at most two clicks from the home page, without JavaScript
(issue #11, "public reach").

A territory holds one public page of each kind: an open questionnaire, an upcoming event, an
open Johari exercise, "Vous avez dit, nous avons fait" replies, and a council whose
candidacies are closed, with a draw by lot and a meeting whose minutes are public. The test
follows same-site ``<a href>`` links from ``/`` (WebTest: no JavaScript, no form), breadth
first, at most two clicks deep, and lists every expected page it did not reach.
"""
from __future__ import annotations

from datetime import date, datetime
from urllib.parse import urlsplit

from participation.contributions import services as contributions
from participation.council import draws, meetings, members
from participation.council import services as councils
from participation.council.services import CandidacyInput, CouncilSpec
from participation.johari import services as johari
from participation.surveys import services as surveys
from tests.events.conftest import make_event

MAX_CLICKS = 2


def _council_with_a_draw_and_minutes(territory, quartier) -> dict[str, str]:
    council = councils.create_council(territory.id, CouncilSpec(
        name="Conseil citoyen Pasteur-Foch", quartier_ids=[quartier.id], habitants_seats=2,
        acteurs_seats=0, charter_title="Charte", charter_text="Bienveillance."))
    councils.set_candidacies_open(council, True)
    for i, sex in enumerate("ffhh"):
        councils.submit_candidacy(council, CandidacyInput(
            college_kind="habitants", name=f"Personne {i}", phone=f"0612345{i:03d}",
            consent=True, sex=sex))
    councils.set_candidacies_open(council, False)  # closed: the page must still be found
    draw = draws.prepare_draw(council, council.colleges[0].id, 2, 1)
    draws.run_stored_draw(draw, "3 1 4")
    seated = members.seat_drawn_members(draw, date(2024, 1, 1))
    meeting = meetings.create_meeting(council, datetime(2024, 2, 26, 17, 30), "Centre social",
                                      ["Avis sur le contrat"])
    meetings.record_attendance(meeting, {m.id: ("present", None) for m in seated}, None)
    return {"council page": f"/conseil/{council.id}", "draw": f"/tirage/{draw.id}",
            "public minutes": f"/conseil/seance/{meeting.id}"}


def _one_public_page_of_each_kind(territory, quartier) -> dict[str, str]:
    survey = surveys.create_survey(territory.id, "Se déplacer", quartier_ids=[quartier.id])
    surveys.add_question(survey, "short_text", "Comment venez-vous ?")
    surveys.set_status(survey, "open")
    event = make_event(territory, quartier_ids=[quartier.id])
    exercise = johari.create_exercise(territory.id, "Johari", quartier.id, date(2024, 5, 1))
    said = contributions.record_contribution(territory.id, "Plus de bancs",
                                             quartier_id=quartier.id)
    contributions.set_follow_up(said, "realisee", "Six bancs posés rue Pasteur.")
    pages = {"quartier page": f"/quartiers/{quartier.id}", "survey": f"/s/{survey.slug}",
             "event": f"/events/{event.id}", "Johari": f"/johari/{exercise.id}/habitants",
             "replies": f"/contributions/quartier/{quartier.id}/vous-avez-dit"}
    return pages | _council_with_a_draw_and_minutes(territory, quartier)


def _crawl(webapp, start: str = "/", depth: int = MAX_CLICKS) -> dict[str, int]:
    """Same-site paths reached from ``start`` -> the fewest clicks it took."""
    seen, frontier = {start: 0}, [start]
    for clicks in range(1, depth + 1):
        following = []
        for path in frontier:
            page = webapp.get(path, status="*")
            if page.status_int != 200 or "html" not in page.content_type:
                continue
            for a in page.html.find_all("a", href=True):
                parts = urlsplit(a["href"])
                if parts.netloc or parts.scheme or not parts.path.startswith("/"):
                    continue
                if parts.path not in seen:
                    seen[parts.path] = clicks
                    following.append(parts.path)
        frontier = following
    return seen


def test_every_public_page_is_two_clicks_from_home(webapp, territory, quartier):
    expected = _one_public_page_of_each_kind(territory, quartier)
    for path in expected.values():
        assert webapp.get(path).status_int == 200, path  # each page exists, publicly
    reached = _crawl(webapp)
    missing = {kind: path for kind, path in expected.items() if path not in reached}
    assert not missing, f"not reachable from / in {MAX_CLICKS} clicks: {missing}"
