"""A person named in the texts the staff write is found and erased (task s27erase).

A facilitator wrote « Mme Nadia Bouchareb (06 12 34 56 78) a proposé… » in a council's
minutes; the same person was thanked in a public reply to a contribution, named in a Johari
exercise's conclusions and in an event's description. The person search did not read these
texts: after her erasure she stayed findable, and printed. Walked as the staff do: each text
written through its rendered form, then /privacy/personne looked up and erased as the DPO
does; Karim Haddad, named in the same minutes, keeps his mention and his records.
"""
from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from participation.contributions.models import Contribution
from participation.contributions.services import record_contribution
from participation.core.audit import AuditEvent
from participation.council import meetings, members
from participation.council.models import AgendaItem
from participation.events.models import Event
from participation.extensions import db
from participation.johari import services as johari_services
from participation.johari.models import JohariExercise
from participation.privacy.models import ErasureTombstone
from tests.council.conftest import council  # noqa: F401 (fixture)
from tests.events.conftest import make_event
from tests.formfill import form_to, text_of
from tests.privacy.erasing import KEEP_WORDS, confirm

PERSON, ERASE = "/privacy/personne", "/privacy/personne/effacer"
MINUTES = ("Mme Nadia Bouchareb (06 12 34 56 78) a proposé un jardin partagé rue Jean Jaurès ; "
           "M. Karim Haddad (07 11 22 33 44) l'a soutenue.")
MINUTES_AFTER = ("Mme [nom effacé] ([téléphone effacé]) a proposé un jardin partagé rue Jean "
                 "Jaurès ; M. Karim Haddad (07 11 22 33 44) l'a soutenue.")
REPLY = "Merci à Nadia Bouchareb : écrivez-lui à nadia.bouchareb@example.org pour le jardin."
REPLY_AFTER = "Merci à [nom effacé] : écrivez-lui à [e-mail effacé] pour le jardin."
CONCLUSION = "Comme le dit BOUCHAREB Nadia, le square ferme trop tôt."
CONCLUSION_AFTER = "Comme le dit [nom effacé], le square ferme trop tôt."
DESCRIPTION = "Animé par Nadia Bouchareb, joignable au 06.12.34.56.78 ; goûter offert."
DESCRIPTION_AFTER = "Animé par [nom effacé], joignable au [téléphone effacé] ; goûter offert."


@pytest.fixture
def written(webapp, web_login, territory, quartier, council):  # noqa: F811
    """What the staff set up (a meeting with its quorum, a contribution, a Johari exercise,
    an event), then the four texts typed in their forms by the coordinator."""
    college = council.colleges[0].id
    seated = [members.add_member(council, college, f"Membre {i}", "f",
                                 started_on=date(2024, 1, 1)) for i in range(3)]
    meeting = meetings.create_meeting(council, datetime(2024, 3, 5, 18), "Centre social",
                                      ["Jardin partagé"])
    meetings.record_attendance(meeting, {m.id: ("present", None) for m in seated})
    contribution = record_contribution(territory.id, "Il faudrait un jardin.",
                                       quartier_id=quartier.id)
    exercise = johari_services.create_exercise(territory.id, "Johari du square", quartier.id,
                                               date(2024, 3, 6))
    event = make_event(territory, quartier_ids=[quartier.id])
    web_login("coordinator")
    page = webapp.get(f"/council/meetings/{meeting.id}")
    vote = form_to(page, f"/council/items/{meeting.items[0].id}/vote")
    item = f"item{meeting.items[0].id}-"
    vote[item + "votes_for"], vote[item + "votes_against"] = "3", "0"
    vote[item + "abstentions"], vote[item + "decision"] = "0", MINUTES
    assert "Vote enregistré." in text_of(vote.submit().follow())
    follow = form_to(webapp.get(f"/contributions/{contribution.id}"),
                     f"/contributions/{contribution.id}/follow-up")
    follow["public_reply"] = REPLY
    assert "Suivi enregistré." in text_of(follow.submit().follow())
    url = f"/johari/{exercise.id}/comparaison"
    conclusions = form_to(webapp.get(url), url)
    conclusions["constats_habitants"] = CONCLUSION
    assert "Conclusions enregistrées." in text_of(conclusions.submit().follow())
    edit = form_to(webapp.get(f"/events/{event.id}/edit"), f"/events/{event.id}/edit")
    edit["description"] = DESCRIPTION
    assert edit.submit().status_int == 302
    return {"item": meeting.items[0].id, "contribution": contribution.id,
            "exercise": exercise.id, "event": event.id}


def _search(webapp, **who):
    form = form_to(webapp.get(PERSON), PERSON)
    for field, value in who.items():
        form[field] = value
    return form.submit()


