"""Retention periods (territory defaults, per-record overrides) and the daily purge."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

from flask_babel import gettext as _
from sqlalchemy import delete, select

from participation.core import clock
from participation.core.audit import AuditEvent, record_audit, truncate_resident_ips
from participation.core.errors import DomainError
from participation.core.memo import forget
from participation.core.personal_data import PERSONAL_TABLES, add_months, due_rows, erase_rows
from participation.core.tokens import MAX_AGE, purge_used_tokens
from participation.exports.services import scrub_quotes
from participation.extensions import db
from participation.privacy.erased import record_refs
from participation.privacy.models import RetentionSetting
from participation.territory.models import Territory

MAX_MONTHS = 120


def retention_keys() -> dict[str, int]:
    """Every retention setting declared by the registry, with its default in months."""
    keys: dict[str, int] = {}
    for entry in PERSONAL_TABLES.values():
        if entry.retention_key is not None:  # None: kept with its record, erased on request
            keys.setdefault(entry.retention_key, entry.retention_months)
    return keys


def retention_months(territory_id: int) -> dict[str, int]:
    """The territory's periods: its own settings, else the registry's defaults."""
    months = retention_keys()
    for setting in db.session.scalars(select(RetentionSetting).where(
            RetentionSetting.territory_id == territory_id)):
        if setting.key in months:
            months[setting.key] = setting.months
    return months


def set_retention(territory_id: int, values: dict[str, int]) -> None:
    """Change the territory's periods (months, 1 to 120); the change is audited."""
    known = retention_keys()
    current = {s.key: s for s in db.session.scalars(select(RetentionSetting).where(
        RetentionSetting.territory_id == territory_id))}
    changed = {}
    for key, months in values.items():
        if key not in known:
            raise DomainError(_("Durée inconnue : %(k)s", k=key), field=key)
        if not 1 <= int(months) <= MAX_MONTHS:
            raise DomainError(_("Entre 1 et %(n)s mois.", n=MAX_MONTHS), field=key)
        setting = current.get(key) or RetentionSetting(territory_id=territory_id, key=key,
                                                       months=known[key])
        if setting.months != int(months):
            changed[key] = int(months)
        setting.months = int(months)
        db.session.add(setting)
    if changed:
        record_audit("retention_changed", territory_id=territory_id, details=changed)
    db.session.commit()


def purge(today: date | None = None, dry_run: bool = False) -> dict[str, int]:
    """Erase, in every territory, the personal data past its retention period.

    Returns the counts per table (``dry_run``: what would be erased, nothing changes).
    Each territory's purge is one transaction, audited with its counts.
    """
    today = today or clock.today()
    totals: dict[str, int] = {table: 0 for table in PERSONAL_TABLES}
    for territory_id in db.session.scalars(select(Territory.id).order_by(Territory.id)):
        months = retention_months(territory_id)
        counts, erased = {}, {}
        for table, entry in PERSONAL_TABLES.items():
            erased[table] = due_rows(entry, territory_id, months.get(entry.retention_key), today)
            counts[table] = len(erased[table]) if dry_run else erase_rows(entry, erased[table])
            totals[table] += counts[table]
        if dry_run:
            continue
        if any(counts.values()):  # the records named, so a later search can say so
            record_audit("purge", territory_id=territory_id, count=sum(counts.values()),
                         details={k: v for k, v in counts.items() if v} | {
                             "records": record_refs(erased)})
        db.session.commit()
        if any(counts.values()):
            scrub_quotes(territory_id)  # validated drafts may quote or sign what was erased
    if dry_run:
        db.session.rollback()
        return totals
    if any(totals.values()):
        forget()  # kept analyses may quote the erased data, in every worker (core.memo)
    totals["used_form_token"] = purge_used_tokens(
        clock.now() - timedelta(seconds=MAX_AGE + 86400))
    totals["audit_event"] = _purge_audit(today)
    totals["audit_resident_ip"] = truncate_resident_ips()
    totals["pending_import"] = _purge_pending_imports()
    db.session.commit()
    return totals


def _purge_pending_imports() -> int:
    """Uploaded imports never confirmed nor cancelled, past their preview's life
    (``surveys.pending_import.EXPIRY``: the files may hold contact data)."""
    from participation.surveys.pending_import import purge_expired

    return purge_expired()


def _purge_audit(today: date) -> int:
    """The audit log is kept AUDIT_RETENTION_MONTHS (see the registre)."""
    from participation.privacy.registre import AUDIT_RETENTION_MONTHS

    cutoff = add_months(today, -AUDIT_RETENTION_MONTHS)
    result = db.session.execute(delete(AuditEvent).where(
        AuditEvent.at < datetime.combine(cutoff, time.min)))
    return result.rowcount or 0
