"""A resident's full name the territory holds is masked on the pages anyone can open (task
s28privacy, gap 3): a public reply and the words it answers, an event's description (its
sign-up page and its poster), a council's charter, agenda items and decisions on its page and
in its minutes, a meeting's chair. The name a council member agreed to show publicly stays.
Each page is loaded as a resident opens it (WebTest, no account)."""
from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pytest

from participation.contributions.services import record_contribution, set_follow_up
from participation.council import meetings as meeting_service
from participation.council import members
from participation.council import services as council_services
from participation.events.signup import registration_token, sign_up
from participation.extensions import db
from participation.privacy.public_names import public_prose
from tests.events.conftest import answers, make_event
from tests.formfill import text_of
from tests.surveys.helpers import survey_with_condition

KNOWN = "Nadia Bouchareb"  # signed up to an event with her phone: a name the territory holds
SHOWN = "Awa Diallo"  # a council member who agreed to be named publicly
MASK = "[nom masqué]"
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


@pytest.fixture
def named(app, territory, quartier):
    """The two people, and the prose that names them; returns the pages' addresses."""
    with app.test_request_context():
        survey = survey_with_condition(territory, quartier)
        event = make_event(territory, quartier_ids=[quartier.id], survey_id=survey.id,
                           title=f"Goûter chez {KNOWN}",
                           description=f"Animé par {KNOWN}, au 12 rue Pasteur.",
                           offered=f"Un goûter préparé par {KNOWN.upper()}.")
        sign_up(event.id, "known", answers(KNOWN, phone="0612345678", consent=True))
        council = council_services.create_council(territory.id, council_services.CouncilSpec(
            name="Conseil citoyen Pasteur", quartier_ids=[quartier.id], habitants_seats=8,
            acteurs_seats=4, charter_title="Charte",
            charter_text=f"Rédigée avec {KNOWN} et {SHOWN}."))
        council_services.set_candidacies_open(council, True)
        council_services.submit_candidacy(council, council_services.CandidacyInput(
            college_kind="habitants", name=SHOWN, phone="0698765432", consent=True, sex="f"))
        members.add_member(council, council.colleges[0].id, SHOWN, sex="f",
                           public_name=SHOWN, started_on=date(2024, 1, 1))
        meeting = meeting_service.create_meeting(
            council, datetime(2024, 3, 5, 18, 0), "Mairie", [f"Demande de {KNOWN}"],
            chair_name=KNOWN)
        meeting.items[0].decision = f"{SHOWN} écrira à Bouchareb Nadia."
        contribution = record_contribution(
            territory.id, f"{KNOWN} dit que le square est sale, appelez le 06 11 22 33 44",
            quartier_id=quartier.id)
        set_follow_up(contribution, "realisee",
                      f"{KNOWN} a été reçue avec {SHOWN} ; le square est nettoyé.")
        survey.intro = f"Questionnaire préparé avec {KNOWN}."
        survey.thanks = f"{KNOWN} vous remercie."
        registration = sign_up(event.id, "other", answers("Sami"))
        db.session.commit()
        token = registration_token(registration)
    return {"quartier": f"/quartiers/{quartier.id}", "survey": f"/s/{survey.slug}",
            "survey_thanks": f"/s/{survey.slug}/merci",
            "ics": f"/events/inscription/{token}/evenement.ics",
            "confirmation": f"/events/inscription/{token}", "event": f"/events/{event.id}",
            "poster": f"/events/{event.id}/affiche",
            "council": f"/conseil/{council.id}",
            "minutes": f"/conseil/seance/{meeting.id}",
            "replies": f"/contributions/quartier/{quartier.id}/vous-avez-dit"}


@pytest.mark.parametrize("page, kept", [
    ("event", "au 12 rue Pasteur"), ("poster", "Un goûter préparé par"),
    ("confirmation", f"Goûter chez {MASK}"), ("quartier", f"Goûter chez {MASK}"),
    ("survey", f"Questionnaire préparé avec {MASK}."),
    ("survey_thanks", f"{MASK} vous remercie."),
    ("council", f"Rédigée avec {MASK} et {SHOWN}."),
    ("minutes", f"sous la présidence de {MASK}"),
    ("replies", f"{MASK} a été reçue avec {SHOWN}"),
])
def test_a_public_page_masks_the_known_name_and_keeps_the_public_one(app, named, page, kept):
    import webtest

    text = text_of(webtest.TestApp(app).get(named[page]))
    assert "Bouchareb" not in text and "BOUCHAREB" not in text
    assert MASK in text and kept in text


