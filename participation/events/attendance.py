"""On the day: tick who came, add walk-ins, type a paper sheet back in; afterwards, the figures.

A check-in belongs to one event of a chain; registrations belong to the chain's head, so the
barbecue and the tables that follow share one list of names and count distinct people once.
"""
from __future__ import annotations

import re
import unicodedata

from flask_babel import gettext as _
from sqlalchemy import select

from participation.core.errors import DomainError, ImportRejected
from participation.core.namematch import name_found
from participation.core.percent import whole_percent
from participation.core.textsearch import fold
from participation.events.models import CANCELLED, CONFIRMED, CheckIn, Event, Registration
from participation.extensions import db

MAX_PARTY = 20


def name_key(name: str) -> str:
    """Compare names the way a facilitator reads them: no case, no accents, single spaces,
    the letters NFKD leaves whole written plain (``core.textsearch.fold``: "Yıldız" ->
    "yildiz"); at most 80 characters."""
    text = unicodedata.normalize("NFKD", fold(name))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", text)).strip()[:80]


def _registrations(event: Event) -> list[Registration]:
    return list(db.session.scalars(select(Registration).where(
        Registration.event_id == event.head.id, Registration.status != CANCELLED)
        .order_by(Registration.name, Registration.id)))


def _checkins(event: Event) -> list[CheckIn]:
    return list(db.session.scalars(select(CheckIn).where(CheckIn.event_id == event.id)
                                   .order_by(CheckIn.checked_at, CheckIn.id)))


def matches_query(query: str, name: str) -> bool:
    """Whether the name searched at the door finds ``name``: nothing typed, the beginning or
    any part of it ("ben" finds "Benali"), or the name heard, tolerantly
    (``core.namematch.name_found``: "fatma" finds "Fatima Benali", "yilmaz mehmet" finds
    "Mehmet Yılmaz") — the same match as the person search of /privacy/personne."""
    key = name_key(query)
    return not key or key in name_key(name) or name_found(query, name)


def checkin_list(event: Event, query: str = "") -> list[tuple[Registration, CheckIn | None]]:
    """Registered parties with their check-in, filtered by a search on the name
    (``matches_query``)."""
    done = {c.registration_id: c for c in _checkins(event) if c.registration_id}
    return [(r, done.get(r.id)) for r in _registrations(event) if matches_query(query, r.name)]


def walk_ins(event: Event, query: str = "") -> list[CheckIn]:
    """The walk-ins checked in at ``event``, filtered by the search (``matches_query``)."""
    return [c for c in _checkins(event)
            if c.registration_id is None and matches_query(query, c.name)]


def names_like(event: Event, name: str) -> list[str]:
    """The names already on ``event``'s list (registered parties not cancelled, walk-ins)
    that ``name`` may designate (``core.namematch.name_found``: "fatma yilmaz" and
    "Fatma Yılmaz"), in list order: a walk-in typed at the door under one of them is likely
    a party already there (field tester, 2026-11-30: both were counted)."""
    names = [r.name for r in _registrations(event)]
    names += [c.name for c in _checkins(event) if c.registration_id is None]
    return [other for other in names if name_found(name, other)]


def headcount(event: Event) -> int:
    return sum(c.people for c in _checkins(event))


def check_in(event: Event, registration_id: int, source: str = "liste") -> CheckIn:
    """Tick a registered party as present (twice is the same as once)."""
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.event_id != event.head.id \
            or registration.status == CANCELLED:
        raise DomainError(_("Cette inscription n'est pas sur la liste."))
    existing = db.session.scalar(select(CheckIn).where(
        CheckIn.event_id == event.id, CheckIn.registration_id == registration.id))
    if existing:
        return existing
    checkin = CheckIn(event_id=event.id, registration_id=registration.id,
                      name=registration.name, name_key=name_key(registration.name),
                      adults=registration.adults, children=registration.children, source=source)
    db.session.add(checkin)
    db.session.commit()
    return checkin


def undo_check_in(event: Event, checkin_id: int) -> None:
    checkin = db.session.get(CheckIn, checkin_id)
    if checkin is None or checkin.event_id != event.id:
        raise DomainError(_("Ce pointage n'existe pas."))
    db.session.delete(checkin)
    db.session.commit()


