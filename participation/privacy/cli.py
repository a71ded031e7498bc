"""``flask privacy purge [--dry-run]``: run daily (cron or systemd timer, see docs/privacy.md)."""
from __future__ import annotations

import click
from flask.cli import AppGroup

privacy_cli = AppGroup("privacy", help="Personal data: retention purge.")


@privacy_cli.command("purge")
@click.option("--dry-run", is_flag=True, help="Say what would be erased, change nothing.")
def purge_command(dry_run: bool) -> None:
    """Erase the personal data past its retention period, in every territory."""
    from participation.privacy import registrations  # noqa: F401
    from participation.privacy.retention import purge

    counts = purge(dry_run=dry_run)
    verb = "would erase" if dry_run else "erased"
    for table, count in sorted(counts.items()):
        click.echo(f"{table}: {verb} {count}")
    click.echo(f"total: {verb} {sum(counts.values())}")
