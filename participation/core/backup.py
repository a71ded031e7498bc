"""``flask backup OUT``: a consistent copy of the database while the site runs.

SQLite: the online backup API (pages copied under a read transaction, WAL included).
PostgreSQL: prints the pg_dump command to run (the server's own tool is the right one).
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

import click
from flask import current_app
from sqlalchemy.engine import make_url


def backup_sqlite(database: str, out: Path) -> int:
    """Copy ``database`` to ``out`` with sqlite3's backup API; returns the pages copied."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    tmp.unlink(missing_ok=True)
    source = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=30)
    target = sqlite3.connect(tmp)
    try:
        source.backup(target, pages=1024)
        pages = target.execute("PRAGMA page_count").fetchone()[0]
        if target.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise click.ClickException("integrity check of the copy failed")
    finally:
        target.close()
        source.close()
    tmp.replace(out)
    return pages


def pg_dump_command(url: str, out: str) -> str:
    parsed = make_url(url).set(drivername="postgresql")
    return (f"pg_dump --format=custom --no-owner --file={out} "
            f"'{parsed.render_as_string(hide_password=True)}'"
            "   # password from ~/.pgpass or PGPASSWORD; restore with pg_restore")


@click.command("backup")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
def backup_command(out: Path) -> None:
    """Write a consistent copy of the database to OUT (SQLite), or print the pg_dump command."""
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "sqlite":
        pages = backup_sqlite(url.database, out)
        click.echo(f"SQLite backup written to {out} ({pages} pages, integrity ok).")
    else:
        click.echo("PostgreSQL: run the server's own dump tool:")
        click.echo(pg_dump_command(current_app.config["SQLALCHEMY_DATABASE_URI"], str(out)))
