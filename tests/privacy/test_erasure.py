"""Access and erasure by phone or e-mail, proven with a canary.

A canary value goes into every personal field of every table declared in the registry (new
features are covered as soon as they register), the person is erased by phone and e-mail,
then every text column of every table of the database is scanned: the canary is nowhere.
"""
from __future__ import annotations

import json
import re

import pytest
from flask import g
from sqlalchemy import String, func, or_, select

from participation.core.audit import AuditEvent
from participation.core.person_keys import normalise_phone
from participation.core.personal_data import PERSONAL_TABLES
from participation.extensions import db
from participation.privacy.consent import contact_key, record_consent
from tests import factories

CANARY = "cnry7f3a9"
PHONE, PHONE_TYPED = "+33699887766", "06 99 88 77 66"
EMAIL = f"{CANARY}@example.org"
# Staff pages allowed to show a person's data, because that is the purpose the person agreed
# to: the access page itself; a contribution's detail (the consented quote signature); the
# working lists of a council (candidacies, the draw, invitations), of an event (sign-ups,
# check-in, the printable sheet) and of a survey's consented contacts. Results pages and
# default exports never may.
SHOWS_PERSONAL_DATA = {"privacy.person", "contributions.detail", "council.candidacies",
                       "council.draw", "council.invitations", "events.checkin",
                       "events.manage", "events.sheet", "surveys.contacts"}


def _needles() -> list[str]:
    return [CANARY, "699887766", contact_key(PHONE), contact_key(EMAIL)]


def _fill(entry, row) -> None:
    """Put the canary in every personal text field of the row."""
    if entry.canary:
        entry.canary(row, PHONE, EMAIL, CANARY)
        return
    for name in entry.fields:
        column = entry.model.__table__.c[name]
        if not isinstance(column.type, String):
            continue
        if name == entry.phone_field:
            setattr(row, name, PHONE)
        elif name == entry.email_field:
            setattr(row, name, EMAIL)
        else:
            assert (column.type.length or 99) >= len(CANARY), f"{entry.table}.{name}"
            setattr(row, name, CANARY)


def _row(entry, territory):
    """The entry's sample, else a row of the (demo) territory holding personal data."""
    if entry.sample is not None:
        return entry.sample(territory)
    from participation.core.personal_data import _base

    row = db.session.scalars(_base(entry, territory.id).order_by(
        *entry.model.__table__.primary_key.columns).limit(1)).first()
    assert row is not None, f"{entry.table}: give the registry entry a sample() or a demo row"
    return row


def _plant(territory, content: bool = True) -> dict[str, int]:
    """One canary row per registered table, linked to the person (``content``: also in the
    entries whose fields are a record's anonymous content, shown with the record)."""
    planted = {}
    for table, entry in PERSONAL_TABLES.items():
        if entry.content and not content:
            continue
        row = _row(entry, territory)
        db.session.flush()
        _fill(entry, row)
        record_consent(territory.id, "recontact", "Texte de test", "t1", phone=PHONE_TYPED,
                       email=EMAIL, source_table=table, source_id=row.id)
        planted[table] = row.id
    db.session.commit()
    return planted


def _person_key(client, **who) -> str:
    """The key of the person set the access page shows for ``who`` (one set: a phone or an
    e-mail identifies one person), as its export and erase forms carry it."""
    page = client.post("/privacy/personne", data=who).get_data(as_text=True)
    keys = set(re.findall(r'name="person" value="([0-9a-f]{16})"', page))
    assert len(keys) == 1, keys
    return keys.pop()


def _canary_hits() -> list[str]:
    hits = []
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if not isinstance(column.type, String):
                continue
            found = db.session.scalar(select(func.count()).select_from(table).where(
                or_(*[column.contains(n) for n in _needles()])))
            if found:
                hits.append(f"{table.name}.{column.name}")
    return hits


def test_registry_covers_the_personal_tables():
    assert {"contribution", "consent_record", "survey_contact", "event_registration_contact",
            "council_candidate_contact", "council_invitation"} <= set(PERSONAL_TABLES)
    assert "user_account" not in PERSONAL_TABLES  # staff, not residents


