"""Dates and numbers as the tools and spreadsheets write them in an answers file.

Dates: ISO 8601 (Kobo, ODK Central ``…Z``, ``+02:00``, milliseconds), ``jj/mm/aaaa hh:mm[:ss]``
(Google Forms in French, French Excel, with ``/``, ``.`` or ``-``), ``aaaa/mm/jj h:mm:ss AM|PM
(UTC|GMT)±H[:MM]`` (Google Forms' own CSV download). ``parse_datetime`` gives the clock time
as written; ``written_offset`` the offset written after it, if any (a response's date is
then made an instant: ``export_metadata.parse_instant``).

Day or month first is decided **once per column**, never line by line: a first number over 12
somewhere means day first, a second number over 12 means month first (an English-language
spreadsheet), both at once is refused (``AmbiguousColumn``), and a column where every date
reads both ways is read day first, the French convention (docs/surveys.md).

Numbers: ``12``, ``12,5`` / ``12.5``, ``1 234,5`` (spaces, non-breaking spaces, apostrophes as
thousands separators), ``1.234,5`` / ``1,234.5`` (the last separator is the decimal one).
"""
from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta

from flask_babel import gettext as _

from participation.privacy.masking import masked_excerpt

CLOCK = (r"(?:[ T]+(\d{1,2})[:h](\d{2})(?::(\d{2}))?(?:[.,]\d+)?\s*([AaPp]\.?[Mm]\.?)?)?"
         r"\s*(?:(?:UTC|GMT|Z)\s*)?(?:[+-]\d{1,2}(?::?\d{2})?)?")
DMY = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})" + CLOCK + "$")
YMD = re.compile(r"^(\d{4})([/.-])(\d{1,2})\2(\d{1,2})" + CLOCK + "$")
NAMED_DMY = re.compile(r"^(\d{1,2})[\s-]+([^\W\d_]+)\.?[\s-]+(\d{4}|\d{2})" + CLOCK + "$")
NAMED_MDY = re.compile(r"^([^\W\d_]+)\.?\s+(\d{1,2}),?\s+(\d{4})" + CLOCK + "$")
MONTHS = {name: i for i, names in enumerate((
    "jan janv january janvier", "feb fev fevr february fevrier", "mar march mars",
    "apr avr april avril", "may mai", "jun june juin", "jul juil july juillet",
    "aug aou august aout", "sep sept september septembre", "oct october octobre",
    "nov november novembre", "dec december decembre"), start=1) for name in names.split()}
# a time of day followed by its zone: "18:10:00 UTC+2", "6:10:00 PM GMT+02:00", "…Z", "…+0200"
ZONE = re.compile(r"\d{1,2}[:h]\d{2}(?::\d{2})?(?:[.,]\d+)?\s*(?:[AaPp]\.?[Mm]\.?)?\s*"
                  r"(?:(?:UTC|GMT)\s*(?P<named>[+-]\d{1,2}(?::?\d{2})?)?|(?P<z>Z)"
                  r"|(?P<bare>[+-]\d{1,2}(?::?\d{2})?))$", re.IGNORECASE)
FORMATS = ("aaaa-mm-jjThh:mm:ss, jj/mm/aaaa hh:mm[:ss], aaaa/mm/jj h:mm:ss PM UTC+2, "
           "4 juin 2024, Jun 4, 2024 9:00:00 AM")


class AmbiguousColumn(ValueError):
    """The column mixes day-first and month-first dates: the whole file is refused."""


def _clock(match, first: int) -> tuple[int, int, int]:
    hour, minute, second, ampm = match.group(first, first + 1, first + 2, first + 3)
    hour, minute, second = int(hour or 0), int(minute or 0), int(second or 0)
    if ampm:
        pm = ampm[0] in "pP"
        hour = hour % 12 + (12 if pm else 0)
    return hour, minute, second


def _year(text: str) -> int:
    return int(text) + (2000 if len(text) == 2 else 0)