def _party(adults, children) -> tuple[int, int]:
    try:
        adults, children = int(adults or 0), int(children or 0)
    except (TypeError, ValueError) as exc:
        raise DomainError(_("Nombre de personnes non valide."), field="adults") from exc
    if adults < 0 or children < 0 or not 1 <= adults + children <= MAX_PARTY:
        raise DomainError(_("Indiquez entre 1 et %(n)s personnes.", n=MAX_PARTY),
                          field="adults")
    return adults, children


def add_walk_in(event: Event, name: str, adults=1, children=0, source: str = "liste",
                commit: bool = True) -> CheckIn:
    """Someone who came without signing up, in one step."""
    name = (name or "").strip()
    if not name or len(name) > 80:
        raise DomainError(_("Indiquez un prénom ou un pseudonyme."), field="name")
    adults, children = _party(adults, children)
    checkin = CheckIn(event_id=event.id, name=name, name_key=name_key(name), adults=adults,
                      children=children, source=source)
    db.session.add(checkin)
    if commit:
        db.session.commit()
    return checkin


def parse_paper_sheet(text: str) -> list[tuple[str, int, int]]:
    """``nom ; adultes ; enfants`` per line; the whole sheet is refused on any bad line."""
    rows, errors = [], []
    for number, line in enumerate((text or "").splitlines(), start=1):
        parts = [p.strip() for p in re.split(r"[;\t]", line)]
        if not any(parts):
            continue
        try:
            name = parts[0]
            if not name or len(name) > 80:
                raise ValueError(_("nom manquant ou trop long"))
            adults, children = _party(parts[1] if len(parts) > 1 and parts[1] else 1,
                                      parts[2] if len(parts) > 2 and parts[2] else 0)
            rows.append((name, adults, children))
        except (ValueError, DomainError) as exc:
            errors.append((number, getattr(exc, "message", None) or str(exc)))
    if errors:
        raise ImportRejected(_("La feuille n'a pas été enregistrée : corrigez les lignes "
                               "signalées."), errors)
    return rows


def import_paper_sheet(event: Event, text: str) -> dict[str, int]:
    """Merge a typed paper sheet with the online list: nobody is counted twice.

    A line whose name matches a registration checks that party in; a line matching someone
    already present is skipped; any other line is a walk-in.
    """
    rows = parse_paper_sheet(text)
    counts = {"checked_in": 0, "already": 0, "walk_ins": 0}
    for name, adults, children in rows:
        key = name_key(name)
        present = {name_key(c.name) for c in _checkins(event)}
        if key in present:
            counts["already"] += 1
            continue
        match = next((r for r in _registrations(event) if name_key(r.name) == key), None)
        if match is not None:
            check_in(event, match.id, source="papier")
            counts["checked_in"] += 1
        else:
            add_walk_in(event, name, adults, children, source="papier")
            counts["walk_ins"] += 1
    return counts


def _distinct_people(events: list[Event]) -> int:
    """People across a chain: a registered party once, a walk-in name once."""
    by_party: dict[object, int] = {}
    for event in events:
        for c in _checkins(event):
            key = ("r", c.registration_id) if c.registration_id else ("w", c.name_key)
            by_party[key] = max(by_party.get(key, 0), c.people)
    return sum(by_party.values())


def event_stats(event: Event) -> dict:
    """Registered, attended, walk-ins, no-show rate; distinct people across the chain."""
    confirmed = [r for r in _registrations(event) if r.status == CONFIRMED]
    checkins = _checkins(event)
    came = {c.registration_id for c in checkins if c.registration_id}
    walk = [c for c in checkins if c.registration_id is None]
    no_show = [r for r in confirmed if r.id not in came]
    return {
        "registered_parties": len(confirmed),
        "registered_people": sum(r.people for r in confirmed),
        "attended_parties": len(came),
        "attended_people": sum(c.people for c in checkins if c.registration_id),
        "walk_in_parties": len(walk), "walk_in_people": sum(c.people for c in walk),
        "headcount": sum(c.people for c in checkins),
        "no_show_rate": whole_percent(len(no_show), len(confirmed)),
        "chain_people": _distinct_people(event.chain) if len(event.chain) > 1 else None,
    }
