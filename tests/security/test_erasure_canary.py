"""Security findings 1 and 5: erasure leaves nothing, whatever form the person used.

Found as: a person who had used every form was erased by phone and by e-mail, then the
database was scanned: their council invitation (a verbatim copy of the survey contact), their
sign-up first name, allergies and comment, their check-in name and their free-text answer
holding their phone were still there, and the access page did not list them.

Replayed here through the rendered pages only (WebTest, CSRF on), never by writing rows: a
resident answers a survey (free text with their phone, consented contact, "yes" to the
council), signs up to an event (name, allergies, comment with the phone, contact), applies
to the council and leaves Johari post-its; the staff invite the survey's "yes" contacts to
apply, type a tablet interview whose answer holds the e-mail in capitals, check the resident
in and add a walk-in under the same name, type a contribution holding the e-mail, seat a
member and write a meeting's chair under that name. The phone is typed in a different French
format in each form. The coordinator then looks the person up by phone, e-mail and name on
the access page (everything listed, exported), erases by each, and every text column of
every table, the captured output and the logs are scanned.
"""
from __future__ import annotations

import html
import json
import logging
import re
from datetime import date

import pytest
from flask import g
from sqlalchemy import String, select

from participation.core.personal_data import PERSONAL_TABLES
from participation.council import services as council_services
from participation.council.services import CouncilSpec
from participation.extensions import db
from participation.johari import services as johari_services
from participation.privacy.consent import contact_key
from participation.surveys import services as survey_services
from tests.events.conftest import make_event
from tests.privacy.erasing import confirm

NAME = "Cnry7f3a9"
EMAIL = "cnry7f3a9@example.org"
PHONE = "+33699887766"
# One French way of writing the number per form
PHONES = {"survey": "06 99 88 77 66", "free_text": "06.99.88.77.66",
          "event": "+33 6 99 88 77 66", "comment": "0699887766", "council": "06-99-88-77-66"}
DIGITS = "699887766"


def _hits_in(value: str) -> bool:
    low = value.lower()
    return ("cnry7f3a9" in low or DIGITS in re.sub(r"\D", "", value)
            or contact_key(PHONE) in value or contact_key(EMAIL) in value)


def _database_hits() -> list[str]:
    """Every text column of every table whose value holds the name, the e-mail, the phone
    (in any format: digits compared) or their consent-record fingerprints."""
    hits = []
    for table in db.metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, String)]
        if not columns:
            continue
        for row in db.session.execute(select(*columns)):
            hits += [f"{table.name}.{c.name}" for c, v in zip(columns, row, strict=True)
                     if isinstance(v, str) and _hits_in(v)]
    return sorted(set(hits))


def _new_browser() -> None:
    """WebTest requests share the test's app context: empty ``g`` (cached user, CSRF token)
    when another person's browser takes over, as a separate request would."""
    for name in list(g):
        g.pop(name)


def _form_with(page, field: str):
    return next(f for f in page.forms.values() if field in f.fields)


@pytest.fixture
def places(territory, quartier, app):
    """What the staff set up beforehand (no personal data): an open survey asking for ideas,
    a contact and whether to join the council; an event; a council open to candidacies; a
    Johari exercise."""
    with app.test_request_context():
        survey = survey_services.create_survey(territory.id, "Vivre à Pasteur",
                                               quartier_ids=[quartier.id])
        council_q = survey_services.add_question(
            survey, "yes_no", "Souhaitez-vous rejoindre le conseil citoyen ?", name="cc")
        ideas = survey_services.add_question(survey, "long_text", "Vos idées pour le quartier",
                                             name="idees")
        contact = survey_services.add_question(survey, "short_text", "Nom et téléphone",
                                               personal=True, name="contact")
        survey_services.set_status(survey, "open")
        council = council_services.create_council(territory.id, CouncilSpec(
            name="Conseil citoyen Pasteur-Foch", quartier_ids=[quartier.id], habitants_seats=8,
            acteurs_seats=4, charter_title="Charte", charter_text="Bienveillance."))
        council_services.set_candidacies_open(council, True)
        exercise = johari_services.create_exercise(territory.id, "Johari du barbecue",
                                                   quartier.id, date(2023, 6, 27))
    event = make_event(territory, capacity=20, quartier_ids=[quartier.id])
    return {"survey": survey, "council_q": council_q, "ideas": ideas, "contact": contact,
            "council": council, "exercise": exercise, "event": event}