def test_canary_is_found_exported_then_erased_everywhere(client, auth, demo):
    planted = _plant(demo)
    assert _canary_hits()  # the scan does see it before erasure
    auth.login("coordinator", territory=demo)
    page = client.post("/privacy/personne", data={"phone": PHONE_TYPED, "email": ""})
    assert page.status_code == 200
    assert CANARY in page.get_data(as_text=True)
    exported = client.post("/privacy/personne/export.json", data={
        "email": EMAIL, "person": _person_key(client, email=EMAIL)})
    tables = {r["table"] for r in json.loads(exported.data)["records"]}
    assert tables == set(planted)
    who = {"phone": PHONE_TYPED, "email": EMAIL}
    response = client.post("/privacy/personne/effacer", data={
        **who, "sets": _person_key(client, **who), "words": "keep", "confirm": "y"},
        follow_redirects=True)
    assert "Données effacées" in response.get_data(as_text=True)
    assert _canary_hits() == []
    erasure = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "erasure"))
    assert erasure.count >= len(planted)


def test_answers_stay_anonymous_after_erasure(client, auth, demo):
    from participation.contributions.models import Contribution

    planted = _plant(demo)
    auth.login("coordinator", territory=demo)
    client.post("/privacy/personne/effacer", data={
        "phone": PHONE_TYPED, "sets": _person_key(client, phone=PHONE_TYPED), "words": "keep",
        "confirm": "y"})
    contribution = db.session.get(Contribution, planted["contribution"])
    assert contribution.text == "Il manque un médecin."
    assert contribution.attribution == "" and contribution.place_name is None


def test_csv_export_is_audited_and_opens_in_excel(client, auth, demo):
    _plant(demo)
    auth.login("coordinator", territory=demo)
    response = client.post("/privacy/personne/export.csv", data={
        "phone": PHONE_TYPED, "person": _person_key(client, phone=PHONE_TYPED)})
    text = response.get_data(as_text=True)
    assert text.startswith("\ufefftable;libellé;id;champ;valeur")
    assert CANARY in text
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "export_personal"))
    assert event.details_dict["format"] == "csv"
    assert CANARY not in event.details and "699887766" not in event.details


def test_erasure_needs_the_confirmation_box(client, auth, demo):
    _plant(demo)
    auth.login("coordinator", territory=demo)
    response = client.post("/privacy/personne/effacer", data={"phone": PHONE_TYPED})
    assert response.status_code == 422
    assert "Cochez la case pour confirmer." in response.get_data(as_text=True)
    assert _canary_hits()


def test_lookup_without_contact_gives_a_french_error(client, auth):
    auth.login("coordinator")
    response = client.post("/privacy/personne", data={"phone": "", "email": ""})
    assert response.status_code == 422
    assert "Indiquez un numéro de téléphone, une adresse e-mail ou un nom." in response.text


def test_another_territory_cannot_find_the_person(client, auth, demo):
    _plant(demo)
    other = factories.territory(name="Autre EPCI")
    auth.login("coordinator", territory=other)
    page = client.post("/privacy/personne", data={"phone": PHONE_TYPED})
    assert CANARY not in page.get_data(as_text=True)
    assert "Aucune donnée personnelle trouvée" in page.get_data(as_text=True)


@pytest.mark.parametrize("typed", ["06 99 88 77 66", "+33 6 99 88 77 66", "0033699887766",
                                   "06.99.88.77.66"])
def test_phone_numbers_are_normalised(typed):
    assert normalise_phone(typed) == PHONE


def test_no_personal_field_on_any_default_page_or_export(app, demo):
    """Every GET page and download, as an admin of the territory: no canary."""
    from tests.privacy.test_routes_roles import _calls, _login

    _plant(demo, content=False)  # answers and contributions are shown where they are
    client = _login(app, demo, "admin")
    leaks = []
    for rule, _role, method, url in _calls(app, demo.id, protected=None):
        if method != "GET" or rule.endpoint in SHOWS_PERSONAL_DATA | {"core.set_language"}:
            continue
        g.pop("_login_user", None)
        body = client.get(url).get_data()
        if any(n.encode() in body for n in _needles()):
            leaks.append(url)
    assert leaks == [], "\n".join(leaks)


def test_erased_values_stay_neither_in_the_wal_nor_in_freed_pages(app, client, auth, demo):
    """Found by a fresh attack replay: after erasure the phone and name were still readable
    in ``*.sqlite-wal`` (SQLite keeps old page images there until a checkpoint)."""
    from pathlib import Path

    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite files only; PostgreSQL reclaims dead rows with VACUUM")
    _plant(demo)
    auth.login("coordinator", territory=demo)
    who = {"phone": PHONE_TYPED, "email": EMAIL}
    client.post("/privacy/personne/effacer", data={
        **who, "sets": _person_key(client, **who), "words": "keep", "confirm": "y"})
    assert _canary_hits() == []
    path = Path(db.engine.url.database)
    files = [p for p in (path, path.with_name(path.name + "-wal")) if p.exists()]
    assert files and all(CANARY.encode() not in p.read_bytes() for p in files)
