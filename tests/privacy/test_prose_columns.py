"""Every column that holds prose is read by the person search (task s27erase).

A facilitator wrote « Mme Nadia Bouchareb (06 12 34 56 78) a proposé… » in a council's
minutes; the person search read the registry's free texts (``text_fields``) only, and the
minutes, an event's description, the public replies to contributions and the Johari
conclusions were not among them: Nadia stayed findable after her erasure. A prose column
(unbounded ``Text``, or a ``String`` of 200 characters or more) must be a free text, a name
or a contact column of the registry (core/personal_data.py), or be listed below with why
no one's name or contact can be in it: the next prose column added fails here until it is
declared (``privacy.staff_texts.register_staff_text`` for a text the staff write).
"""
from __future__ import annotations

from sqlalchemy import String, Text

from participation.core.personal_data import PERSONAL_TABLES
from participation.extensions import db
from tests.security.test_erasure_canary import NOT_PERSONAL

PROSE_LENGTH = 200
NOT_PROSE = {
    "names of the territory's places and bodies, titles of what the staff organise": {
        "territory.name", "commune.name", "contract.name", "contract.tree_version_label",
        "council.name", "quartier.name", "quartier_name.name", "challenge.name",
        "event.title", "event.address", "event.place_words", "event.offered",
        "survey.title", "council_charter.title", "johari_exercise.title",
        "survey_batch.label", "survey_batch.place", "council_meeting.place",
        "survey_response.place", "council_member.structure_name"},
    "a place of life (« Cité Pasteur »), erased with its record (a personal field found by "
    "the person's contact or consent)": {
        "contribution.place_name", "council_candidacy.place_name"},
    "the wording of a form or an exercise, the same for every respondent, versioned in "
    "survey_version.definition": {
        "survey.intro", "survey.thanks", "survey_question.label", "survey_question.help",
        "survey_question.constraint_message", "survey_question.required_message",
        "survey_option.label", "survey_translation.text", "johari_translation.text",
        "johari_group.prompt_publique", "johari_group.prompt_aveugle",
        "johari_group.prompt_cachee", "johari_group.prompt_inconnue",
        "survey_version.definition"},
    "code the application reads (skip logic, codebooks, keywords, a draw's result)": {
        "survey_question.relevant", "survey_question.relevant_ast", "survey_question.codebook",
        "challenge.keywords", "council_draw.result_json", "council_draw.seed",
        "council_draw.seed_announcement"},
    "the consent wording each person saw, the same for everyone": {
        "consent_record.text", "event_registration_contact.consent_text",
        "survey_contact.consent_text"},
    "staff accounts and the audit trail (core/audit.py: never a resident's contact; the "
    "reason of an export is the staff's justification, kept as proof)": {
        "user_account.email", "user_account.name", "user_account.password_hash",
        "audit_event.actor", "audit_event.target", "audit_event.details", "export_log.reason"},
    "the names of files uploaded for an import, dropped at every erasure "
    "(surveys.pending_import.drop_territory)": {
        "pending_import.form_name", "pending_import.answers_name"},
    "a computed text whose quoted residents' words are removed before it is stored": {
        "section_text.generated"},
}


def _prose_columns() -> set[str]:
    return {f"{table.name}.{column.name}" for table in db.metadata.sorted_tables
            for column in table.columns if isinstance(column.type, String)
            and (isinstance(column.type, Text) or (column.type.length or 0) >= PROSE_LENGTH)}


def _searched() -> set[str]:
    """The columns the person search reads: free texts, names, contacts."""
    return {f"{entry.table}.{name}" for entry in PERSONAL_TABLES.values()
            for name in (*entry.text_fields, *entry.name_fields, entry.phone_field,
                         entry.email_field) if name}


def test_every_prose_column_is_searched_or_listed_with_a_reason():
    listed = set().union(*NOT_PROSE.values())
    unread = sorted(_prose_columns() - _searched() - listed)
    assert unread == [], ("declare these prose columns to the registry (privacy.staff_texts."
                          "register_staff_text for a staff text), or list them in NOT_PROSE "
                          "with a reason: " + ", ".join(unread))
    assert sorted(listed & _searched()) == [] and sorted(listed - _prose_columns()) == []
    assert listed <= set().union(*NOT_PERSONAL.values()) | {
        f"{entry.table}.{name}" for entry in PERSONAL_TABLES.values() for name in entry.fields}


def test_the_staff_prose_is_redacted_in_place():
    """The minutes, descriptions, replies and conclusions are staff texts: found by what
    they hold, shown with where they are, their mentions replaced at the erasure."""
    staff = {f"{entry.table}.{name}" for entry in PERSONAL_TABLES.values()
             if entry.erase == "redact" for name in entry.text_fields}
    assert {"event.description", "event_table.facilitator", "contribution.public_reply",
            "contribution.source_label", "council_agenda_item.title",
            "council_agenda_item.decision", "council_charter.text",
            "johari_exercise.discordance", "johari_exercise.partage",
            "johari_exercise.constats_habitants", "johari_exercise.constats_partenaires",
            "section_text.text"} == staff
    assert all(entry.where and entry.hit and entry.mentions
               for entry in PERSONAL_TABLES.values() if entry.erase == "redact")