def _answer_survey(webapp, places) -> None:
    survey, council_q = places["survey"], places["council_q"]
    form = _form_with(webapp.get(f"/s/{survey.slug}"), f"q{places['ideas'].id}")
    yes = next(o.id for o in council_q.options if o.name == "oui")
    form[f"q{council_q.id}"] = str(yes)
    form[f"q{places['ideas'].id}"] = f"Un banc. Rappelez-moi au {PHONES['free_text']}"
    form[f"q{places['contact'].id}"] = f"{NAME} {PHONES['survey']} {EMAIL}"
    form["consent"] = True
    assert form.submit().status_int in (302, 303)


def _sign_up(webapp, event) -> None:
    form = _form_with(webapp.get(f"/events/{event.id}"), "allergies")
    form["name"], form["adults"] = NAME, "2"
    form["allergies"] = f"arachide ({NAME})"
    form["interpreter_language"] = "arabe"
    form["comment"] = f"Appelez-moi au {PHONES['comment']} si besoin"
    form["phone"], form["email"], form["consent"] = PHONES["event"], EMAIL, True
    assert form.submit().status_int in (302, 303)


def _apply_to_council(webapp, council) -> None:
    form = _form_with(webapp.get(f"/conseil/{council.id}/candidater"), "motivation")
    form["college"] = "habitants"
    form["name"], form["phone"], form["email"] = NAME, PHONES["council"], EMAIL
    form["sex"], form["motivation"] = "f", f"Je suis {NAME}, maman de deux enfants."
    form["availability"], form["consent"] = "le soir", True
    response = form.submit()
    assert response.status_int in (302, 303), response.text[:2000]


def _post_its(webapp, exercise) -> None:
    group = exercise.groups[0]
    form = _form_with(webapp.get(f"/johari/{exercise.id}/{group.slug}"), "publique")
    form["publique"] = f"Le square est sale. {EMAIL}"
    assert form.submit().status_int in (302, 303)


def _staff_forms(webapp, places) -> None:
    survey, event, council = places["survey"], places["event"], places["council"]
    invite = _form_with(webapp.get(f"/surveys/{survey.id}/contacts"), "question_id")
    invite["question_id"] = str(places["council_q"].id)
    assert "1 personne invitée" in invite.submit().follow().text
    checkin = webapp.get(f"/events/{event.id}/checkin")
    tick = next(f for f in checkin.forms.values() if f.action.endswith("/checkin/tick"))
    tick.submit()
    walk_in = _form_with(webapp.get(f"/events/{event.id}/checkin"), "name")
    walk_in["name"] = f"{NAME.upper()} "  # the same person, typed again at the door
    refused = walk_in.submit(status=422)  # like a party on the list: asked first
    walk_in = _form_with(refused, "other_person")
    walk_in["other_person"] = True  # the facilitator adds it anyway
    walk_in.submit(status=302)
    interview = _form_with(webapp.get(f"/surveys/{survey.id}/interview"), "place")
    interview[f"q{places['ideas'].id}"] = f"Envoyez-moi le compte rendu : {EMAIL.upper()}"
    interview["place"] = "Marché"
    assert interview.submit().status_int in (302, 303)
    new = _form_with(webapp.get("/contributions/new"), "text")
    new["text"] = f"Une habitante demande un rappel : {EMAIL}"
    assert new.submit().status_int in (302, 303)
    member = _form_with(webapp.get(f"/council/{council.id}/members"), "public_name")
    member["name"] = NAME
    member.submit()
    meeting = _form_with(webapp.get(f"/council/{council.id}/meetings/new"), "chair_name")
    meeting["held_at"], meeting["place"] = "2024-03-05T18:00", "Mairie"
    meeting["chair_name"], meeting["agenda"] = NAME, "Budget participatif"
    assert meeting.submit().status_int in (302, 303)


def _look_up(webapp, **who):
    form = _form_with(webapp.get("/privacy/personne"), "phone")
    for key, value in who.items():
        form[key] = value
    return form.submit()


def _erase(page):
    """Erase every person set the page lists: here all are the same person, who used
    every form with several phones (the coordinator ticks each set)."""
    form = _form_with(page, "confirm")
    confirm(form)
    for position, box in enumerate(form.fields.get("sets", [])):
        form.set("sets", box._value, index=position)
    return form.submit().follow()


# What each way of looking the person up must list, at least (registry keys)
FOUND_BY = {
    "phone": {"survey_contact", "survey_answer", "event_registration",
              "event_registration_contact", "event_checkin", "council_candidate_contact",
              "council_candidacy", "council_invitation", "consent_record"},
    "email": {"survey_contact", "survey_answer", "event_registration_contact",
              "event_registration",
              "council_candidate_contact", "council_invitation", "contribution_text"},
    "name": {"event_registration", "event_checkin", "council_candidate_contact",
             "council_member", "council_meeting", "council_invitation", "survey_contact"},
}
LOOKUPS = {"phone": {"phone": "06 99 88 77 66"}, "email": {"email": EMAIL},
           "name": {"name": f"  {NAME.lower()} "}}