def test_the_minutes_keep_the_members_public_name_in_the_decision(app, named):
    import webtest

    text = text_of(webtest.TestApp(app).get(named["minutes"]))
    assert f"Point 1 : Demande de {MASK}" in text
    assert f"{SHOWN} écrira à {MASK}." in text


def test_the_residents_words_on_a_public_reply_lose_the_name_and_the_phone(app, named):
    import webtest

    text = text_of(webtest.TestApp(app).get(named["replies"]))
    assert f"« {MASK} dit que le square est sale, appelez le [téléphone masqué] »" in text


def test_public_prose_by_hand(app, named, territory):
    with app.test_request_context():
        assert public_prose("Merci à nadia BOUCHAREB.", territory.id) == f"Merci à {MASK}."
        assert public_prose("Nadia est venue.", territory.id) == "Nadia est venue."
        assert public_prose(f"{SHOWN} préside.", territory.id) == f"{SHOWN} préside."
        assert public_prose(KNOWN, None) == KNOWN  # no territory: nothing to read names from


def test_the_calendar_file_masks_it_too(app, named):
    import webtest

    body = webtest.TestApp(app).get(named["ics"]).text.replace("\r\n ", "")
    assert "Bouchareb" not in body and "BOUCHAREB" not in body
    assert f"SUMMARY:Goûter chez {MASK}" in body and "au 12 rue Pasteur" in body


def test_the_thank_you_page_lists_the_survey_event_masked(app, named):
    import webtest

    text = text_of(webtest.TestApp(app).get(named["survey_thanks"]))
    assert f"Goûter chez {MASK}" in text and "Bouchareb" not in text


# The staff's texts a public template may show (the columns ``register_staff_text`` declares,
# and the event's and meeting's other free texts), each to go through a public filter.
STAFF_PROSE = re.compile(
    r"\b(?:event\.(?:title|description|offered|place|place_words)|f\.title|charter\.(?:text|"
    r"title)|(?:item|i)\.decision|meeting\.(?:chair_name|place)|c\.public_reply|c\.text|"
    r"tr\('(?:intro|thanks)'\))(?!\w)")
# an agenda item's title, in the council's templates (elsewhere ``item`` is a page's card)
AGENDA_TITLE = re.compile(r"\b(?:item|i)\.title(?!\w)")
PUBLIC_FILTER = re.compile(r"\s*\|\s*public_(?:prose|masked)\(")


def test_every_public_template_filters_the_staff_prose_it_shows():
    """Whole kind: every resident-facing template (tests/core/test_resident_catalogues.py)
    passes each staff-written text it shows through ``public_prose``/``public_masked``."""
    from tests.core.test_resident_catalogues import RESIDENT_TEMPLATES

    unfiltered = []
    for name in RESIDENT_TEMPLATES:
        source = (TEMPLATES / name).read_text(encoding="utf-8")
        found = [*STAFF_PROSE.finditer(source), *(
            AGENDA_TITLE.finditer(source) if name.startswith("council/") else ())]
        for match in found:
            if not PUBLIC_FILTER.match(source, match.end()) and _shown(source, match.start()):
                unfiltered.append(f"{name}: {match.group()}")
    assert unfiltered == []


def _shown(source: str, at: int) -> bool:
    """Whether the expression at ``at`` is printed (inside ``{{ }}``), not only tested."""
    return source.rfind("{{", 0, at) > source.rfind("}}", 0, at)


def test_the_teams_own_minutes_page_keeps_the_chairs_name(webapp, web_login, named):
    """The team's copy (``public=False``) names the members whole, the chair too."""
    web_login("coordinator")
    meeting_id = named["minutes"].rsplit("/", 1)[-1]
    text = text_of(webapp.get(f"/council/meetings/{meeting_id}/minutes"))
    assert f"sous la présidence de {KNOWN}" in text
