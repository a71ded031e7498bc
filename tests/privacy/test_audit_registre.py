"""The audit log page, the registre des traitements, backups and SQLite durability settings."""
import io
import sqlite3
import zipfile
from datetime import datetime

from sqlalchemy import select, text

from participation.core import clock
from participation.core.audit import AuditEvent, record_audit
from participation.core.personal_data import PERSONAL_TABLES
from participation.extensions import db
from participation.privacy.retention import purge
from tests import factories
from tests.reading import plain


def test_admin_reads_and_filters_the_audit_log(client, auth, territory):
    client.post("/accounts/login", data={"email": "intrus@example.org", "password": "x"})
    admin = auth.login("admin")
    page = client.get("/privacy/journal").get_data(as_text=True)
    assert "intrus@example.org" not in page  # an unknown account belongs to no territory
    assert admin.email in page and "<td>Connexion</td>" in page
    assert admin.email in client.get("/privacy/journal?action=login").get_data(as_text=True)
    filtered = client.get("/privacy/journal?action=user_created").get_data(as_text=True)
    assert "Aucun événement." in filtered


def test_audit_log_shows_only_this_territory(client, auth, territory):
    other = factories.territory(name="Autre EPCI")
    stranger = factories.user(other)
    client.post("/accounts/login", data={"email": stranger.email, "password": "faux-2024-x"})
    auth.login("admin")
    page = client.get("/privacy/journal").get_data(as_text=True)
    assert stranger.email not in page


def test_failed_login_of_a_known_account_is_filed_under_its_territory(client, territory):
    user = factories.user(territory)
    client.post("/accounts/login", data={"email": user.email, "password": "faux-2024-x"})
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "login_failed"))
    assert event.territory_id == territory.id and event.target == user.email


def test_audit_events_older_than_a_year_are_purged(territory):
    with clock.frozen(datetime(2024, 1, 1)):
        record_audit("login", territory_id=territory.id, target="a@example.org", commit=True)
    record_audit("login", territory_id=territory.id, target="b@example.org", commit=True)
    with clock.frozen(datetime(2025, 1, 2)):
        assert purge()["audit_event"] == 1


def test_registre_lists_every_registered_processing(client, auth, territory):
    auth.login("coordinator")
    page = plain(client.get("/privacy/registre").get_data(as_text=True))
    for entry in PERSONAL_TABLES.values():
        assert str(entry.label) in page
    assert "Consentement de la personne (RGPD art. 6.1.a)" in page
    assert "36 mois" in page and "Journal d&#39;audit" in page


def test_registre_downloads_as_an_odt_document(client, auth, territory):
    auth.login("coordinator")
    response = client.get("/privacy/registre.odt")
    assert response.mimetype == "application/vnd.oasis.opendocument.text"
    odt = zipfile.ZipFile(io.BytesIO(response.data))
    assert odt.namelist()[0] == "mimetype"
    assert odt.getinfo("mimetype").compress_type == zipfile.ZIP_STORED
    content = odt.read("content.xml").decode()
    assert "Registre des traitements" in content and "Preuves de consentement" in content


def test_sqlite_runs_in_wal_with_a_busy_timeout():
    if db.engine.dialect.name != "sqlite":
        return
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 30000


def test_backup_command(runner, territory, tmp_path):
    out = tmp_path / "copie.sqlite"
    result = runner.invoke(args=["backup", str(out)])
    assert result.exit_code == 0, result.output
    if db.engine.dialect.name == "sqlite":
        assert "integrity ok" in result.output
        copy = sqlite3.connect(out)
        names = copy.execute("SELECT name FROM territory").fetchall()
        copy.close()
        assert (territory.name,) in names
    else:
        assert "pg_dump --format=custom" in result.output and "***" in result.output


def test_every_personal_export_is_audited(demo, auth):
    from participation.exports.registry import EXPORTS
    from participation.exports.services import run_export

    user = auth.login("coordinator", territory=demo)
    personal = [name for name, spec in EXPORTS.items() if spec.personal]
    assert personal
    for name in personal:
        run_export(demo.id, name, "csv", user.id, personal=True, reason="Recontacter")
    events = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "export_personal")).all()
    assert sorted(e.target for e in events) == sorted(f"export:{n}" for n in personal)