@pytest.mark.forms("surveys/answer.html", "events/public.html#1", "council/apply.html#1",
                   "johari/public.html#1", "surveys/contacts.html#1", "events/checkin.html#2",
                   "events/checkin.html#3", "contributions/new.html#1", "council/members.html#1",
                   "council/meeting_new.html#1", "privacy/person.html#1",
                   "privacy/person.html#3", "privacy/person.html#4")
def test_a_person_who_used_every_form_is_listed_then_erased_everywhere(
        webapp, web_login, places, caplog, capsys):
    caplog.set_level(logging.DEBUG)
    _answer_survey(webapp, places)
    _sign_up(webapp, places["event"])
    _apply_to_council(webapp, places["council"])
    _post_its(webapp, places["exercise"])
    _new_browser()
    web_login("coordinator")
    _staff_forms(webapp, places)
    planted = _database_hits()
    assert {"survey_contact.value", "survey_answer.text", "event_registration.name",
            "event_registration.allergies", "event_registration.comment",
            "event_checkin.name", "council_invitation.contact", "council_member.name",
            "council_meeting.chair_name", "contribution.text"} <= set(planted)

    for how, who in LOOKUPS.items():
        page = html.unescape(_look_up(webapp, **who).text)
        page = page.replace("\xa0", " ").replace("\u202f", " ")  # French typography
        shown = {key for key in FOUND_BY[how] if str(PERSONAL_TABLES[key].label) in page}
        assert shown == FOUND_BY[how], (how, re.findall(r"<h3>(.*?)</h3>", page))
        assert NAME in page or NAME.upper() in page

    export = next(f for f in _look_up(webapp, phone=PHONES["event"]).forms.values()
                  if f.action.endswith("export.json"))
    records = json.loads(export.submit().body)["records"]
    assert FOUND_BY["phone"] <= {r["table"] for r in records}
    assert any(NAME in json.dumps(r["data"]) for r in records)

    erased = []
    for how, who in LOOKUPS.items():
        page = _look_up(webapp, **who)
        if "Aucune donnée personnelle trouvée" in page.text:
            continue  # all erased already, through the contacts its records held
        assert "Données effacées" in _erase(page).text, how
        erased.append(how)
    assert erased[0] == "phone" and _database_hits() == []
    out, err = capsys.readouterr()
    assert [line for line in (caplog.text + out + err).splitlines() if _hits_in(line)] == []


def test_erasure_by_phone_alone_removes_every_text_holding_the_phone(webapp, web_login,
                                                                    places):
    """The phone typed "06 99 88 77 66" finds it written "06.99…", "+33 6 99…", "0699…"."""
    _answer_survey(webapp, places)
    _sign_up(webapp, places["event"])
    _apply_to_council(webapp, places["council"])
    _new_browser()
    web_login("coordinator")
    assert "Données effacées" in _erase(_look_up(webapp, phone="06 99 88 77 66")).text
    assert _database_hits_of_digits() == []


def _database_hits_of_digits() -> list[str]:
    hits = []
    for table in db.metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, String)]
        if columns:
            for row in db.session.execute(select(*columns)):
                hits += [f"{table.name}.{c.name}" for c, v in zip(columns, row, strict=True)
                         if isinstance(v, str) and DIGITS in re.sub(r"\D", "", v)]
    return hits


