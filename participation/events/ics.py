"""A calendar file (RFC 5545) for a sign-up, written by hand: no dependency needed."""
from __future__ import annotations

from datetime import datetime

from participation.core.models import utcnow
from participation.events.models import Event

VTIMEZONE = [
    "BEGIN:VTIMEZONE", "TZID:Europe/Paris",
    "BEGIN:DAYLIGHT", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "TZNAME:CEST",
    "DTSTART:19700329T020000", "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:DAYLIGHT",
    "BEGIN:STANDARD", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "TZNAME:CET",
    "DTSTART:19701025T030000", "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD",
    "END:VTIMEZONE",
]


def escape(text: str) -> str:
    """TEXT value escaping (RFC 5545 3.3.11)."""
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def fold(line: str) -> str:
    """Fold content lines longer than 75 octets, never inside a UTF-8 character."""
    out, current = [], b""
    for char in line:
        encoded = char.encode()
        if len(current) + len(encoded) > (75 if not out else 74):
            out.append(current.decode())
            current = b""
        current += encoded
    out.append(current.decode())
    return "\r\n ".join(out)


def _local(value: datetime) -> str:
    return value.strftime("%Y%m%dT%H%M%S")


def _vevent(event: Event, uid: str, url: str, stamp: str) -> list[str]:
    """The staff's texts as the public page shows them: the full names the territory holds
    masked (``privacy.public_names``)."""
    from participation.privacy.public_names import public_prose

    def shown(text):
        return public_prose(text, event.territory_id)

    lines = ["BEGIN:VEVENT", f"UID:{uid}", f"DTSTAMP:{stamp}",
             f"DTSTART;TZID=Europe/Paris:{_local(event.starts_at)}",
             f"DTEND;TZID=Europe/Paris:{_local(event.ends_at)}",
             f"SUMMARY:{escape(shown(event.title))}"]
    description = "\n".join(shown(p) for p in (event.offered, event.description) if p)
    description = "\n".join(p for p in (description, url) if p)
    if description:
        lines.append(f"DESCRIPTION:{escape(description)}")
    if event.place:
        lines.append(f"LOCATION:{escape(shown(event.place))}")
    if url:
        lines.append(f"URL:{url}")
    return [*lines, "END:VEVENT"]


def calendar(events: list[Event], uid_prefix: str, url: str = "") -> str:
    """One VEVENT per event of the chain; times are Paris wall-clock times."""
    stamp = utcnow().strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Parole de quartier//events//FR",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH", *VTIMEZONE]
    for event in events:
        lines += _vevent(event, f"{uid_prefix}-{event.id}@parole-de-quartier", url, stamp)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
