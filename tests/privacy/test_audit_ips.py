"""The audit log keeps a resident's IP address cut to its network (IPv4 /24, IPv6 /48) and a
staff account's whole (task s28privacy, gap 2; CNIL recommandation « journalisation »): at
the event, on the journal page, after the retention purge and after the migration that cut
the rows written before. Addresses are hand-written values of the documentation ranges
(RFC 5737, RFC 3849)."""
from __future__ import annotations

import sqlite3
from datetime import datetime

import pytest
from sqlalchemy import select

from participation.core import clock
from participation.core.audit import AuditEvent, record_audit, truncate_ip
from participation.extensions import db
from participation.privacy.consent import withdrawal_url
from participation.privacy.retention import purge
from tests.core.test_migrations import _flask
from tests.formfill import form_to, text_of
from tests.privacy.test_consent import _quoted


@pytest.mark.parametrize("address, cut", [
    ("203.0.113.42", "203.0.113.0/24"),
    ("198.51.100.255", "198.51.100.0/24"),
    ("2001:db8:abcd:12:1:2:3:4", "2001:db8:abcd::/48"),
    ("2001:db8:ab::1", "2001:db8:ab::/48"),
    ("::ffff:203.0.113.42", "203.0.113.0/24"),  # IPv4 seen through an IPv6 socket
    ("203.0.113.0/24", "203.0.113.0/24"),  # already cut: kept as it is
    ("10.0.0.0/8", "10.0.0.0/8"),  # cut more already: never widened back
    ("", ""), ("inconnue", ""),  # nothing readable: nothing kept
])
def test_truncate_ip_keeps_the_network_only(address, cut):
    assert truncate_ip(address) == cut


def _withdraw_from(app, webapp, territory, address: str) -> None:
    """A resident opens the withdrawal link of their message and presses the button."""
    _contribution, consent = _quoted(territory)
    with app.test_request_context():
        path = withdrawal_url(consent).split("localhost", 1)[-1]
    env = {"REMOTE_ADDR": address}
    page = webapp.get(path, extra_environ=env)
    done = form_to(page, path).submit(extra_environ=env)
    assert "votre accord est retiré" in text_of(done)


@pytest.mark.parametrize("address, stored", [
    ("203.0.113.42", "203.0.113.0/24"), ("2001:db8:abcd:12::7", "2001:db8:abcd::/48")])
def test_a_residents_withdrawal_is_logged_with_the_network_only(app, webapp, territory,
                                                                address, stored):
    _withdraw_from(app, webapp, territory, address)
    event = db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "consent_withdrawn").order_by(AuditEvent.id))
    assert event.ip == stored and event.actor_id is None


def test_staff_logins_keep_the_whole_address_and_the_journal_shows_both(
        app, webapp, web_login, territory):
    _withdraw_from(app, webapp, territory, "203.0.113.42")
    webapp.extra_environ["REMOTE_ADDR"] = "198.51.100.7"
    admin = web_login("admin")
    login = db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "login").order_by(AuditEvent.id))
    assert (login.ip, login.actor_id) == ("198.51.100.7", admin.id)
    journal = text_of(webapp.get("/privacy/journal"))
    assert "203.0.113.0/24" in journal and "198.51.100.7" in journal
    assert "203.0.113.42" not in journal


def test_the_purge_cuts_whole_addresses_left_on_residents_events(territory):
    """Rows written whole (before the rule, or from a restored backup): the daily purge cuts
    the resident's, keeps the staff's security events whole, and deletes what is past the
    12 months of the log."""
    with clock.frozen(datetime(2025, 3, 1)):
        for action, ip in (("consent_withdrawn", "203.0.113.42"),
                           ("withdrawal_requested", "2001:db8:abcd:12::7"),
                           ("login_failed", "198.51.100.7")):
            db.session.add(AuditEvent(action=action, ip=ip, territory_id=territory.id,
                                      at=clock.now()))
        record_audit("purge", territory_id=territory.id, commit=True)
    db.session.add(AuditEvent(action="consent_withdrawn", ip="192.0.2.9",
                              territory_id=territory.id, at=datetime(2024, 1, 5)))
    db.session.commit()
    with clock.frozen(datetime(2025, 3, 2)):
        counts = purge()
    assert counts["audit_event"] == 1 and counts["audit_resident_ip"] == 2
    rows = db.session.execute(select(AuditEvent.action, AuditEvent.ip).where(
        AuditEvent.action != "purge").order_by(AuditEvent.id)).all()
    assert [tuple(r) for r in rows] == [
        ("consent_withdrawn", "203.0.113.0/24"), ("withdrawal_requested", "2001:db8:abcd::/48"),
        ("login_failed", "198.51.100.7")]


def test_the_migration_cuts_the_residents_addresses_written_before(tmp_path):
    database = tmp_path / "before.sqlite"
    url = f"sqlite:///{database}"
    before = _flask(url, "db", "upgrade", "9d4a7c2e1b58", tmp_path=tmp_path)
    assert before.returncode == 0, before.stderr
    rows = [("consent_withdrawn", None, "203.0.113.42"),
            ("withdrawal_link_sent", None, "2001:db8:abcd:12::7"),
            ("login_failed", None, "198.51.100.7"),  # a staff account attacked: kept
            ("erasure", 3, "192.0.2.50"),  # a coordinator's action: kept
            ("consent_withdrawn", None, "")]
    with sqlite3.connect(database) as conn:
        conn.executemany("INSERT INTO audit_event (at, action, actor_id, actor, target, ip, "
                         "details) VALUES ('2026-11-01 10:00:00', ?, ?, '', '', ?, '')", rows)
    after = _flask(url, "db", "upgrade", "b3e71f0c5a94", tmp_path=tmp_path)
    assert after.returncode == 0, after.stderr
    with sqlite3.connect(database) as conn:
        ips = [ip for (ip,) in conn.execute("SELECT ip FROM audit_event ORDER BY id")]
    assert ips == ["203.0.113.0/24", "2001:db8:abcd::/48", "198.51.100.7", "192.0.2.50", ""]
