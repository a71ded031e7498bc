"""What an erasure leaves behind so that nothing brings the person back (tester t26coord).

Erasing Nadia's response with her words, then checking the Kobo re-export, said « 1 réponse
à ajouter »: her row, with her contact. Routine re-imports (Kobo, ODK, Google Forms, the
volunteers' Excel sheet) and a device re-sending its queue undid erasures silently. So the
erasure (``privacy.person.erase_person``) and a consent's withdrawal bury, in
``erasure_tombstone``:

- the identities of the submissions whose records it erased (``PersonalTable.submissions``:
  ``Response.external_id``, an offline entry's ``client_uuid``), kind "submission";
- the phones and e-mails it erased, normalised (``normalise_phone``/``normalise_email``),
  kind "contact";

each as a keyed hash (HMAC-SHA256 with the app's ``SECRET_KEY``, as consent proofs:
``consent.contact_key``), never the value. An import skips a row whose identity, or a phone
or e-mail written in it, is buried, and names it in its preview
(``surveys.reimport.drop_erased``); the offline sync answers « effacée » to a buried uuid.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from participation.core import clock
from participation.extensions import db
from participation.privacy.consent import contact_key
from participation.privacy.models import ErasureTombstone


def tomb_key(kind: str, value: str) -> str:
    """64 hexadecimal characters: the keyed hash of ``value`` in the namespace ``kind``
    ("submission" or "contact"); ``value`` is an identity as stored, or a normalised
    contact ("+33612345678", "nom@example.fr")."""
    return contact_key(f"{kind}:{value}")


def bury(territory_id: int, submissions=(), contacts=()) -> int:
    """Add the tombstones of ``submissions`` (identities) and ``contacts`` (normalised
    phones and e-mails) not already buried in the territory, dated today; flushed, not
    committed. Returns how many were added."""
    wanted = {("submission", tomb_key("submission", v)) for v in submissions if v}
    wanted |= {("contact", tomb_key("contact", v)) for v in contacts if v}
    if not wanted:
        return 0
    held = set(db.session.execute(
        select(ErasureTombstone.kind, ErasureTombstone.key)
        .where(ErasureTombstone.territory_id == territory_id,
               ErasureTombstone.key.in_([key for _kind, key in wanted]))).all())
    today = clock.today()
    for kind, key in sorted(wanted - {tuple(h) for h in held}):
        db.session.add(ErasureTombstone(territory_id=territory_id, kind=kind, key=key,
                                        erased_on=today))
    db.session.flush()
    return len(wanted - {tuple(h) for h in held})


def graves(territory_id: int) -> dict[tuple[str, str], date]:
    """``{(kind, key): day erased}`` of every tombstone of the territory (read once per
    import: a few per erasure)."""
    return {(kind, key): day for kind, key, day in db.session.execute(
        select(ErasureTombstone.kind, ErasureTombstone.key, ErasureTombstone.erased_on)
        .where(ErasureTombstone.territory_id == territory_id))}


def erased_on(buried: dict, identity: str | None = None, contacts=()) -> date | None:
    """The day the submission ``identity``, or one of ``contacts`` (normalised), was erased
    according to ``buried`` (``graves``); None when neither was."""
    if not buried:
        return None
    keys = [("submission", tomb_key("submission", identity))] if identity else []
    keys += [("contact", tomb_key("contact", c)) for c in sorted(contacts) if c]
    days = [buried[k] for k in keys if k in buried]
    return min(days) if days else None


def bury_rows(territory_id: int, rows: dict[str, list], contacts=()) -> int:
    """Bury, before they are erased, the submissions ``rows`` (``{registry key: [row]}``)
    belong to (``PersonalTable.submissions``) and ``contacts``; returns how many were
    added (``bury``)."""
    from participation.core.personal_data import PERSONAL_TABLES

    identities: set[str] = set()
    for table, table_rows in rows.items():
        entry = PERSONAL_TABLES[table]
        if entry.submissions and table_rows:
            identities |= entry.submissions(table_rows)
    return bury(territory_id, identities, contacts)


def submission_erased_on(territory_id: int, identity: str) -> date | None:
    """The day the submission ``identity`` (an offline entry's uuid…) was erased in the
    territory, or None: one indexed lookup, for a sync item."""
    return db.session.scalar(select(ErasureTombstone.erased_on).where(
        ErasureTombstone.territory_id == territory_id, ErasureTombstone.kind == "submission",
        ErasureTombstone.key == tomb_key("submission", identity)))