def _stored(ids) -> dict[str, str]:
    db.session.expire_all()
    return {"minutes": db.session.get(AgendaItem, ids["item"]).decision,
            "reply": db.session.get(Contribution, ids["contribution"]).public_reply,
            "conclusion": db.session.get(JohariExercise, ids["exercise"]).constats_habitants,
            "description": db.session.get(Event, ids["event"]).description}


@pytest.mark.forms("council/meeting.html#2", "contributions/detail.html#2",
                   "johari/comparison.html#1", "events/form.html#1", "privacy/person.html#4")
def test_staff_texts_are_listed_with_where_and_excerpt_then_redacted(webapp, written):
    page = _search(webapp, phone="06 12 34 56 78", name="Nadia Bouchareb")
    shown = text_of(page)
    for label, where in (
            ("Conseil citoyen : comptes rendus des séances",
             "Conseil citoyen Pasteur-Foch — séance du 5 mars 2024, point 1"),
            ("Contributions : réponses publiques et sources écrites par l’équipe",
             f"Contribution n° {written['contribution']} du 24 nov. 2026"),
            ("Exercices Johari : conclusions des animateurs",
             "Exercice Johari « Johari du square » du 6 mars 2024 — conclusions"),
            ("Événements : descriptions rédigées par l’équipe", "Événement « ")):
        assert label in shown and where in shown, label
    # her mention as written, Karim's name and phone masked: his data is not hers to read
    assert ("Décision ou avis (compte rendu) Mme Nadia Bouchareb (06 12 34 56 78) a proposé "
            "un jardin partagé rue Jean Jaurès ; [nom masqué] ([téléphone masqué]) l'a "
            "soutenue.") in shown
    assert "07 11 22 33 44" not in page.text and "Karim" not in page.text

    form = form_to(page, ERASE)
    confirm(form, KEEP_WORDS)
    for position, box in enumerate(form.fields.get("sets", [])):
        form.set("sets", box._value, index=position)  # the sets found by the name too
    assert "Données effacées : 4 enregistrements." in text_of(form.submit().follow())

    assert _stored(written) == {"minutes": MINUTES_AFTER, "reply": REPLY_AFTER,
                                "conclusion": CONCLUSION_AFTER,
                                "description": DESCRIPTION_AFTER}
    erasure = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "erasure")
                                .order_by(AuditEvent.id))
    assert {f"council_agenda_item:{written['item']}",
            f"contribution_reply:{written['contribution']}",
            f"johari_exercise:{written['exercise']}",
            f"event:{written['event']}"} == set(erasure.details_dict["records"])
    for who in ({"name": "nadia bouchareb"}, {"phone": "06 12 34 56 78"},
                {"email": "nadia.bouchareb@example.org"}):
        assert "Aucune donnée personnelle trouvée" in text_of(_search(webapp, **who)), who
    # Karim, named in the same minutes, is still found there; no tombstone buries him
    assert "Conseil citoyen : comptes rendus des séances" in text_of(
        _search(webapp, phone="07 11 22 33 44"))
    assert db.session.scalar(select(func.count()).select_from(ErasureTombstone)) == 0


@pytest.mark.forms("council/meeting.html#2", "contributions/detail.html#2",
                   "johari/comparison.html#1", "events/form.html#1")
def test_a_name_found_alone_is_its_own_person_named_as_written(webapp, written):
    """Searched by the name only, with a typing error: each text is a person set of its own
    (homonyms are not told apart by a name), named as the text writes it, never ticked."""
    page = _search(webapp, name="nadia boucharb")
    shown = text_of(page)
    assert "4 personnes différentes au moins" in shown
    assert "Personne 1 : Mme Nadia Bouchareb" in shown and "sans nom" not in shown
    form = form_to(page, ERASE)
    assert [box.checked for box in form.fields["sets"]] == [False] * 4
    confirm(form, KEEP_WORDS)
    for position, box in enumerate(form.fields.get("sets", [])):
        form.set("sets", box._value, index=position)
    form.submit().follow()
    assert _stored(written)["minutes"] == MINUTES_AFTER


def test_a_street_or_another_word_like_the_name_stays():
    """« rue Jean Jaurès » keeps its name when Jean Jaurès is erased; a lower-case word one
    letter from the name ("matin" for Martin) is no mention; "Martine" is not "Martin"
    when the text writes "Martin"; a name heard wrong ("Boucharb") erases the name
    written."""
    from participation.privacy.redaction import redact

    assert redact("Réunion rue Jean Jaurès avec Jean Jaurès.", {"Jean Jaurès"}) == \
        "Réunion rue Jean Jaurès avec [nom effacé]."
    assert redact("Ce matin, Martine et M. Martin.", {"Martin"}) == \
        "Ce matin, Martine et M. [nom effacé]."
    assert redact("Mme Nadia Bouchareb, présente.", {"nadia boucharb"}) == \
        "Mme [nom effacé], présente."
