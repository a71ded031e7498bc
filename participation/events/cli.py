"""``flask events remind``: reminders before events, and pending waitlist notices."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from participation.events.notify import send_pending_notices, send_reminders
from participation.events.signup import purge_contacts

events_cli = AppGroup("events", help="Events: reminders, contact retention.")


@events_cli.command("remind")
@click.option("--hours", default=24, show_default=True, type=click.IntRange(1, 24 * 30),
              help="Remind parties of events starting within this many hours.")
def remind(hours: int) -> None:
    """Send each consenting, confirmed party one reminder; tell promoted parties."""
    reminded = send_reminders(hours)
    notices = send_pending_notices()
    click.echo(f"{reminded} reminder(s) sent, {notices} waitlist notice(s) sent.")


@events_cli.command("purge-contacts")
@click.option("--days", default=30, show_default=True, type=click.IntRange(0, 3650),
              help="Erase the contacts of events that ended more than this many days ago.")
def purge(days: int) -> None:
    """Erase reminder contacts once they are no longer needed (RGPD retention)."""
    click.echo(f"{purge_contacts(days)} contact(s) erased.")
