"""The migrations build the whole schema from nothing, and match the models exactly:
``flask db upgrade`` on an empty database, then ``flask db check`` finds nothing to add.

Runs on a temporary SQLite file, and, when DATABASE_URL is PostgreSQL, in a fresh schema of
that database (dropped afterwards, so the tables the other tests use are never touched)."""
from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import create_engine, text

from participation.config import ROOT, _database_url
from participation.extensions import db

POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql"))


def _flask(database_url: str, *args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    env = os.environ | {
        "FLASK_APP": "wsgi.py", "DATABASE_URL": database_url, "SECRET_KEY": "migration-test",
        "INSTANCE_PATH": str(tmp_path), "PYTHONPATH": os.pathsep.join(
            [str(ROOT), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep),
    }
    return subprocess.run([sys.executable, "-m", "flask", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


def _upgrade_then_check(database_url: str, tmp_path: Path) -> None:
    upgrade = _flask(database_url, "db", "upgrade", tmp_path=tmp_path)
    assert upgrade.returncode == 0, upgrade.stderr
    check = _flask(database_url, "db", "check", tmp_path=tmp_path)
    output = check.stdout + check.stderr
    assert check.returncode == 0, output
    assert "No new upgrade operations detected" in output


def test_upgrade_on_empty_sqlite_leaves_nothing_to_migrate(tmp_path):
    database = tmp_path / "empty.sqlite"
    _upgrade_then_check(f"sqlite:///{database}", tmp_path)
    engine = create_engine(f"sqlite:///{database}")
    with engine.connect() as conn:
        tables = set(conn.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))
                     .scalars())
    engine.dispose()
    assert tables == set(db.metadata.tables) | {"alembic_version"}


@pytest.mark.skipif(not POSTGRES, reason="DATABASE_URL is not PostgreSQL")
def test_upgrade_on_empty_postgresql_schema_leaves_nothing_to_migrate(tmp_path):
    schema = f"migration_test_{uuid.uuid4().hex[:10]}"
    engine = create_engine(_database_url())
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    base = os.environ["DATABASE_URL"]
    separator = "&" if "?" in base else "?"
    url = f"{base}{separator}options={quote(f'-csearch_path={schema}')}"
    try:
        _upgrade_then_check(url, tmp_path)
        with engine.connect() as conn:
            tables = set(conn.execute(text(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = :s"),
                {"s": schema}).scalars())
        assert tables == set(db.metadata.tables) | {"alembic_version"}
    finally:
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()