def day_first(values) -> bool:
    """The column's order (True = jj/mm) from every value, or ``AmbiguousColumn``."""
    days_first = months_first = None
    for raw in values:
        match = DMY.match((raw or "").strip())
        if not match:
            continue
        a, b = int(match.group(1)), int(match.group(3))
        if a > 12 and days_first is None:
            days_first = raw.strip()
        if b > 12 and months_first is None:
            months_first = raw.strip()
    if days_first and months_first:
        raise AmbiguousColumn(_("dates lues dans les deux sens : « %(a)s » est au format "
                                "jour/mois, « %(b)s » au format mois/jour ; le fichier est "
                                "refusé en entier : réenregistrez les dates au format "
                                "jj/mm/aaaa", a=days_first[:30], b=months_first[:30]))
    return not months_first


def _month(word: str) -> int:
    plain = word.lower().translate(str.maketrans("éèûô", "eeuo"))
    if plain not in MONTHS:
        raise ValueError(word)
    return MONTHS[plain]


def _named(text: str) -> datetime | None:
    """``4 juin 2024``, ``04-juin-24`` (French Excel), ``Jun 4, 2024 9:00:00 AM`` (ODK
    Briefcase)."""
    match = NAMED_DMY.match(text)
    if match:
        return datetime(_year(match.group(3)), _month(match.group(2)), int(match.group(1)),
                        *_clock(match, 4))
    match = NAMED_MDY.match(text)
    if match:
        return datetime(int(match.group(3)), _month(match.group(1)), int(match.group(2)),
                        *_clock(match, 4))
    return None


def parse_datetime(raw: str, dayfirst: bool = True) -> datetime:
    """One date (and time) as written, or ValueError quoting the value and the formats."""
    text = (raw or "").strip()
    match = DMY.match(text)
    try:
        if match:
            a, b = int(match.group(1)), int(match.group(3))
            day, month = (a, b) if dayfirst else (b, a)
            return datetime(_year(match.group(4)), month, day, *_clock(match, 5))
        match = YMD.match(text)
        if match:
            return datetime(int(match.group(1)), int(match.group(3)), int(match.group(4)),
                            *_clock(match, 5))
        named = _named(text)
        if named is not None:
            return named
        return datetime.fromisoformat(text.replace("Z", "+00:00")).replace(tzinfo=None)
    except ValueError:
        raise ValueError(_("date « %(v)s » illisible (formats lus : %(f)s)",
                           v=masked_excerpt(text, 40),
                           f=FORMATS)) from None


def written_offset(raw: str) -> timedelta | None:
    """The UTC offset written after the time of ``raw`` ("… 6:10:00 PM UTC+2" -> 2 h,
    "…T16:10:00Z" and "… UTC" -> 0, "…+05:30" -> 5 h 30), None when there is none (a
    date alone, or a time without a zone)."""
    match = ZONE.search((raw or "").strip())
    if match is None:
        return None
    written = match.group("named") or match.group("bare")
    if not written:
        return timedelta(0)
    sign = -1 if written[0] == "-" else 1
    digits = written[1:].replace(":", "")
    hours, minutes = (digits, "0") if len(digits) <= 2 else (digits[:-2], digits[-2:])
    return sign * timedelta(hours=int(hours), minutes=int(minutes))


def parse_date(raw: str, dayfirst: bool = True) -> date:
    return parse_datetime(raw, dayfirst).date()


def parse_number(raw: str) -> float:
    """``"1 234,5"`` -> 1234.5; ValueError with a French message when it is not a number."""
    text = re.sub(r"[\s\u00a0\u202f'’]", "", (raw or "").strip())
    if "," in text and "." in text:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        text = text.replace("." if decimal == "," else ",", "").replace(decimal, ".")
    elif text.count(",") > 1 or text.count(".") > 1:
        text = text.replace(",", "").replace(".", "")
    else:
        text = text.replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        raise ValueError(_("« %(v)s » n'est pas un nombre", v=masked_excerpt(raw or "", 20)))
    return number
