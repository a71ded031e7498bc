"""Right of access and right to erasure, by phone number, e-mail or name, through the registry.

A person's rows are those whose contact or name columns match, those whose free text holds
their phone or e-mail (core/personal_data.py), plus those a consent record of theirs points to
(a quoted contribution, a candidacy). Erasure deletes contact rows and blanks personal fields;
answers and contributions stay, anonymous.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from participation.core.audit import record_audit
from participation.core.database import flush_erased_pages
from participation.core.errors import DomainError
from participation.core.memo import forget
from participation.core.namematch import name_found
from participation.core.person_keys import normalise_email, normalise_name, normalise_phone
from participation.core.personal_data import PERSONAL_TABLES, erase_rows, find_rows, personal_values
from participation.core.typography import said
from participation.exports.csvtext import csv_text
from participation.exports.services import scrub_quotes
from participation.extensions import db
from participation.privacy.access import Stored, linked, linked_shown
from participation.privacy.completion import add_record, bonded_records
from participation.privacy.consent import consents_of
from participation.privacy.erased import (
    ErasedRecords,
    erased_summary,
    record_refs,
    split_held,
)
from participation.privacy.redaction import person_spans
from participation.privacy.sets import (
    PersonSet,
    Record,
    contacts_of,
    group,
    joined,
    names_of,
)
from participation.privacy.short_numbers import short_number_rows
from participation.privacy.tombstones import bury_rows
from participation.surveys import pending_import

# What a person reads on the access page for each personal column of the registry
# (core/personal_data.py); tests/privacy/test_rendered_forms.py checks every registered
# field has one, so a feature registering a new column must name it here.
FIELD_LABELS = {
    "name": _l("Nom"), "public_name": _l("Nom affiché publiquement"),
    "phone": _l("Téléphone"), "email": _l("Adresse e-mail"),
    "contact": _l("Coordonnées"), "value": _l("Coordonnées"),
    "sex": _l("Sexe"), "age_band": _l("Tranche d'âge"), "age": _l("Âge"),
    "place_name": _l("Lieu de vie"), "structure_name": _l("Structure"),
    "motivation": _l("Motivation"), "availability": _l("Disponibilités"),
    "phone_key": _l("Téléphone (empreinte chiffrée)"),
    "email_key": _l("Adresse e-mail (empreinte chiffrée)"),
    "meal_needs": _l("Repas"), "allergies": _l("Allergies"),
    "mobility": _l("Accès pour personne à mobilité réduite"),
    "childcare": _l("Garde des enfants"), "interpreter_language": _l("Langue de l'interprète"),
    "comment": _l("Commentaire"), "name_key": _l("Nom (forme de recherche)"),
    "text": _l("Texte"), "removed_answers": _l("Réponses à des questions retirées"),
    "chair_name": _l("Présidence de séance"), "label": _l("Référence du ménage"),
    # staff texts (``privacy.staff_texts``): where the text is, then the excerpts
    "where": _l("Où"), "description": _l("Description de l’événement"),
    "facilitator": _l("Animation de la table"), "public_reply": _l("Réponse publique"),
    "source_label": _l("Source de la contribution"), "title": _l("Point de l’ordre du jour"),
    "decision": _l("Décision ou avis (compte rendu)"),
    "discordance": _l("Discordance de point de vue entre partenaires et habitants"),
    "partage": _l("Partage de point de vue entre habitants et partenaires"),
    "constats_habitants": _l("Constats des habitants"),
    "constats_partenaires": _l("Constats des partenaires"),
}


def field_label(name: str) -> str:
    """The French label of a registered personal column (its name if none is declared)."""
    return str(FIELD_LABELS.get(name, name))


def shown_value(name: str, value) -> str:
    """A stored value as people read it: codes (sex "f"/"h") become words, hashes a phrase,
    None a dash; a text as stored, marked ``privacy.access.Stored`` (never typeset)."""
    from participation.contributions.models import SEXES

    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Oui") if value else _("Non")
    if name == "sex" and value in SEXES:
        return str(SEXES[value])
    if name in HASHED_KEYS:  # a keyed hash (privacy/consent.py): meaningless to read
        return _("enregistré sous forme chiffrée")
    return Stored(value) if isinstance(value, str) else str(value)


@dataclass
class Holdings:
    """What is held about one person in one territory: rows per registered table."""

    phone: str | None
    email: str | None
    rows: dict[str, list] = field(default_factory=dict)
    name: str | None = None
    sets: list[PersonSet] = field(default_factory=list)
    erased: list[ErasedRecords] = field(default_factory=list)
    possible: set[str] = field(default_factory=set)  # keys of sets found by a short number

    @property
    def total(self) -> int:
        return sum(len(rows) for rows in self.rows.values())


def _contact(phone: str | None, email: str | None,
             name: str | None = None) -> tuple[str | None, str | None, str | None]:
    phone, email, name = normalise_phone(phone), normalise_email(email), normalise_name(name)
    if not phone and not email and not name:
        raise DomainError(_("Indiquez un numéro de téléphone, une adresse e-mail ou un nom."),
                          field="phone")
    return phone, email, name


def _by_contact(territory_id: int, phone: str | None, email: str | None) -> list[Record]:
    """[(registry key, row)] found by the normalised ``phone`` or ``email``: contact
    columns, free texts holding it, rows a consent of that contact points to."""
    if not phone and not email:
        return []
    linked: dict[str, set[int]] = {}
    for consent in consents_of(territory_id, phone, email):
        # a staff text is found by what it holds, never through a consent: once redacted it
        # no longer holds the person (privacy.redaction)
        entry = PERSONAL_TABLES.get(consent.source_table or "")
        if consent.source_id and entry is not None and entry.erase != "redact":
            linked.setdefault(consent.source_table, set()).add(consent.source_id)
    return [(key, row) for key, entry in PERSONAL_TABLES.items()
            for row in find_rows(entry, territory_id, phone, email, linked.get(key, set()))]


def _by_name(territory_id: int, name: str | None) -> list[Record]:
    """[(registry key, row)] found by the normalised ``name`` (``core.personal_data``)."""
    if not name:
        return []
    return [(key, row) for key, entry in PERSONAL_TABLES.items()
            for row in find_rows(entry, territory_id, None, None, name=name)]


def _completed(territory_id: int, sets: list[PersonSet]) -> list[PersonSet]:
    """Each set completed, once, with the contact fields of the submissions its records
    belong to (``bonded_records``: the name imported apart from the phone erased by the phone,
    tester t26coord; the answer where Karima wrote her phone, found by the e-mail she left
    in the same submission, tester t28coord; an event sign-up's reminder contact), then
    with the rows found by the phones and e-mails its records hold (``PersonSet.contacts``,
    those of the submission's fields too): a person found by name, whose contact left on a
    survey reads "Yasmine Haddad 06 00 00 00 01", brings the post-it where she wrote that
    number and the consent given with it ("wherever it went"). Sets that reach a record
    of another, or come to share a contact or a bond, are then one (``sets.joined``)."""
    seen = {(table, row.id): person_set for person_set in sets
            for table, row in person_set.records}
    links: list = []
    for person_set in sets:
        for table, row in bonded_records([person_set]):
            if add_record(person_set, seen, table, row, links):
                person_set.contacts |= contacts_of(table, row)
                person_set.names += [n for n in names_of(table, row)
                                     if n not in person_set.names]
        for contact in sorted(person_set.contacts):
            phone, email = (contact, None) if contact.startswith("+") else (None, contact)
            for table, row in _by_contact(territory_id, phone, email):
                add_record(person_set, seen, table, row, links)
    return joined(sets, links)


def _name_staff_sets(sets: list[PersonSet], name: str | None) -> None:
    """A set of staff texts only (found by the name typed: they name the person, hold no
    one's record) is named as a text writes it ("Mme Nadia Bouchareb"), not « sans nom »."""
    for person_set in sets:
        entries = [(PERSONAL_TABLES[table], row) for table, row in person_set.records]
        if not name or person_set.names or any(e.erase != "redact" for e, _r in entries):
            continue
        person_set.names = [mention for entry, row in entries for field in entry.text_fields
                            for mention in entry.mentions(getattr(row, field))
                            if name_found(name, mention)][:1]


def find_person(territory_id: int, phone: str | None, email: str | None,
                name: str | None = None) -> Holdings:
    """Every registered row of the territory belonging to the person, found by any of the
    three (phone in any French format, e-mail, name), split into one set per person
    (``privacy.sets.group``), each completed by the contacts it holds (``_completed``);
    rows found that hold no personal data any more are left out of the sets and summed up
    in ``erased`` (``privacy.erased``). Raises DomainError without any."""
    phone, email, name = _contact(phone, email, name)
    holdings = Holdings(phone, email, name=name)
    found, erased = split_held(_by_contact(territory_id, phone, email))
    short = [r for r in short_number_rows(territory_id, phone)
             if r not in found and r not in erased]
    named, erased_named = split_held([r for r in _by_name(territory_id, name) + short
                                      if r not in found and r not in erased])
    holdings.sets = group(found, list(dict.fromkeys(named)))
    _name_staff_sets(holdings.sets, name)
    holdings.possible = {s.key for s in holdings.sets
                         if not s.by_contact and set(s.records) <= set(short)}
    holdings.sets = _completed(territory_id, holdings.sets)
    held = [record for person_set in holdings.sets for record in person_set.records]
    holdings.erased = erased_summary(territory_id, erased + erased_named, held)
    for person_set in holdings.sets:
        for table, rows in person_set.rows_of().items():
            holdings.rows.setdefault(table, []).extend(rows)
    return holdings


# Keyed hashes of a contact (privacy/consent.py.contact_key); other ``*_key`` columns, such as a
# check-in's search form of a name, are plain text and shown as stored.
HASHED_KEYS = frozenset({"phone_key", "email_key"})


def _plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def holdings_records(holdings: Holdings | PersonSet, who=((), ())) -> list[dict]:
    """One dict per row of ``holdings`` (everything found, or one person set): the table,
    its label, the row id, its personal fields as stored (``data``, for the export) and as
    people read them (``shown``: [(label, value)]). A staff text (``erase="redact"``) gives
    where it is and, per text mentioning the person ``who`` (names, normalised contacts:
    ``mentions_of``), an excerpt around the mention, others' data masked
    (``staff_texts.mention_excerpt``): its other words are no one's personal data. A table
    declaring ``access`` adds ``consent`` and ``submission`` (``privacy.access``: the
    consent kept with the record, the answers of its response, given once), shown too."""
    records, given = [], []
    rows = holdings.rows if isinstance(holdings, Holdings) else holdings.rows_of()
    for table, table_rows in rows.items():
        entry = PERSONAL_TABLES[table]
        for row in table_rows:
            values = (_staff_text(entry, row, who) if entry.erase == "redact" else
                      {k: _plain(v) for k, v in personal_values(entry, row).items()})
            found = linked(entry, row)
            if "submission" in found:  # an answer and the contact of one response: once
                if found["submission"] in given:
                    del found["submission"]
                else:
                    given.append(found["submission"])
            shown = [(field_label(k), shown_value(k, v)) for k, v in values.items()]
            records.append({"table": table, "label": str(entry.label), "id": row.id,
                            "data": values, **found, "shown": shown + linked_shown(found)})
    return records


def _staff_text(entry, row, who) -> dict:
    """``{"where": …, field: excerpt}`` of a staff text, for the fields mentioning ``who``
    (all its non-empty fields when none does: found through a consent, never since)."""
    from participation.privacy.staff_texts import mention_excerpt

    texts = {name: getattr(row, name) for name in entry.fields if getattr(row, name)}
    hits = {name: text for name, text in texts.items() if person_spans(text, *who)}
    return {"where": entry.where(row) if entry.where else "",
            **{name: mention_excerpt(text, *who) for name, text in (hits or texts).items()}}


def mentions_of(holdings: Holdings, sets) -> tuple[set[str], set[str]]:
    """The names and contacts (normalised) of ``sets`` and of the search, what a staff text
    loses at the erasure (``privacy.redaction``) and shows on the access page; a staff text
    itself names no one (``sets.names_of``)."""
    names, contacts = {holdings.name} - {None}, {holdings.phone, holdings.email} - {None}
    for person_set in sets:
        names |= {name for table, row in person_set.records for name in names_of(table, row)}
        contacts |= person_set.contacts
    return names, contacts


def set_label(index: int, person_set: PersonSet) -> str:
    """The checkbox label of a person set: "Personne 2 : Yasmine Haddad 06 00 00 00 01 ·
    +33600000001 — 2 enregistrements (Contacts laissés dans les questionnaires, Preuves
    de consentement)"."""
    labels = ", ".join(dict.fromkeys(str(PERSONAL_TABLES[t].label)
                                     for t, _row in person_set.records))
    count = ngettext("%(num)s enregistrement", "%(num)s enregistrements",
                     len(person_set.records))
    who = said(person_set.summary) if person_set.summary else _("sans nom ni coordonnées")
    return _("Personne %(n)s : %(who)s — %(count)s (%(tables)s)", n=index, who=who,
             count=count, tables=labels)


def chosen_sets(holdings: Holdings, keys) -> list[PersonSet]:
    """The person sets of ``holdings`` whose ``key`` is in ``keys``, in the page's order.

    Raises DomainError when ``keys`` is empty, or names a set no longer found as it was
    (a record added or erased since the page was shown: the coordinator checks again)."""
    keys = set(keys or ())
    sets = [person_set for person_set in holdings.sets if person_set.key in keys]
    if not keys:
        raise DomainError(_("Cochez la ou les personnes concernées."), field="sets")
    if len(sets) != len(keys):
        raise DomainError(_("Les données trouvées ont changé depuis l'affichage de la page : "
                            "vérifiez la liste et cochez à nouveau."), field="sets")
    return sets


def export_person(territory_id: int, phone: str | None, email: str | None,
                  fmt: str = "json", name: str | None = None,
                  set_key: str | None = None) -> tuple[str, str]:
    """Everything held about one person (the set ``set_key`` of the search, see
    ``chosen_sets``), as (content, mimetype); the export is audited. The JSON gives every
    value as stored (a phone "+33612345678", never "'+33…": the spreadsheet guard
    ``exports.cells.inert`` belongs to CSV cells only, DPO tester t28res, defect 1)."""
    holdings = find_person(territory_id, phone, email, name)
    chosen = chosen_sets(holdings, [set_key] if set_key else [])[0]
    records = holdings_records(chosen, mentions_of(holdings, [chosen]))
    record_audit("export_personal", territory_id=territory_id, count=len(records),
                 target="person", details={"format": fmt,
                                           "tables": sorted({r["table"] for r in records})})
    db.session.commit()
    if fmt == "csv":
        return _csv(records), "text/csv"
    import json

    return (json.dumps({"records": records}, ensure_ascii=False, indent=2),
            "application/json")


def _csv(records: list[dict]) -> str:
    """One line per field held, then per consent detail and answer of its submission
    (``privacy.access.linked_shown``: « Consentement : texte », a question's label…),
    ``exports.csvtext``'s inert, quoted cells, with a BOM."""
    lines = [[record["table"], record["label"], record["id"], name, value]
             for record in records
             for name, value in [*record["data"].items(), *linked_shown(record, page=False)]]
    return "\ufeff" + csv_text([["table", "libellé", "id", "champ", "valeur"], *lines])


def _spoken_by(person_set: PersonSet, table: str, row) -> bool:
    """Whether ``row`` holds the person's own words: every record but an answer or a
    contribution found, in a set found by a name only, because its text names the person
    ("Mr Martin du 12 rue Pasteur…": ``PersonalTable.mentions``) — a neighbour wrote it;
    its text is blanked, the rest of the neighbour's response stays (a text holding one of
    the person's contacts is theirs: ``contacts_of``)."""
    entry = PERSONAL_TABLES[table]
    return person_set.by_contact or entry.mentions is None or bool(contacts_of(table, row))


def _chosen_rows(holdings: Holdings, set_keys) -> tuple[dict[str, list], dict[str, list]]:
    """The rows of the chosen sets per registry key (``chosen_sets``), and among them those
    holding the person's own words (``_spoken_by``), what "their words too" erases."""
    rows: dict[str, list] = {}
    spoken: dict[str, list] = {}
    for person_set in chosen_sets(holdings, set_keys):
        for table, table_rows in person_set.rows_of().items():
            rows.setdefault(table, []).extend(table_rows)
            spoken.setdefault(table, []).extend(
                row for row in table_rows if _spoken_by(person_set, table, row))
    return rows, spoken


def erase_person(territory_id: int, phone: str | None, email: str | None,
                 name: str | None = None, set_keys=(), words: bool = False) -> dict[str, int]:
    """Erase the records of the person sets ``set_keys`` of the search (``chosen_sets``:
    DomainError when none or a stale one), in one transaction; returns counts per table,
    and under "words" what was erased of their words per kind (a ``Counter``, see
    ``PersonalTable.words``) when ``words`` (out of every analysis, draft, section and export;
    else they stay, anonymous, without the contact) — a text naming the person, written by
    someone else, is blanked, never its author's other words (``_spoken_by``).

    Consents are blanked last, since they are how linked rows are found."""
    holdings = find_person(territory_id, phone, email, name)
    rows, spoken = _chosen_rows(holdings, set_keys)
    who = mentions_of(holdings, chosen_sets(holdings, set_keys))
    erasers = [PERSONAL_TABLES[t].words(r) for t, r in spoken.items()
               if words and r and PERSONAL_TABLES[t].words]
    bury_rows(territory_id, spoken, {contact for table, table_rows in spoken.items()
                                     for row in table_rows
                                     for contact in contacts_of(table, row)})
    counts = {}
    for table in sorted(rows, key=lambda t: t == "consent_record"):
        counts[table] = erase_rows(PERSONAL_TABLES[table], rows[table], *who)
    if words:
        counts["words"] = sum((erase() for erase in erasers), Counter())
    # uploads waiting for their preview's « Importer » may hold the person: none kept
    uploads = pending_import.drop_territory(territory_id)
    total = {k: sum(v.values()) if isinstance(v, Counter) else v for k, v in counts.items()}
    record_audit("erasure", territory_id=territory_id, count=sum(total.values()),
                 target="person", details=total | {"pending_import": uploads,
                                                   "records": record_refs(rows)})
    db.session.commit()
    scrub_quotes(territory_id)  # validated drafts may quote or sign what was erased
    flush_erased_pages()
    forget()  # analyses kept in this worker's memory may quote the erased texts
    return counts