# Text columns that hold no resident's words nor contacts, and why. A new text column must be
# declared in its feature's privacy.py (fields, name_fields or text_fields) or added here
# with its reason: erasure is total by construction, not by memory.
NOT_PERSONAL = {
    "the tool an import was collected with, one of a fixed list (surveys.collection_tools."
    "TOOLS: KoboCollect tablets, Google Forms…), chosen by staff or read from the file's "
    "headers": {"survey_response.collected_with"},
    "the computed text a coordinator read when saving a section text, its residents' quoted "
    "words « … » removed before it is stored (exports.services.save_section_text: only its "
    "figures are compared)": {"section_text.generated"},
    "the territory's own description, written by staff": {
        "territory.name", "territory.slug", "commune.name", "commune.insee_code",
        "contract.name", "contract.tree_version_label", "contract.language", "quartier.code",
        "quartier.name",
        "quartier.kind", "quartier_name.name", "challenge.code", "challenge.name",
        "challenge.colour", "challenge.keywords", "section_text.key",
        "retention_setting.key"},
    "staff accounts and the security log (never a resident's contact, see core/audit.py)": {
        "user_account.email", "user_account.name", "user_account.role",
        "user_account.password_hash", "audit_event.actor", "audit_event.action",
        "audit_event.target", "audit_event.ip", "audit_event.details", "export_log.name",
        "export_log.fmt", "export_log.reason"},
    "what the staff publish or organise (events, surveys, councils, exercises): titles, "
    "places and the wording of forms; their prose (descriptions, minutes, conclusions, "
    "replies) is registered (privacy/staff_texts.py)": {
        "event.kind", "event.title", "event.address", "event.place_words",
        "event.audience", "event.offered", "event_table.name",
        "survey.slug", "survey.title", "survey.intro", "survey.languages", "survey.status",
        "survey.form_id", "survey.form_version", "survey_question.name",
        "survey_question.type",
        "survey_question.label", "survey_question.help", "survey_question.min_label",
        "survey_question.max_label", "survey_question.condition_op",
        "survey_question.condition_value", "survey_question.relevant",
        "survey_question.relevant_ast", "survey_question.contribution_kind",
        "survey_question.codebook", "survey_option.name", "survey_option.label",
        "survey_version.version", "survey_version.definition", "survey_batch.label",
        "survey_batch.place", "survey_device.label", "survey_device.token_hash",
        "council.name", "council.kind", "council_college.kind", "council_charter.title",
        "council_meeting.place", "council_draw.source", "council_draw.fingerprint",
        "council_draw.seed_announcement", "council_draw.seed", "council_draw.result_json",
        "johari_exercise.title", "johari_group.slug", "johari_group.name",
        "johari_group.author_role",
        "johari_group.prompt_publique", "johari_group.prompt_aveugle",
        "johari_group.prompt_cachee", "johari_group.prompt_inconnue",
        "survey.thanks", "survey_question.constraint_message",
        "survey_question.required_message", "survey_translation.text",
        "johari_translation.text",
        # the names of the files a coordinator uploads to import (shown in the preview)
        "pending_import.form_name", "pending_import.answers_name"},
    "codes, states and random tokens": {
        "used_form_token.nonce", "used_form_token.purpose", "used_form_token.result_ref",
        "page_version.token",
        "consent_record.purpose", "consent_record.text", "consent_record.text_version",
        "consent_record.withdrawn_by", "consent_record.source_table",
        "council_invitation.token", "event_registration.form_token",
        "event_registration.status", "event_checkin.source", "event_table_note.question",
        "contribution.kind", "contribution.author_role", "contribution.source_format",
        "contribution.source_type", "contribution.status", "contribution_challenge.origin",
        "contribution_link.kind", "council_candidacy.source",
        "council_candidacy.submission_token", "council_member.status",
        "council_attendance.status", "council_draw_entry.outcome", "johari_postit.quadrant",
        "johari_submission.token", "survey_response.token", "survey_response.channel",
        "survey_response.external_id", "survey_contact.consent_text",
        "survey_contact.consent_version", "survey_offline_receipt.client_uuid",
        "survey_offline_receipt.mode", "survey_offline_receipt.survey_version",
        "survey_offline_receipt.source", "survey_translation.target", "survey_translation.field",
        "survey_translation.language", "survey_response.language",
        "johari_translation.target", "johari_translation.field", "johari_translation.language",
        "consent_record.language", "survey_contact.consent_language",
        "event_registration_contact.consent_language",
        "event_registration_contact.consent_text",  # the wording shown, the same for all
        "territory.data_version",
        "pending_suggestion.claimed_by",  # the drainer (host:pid:thread) scoring the text
        "pending_import.token",
        # keyed hashes of an erased submission's identity or contact (privacy/tombstones.py)
        "erasure_tombstone.kind", "erasure_tombstone.key"},
    "kept on purpose, not identifying alone": {
        "survey_response.place",            # where an interview took place (a street)
        "council_member.structure_name",   # the organisation an acteur local represents
        "council_draw_entry.sex",          # published with the draw, so it stays verifiable
    },
}


def test_every_text_column_is_declared_personal_or_listed_as_not():
    declared = set()
    for entry in PERSONAL_TABLES.values():
        for name in (*entry.fields, *entry.text_fields, *entry.name_fields,
                     entry.phone_field, entry.email_field):
            if name:
                declared.add(f"{entry.table}.{name}")
    listed = set().union(*NOT_PERSONAL.values())
    columns = {f"{t.name}.{c.name}" for t in db.metadata.sorted_tables for c in t.columns
               if isinstance(c.type, String)}
    unknown = sorted(columns - declared - listed)
    assert unknown == [], ("declare these columns in the feature's privacy.py, or list them "
                           "in NOT_PERSONAL with a reason: " + ", ".join(unknown))
    assert sorted(listed & declared) == [] and sorted(listed - columns) == []
