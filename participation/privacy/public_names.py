"""Full names the territory holds, masked on the pages anyone can open (task s28privacy,
gap 3).

``known_names`` masks a consenting person's full name written without a title on the staff's
pages and in the exports. A public page showed it: a public reply « Nadia Bouchareb a été
reçue par le bailleur », an event's description, a council's charter, a meeting's chair,
agenda items and decisions in its minutes, and the residents' words quoted there. The
templates of those pages pass that prose through these filters, for the page's territory:

- ``public_prose(text, territory_id)``: the staff's prose, the known full names replaced by
  « [nom masqué] », nothing else (an event's address stays);
- ``public_masked(text, territory_id)``: a resident's words, the same, then the contacts, titled
  names and addresses (``masking.mask_contacts``), marked as said.

A name the person agreed to show publicly stays: a council member's « Nom affiché
publiquement » (``council.models.Member.public_name``, asked with the member's agreement;
``public_names``). The names are read once per request and territory (its WSGI environ).
"""
from __future__ import annotations

from flask import has_request_context, request
from flask_babel import gettext as _
from sqlalchemy import select

from participation.privacy.known_names import KnownNames, full_name, load


def public_names(territory_id: int) -> frozenset[tuple[str, ...]]:
    """The folded full names the territory's people agreed to show on public pages: the
    public names of its council members (past members too: their minutes stay published)."""
    from participation.council.models import Council, Member
    from participation.extensions import db

    rows = db.session.scalars(select(Member.public_name).join(
        Council, Council.id == Member.council_id).where(
        Council.territory_id == territory_id, Member.public_name.is_not(None))
        .order_by(Member.id))
    return frozenset(filter(None, map(full_name, rows)))


def public_known(territory_id: int) -> KnownNames:
    """The names to mask on a public page of ``territory_id``, read once per request."""
    if not has_request_context():
        return load(territory_id, public_names(territory_id))
    cache = request.environ.setdefault("pdq.public_names", {})
    if territory_id not in cache:
        cache[territory_id] = load(territory_id, public_names(territory_id))
    return cache[territory_id]


def public_prose(text, territory_id: int | None):
    """``text`` with the known full names of ``territory_id`` (but the public ones) replaced
    by « [nom masqué] »; anything not a string, or no territory, returned unchanged."""
    if not isinstance(text, str) or not text or territory_id is None:
        return text
    spans = public_known(territory_id).spans(text)
    if not spans:
        return text
    pieces, last = [], 0
    for start, end in spans:
        pieces += [text[last:start], _("[nom masqué]")]
        last = end
    return "".join(pieces) + text[last:]


def public_masked(text, territory_id: int | None):
    """A resident's words on a public page: ``public_prose``, then ``masking.mask_contacts``,
    marked as said (``core.typography.said``: never retouched)."""
    from participation.core import typography
    from participation.privacy.masking import mask_contacts

    return typography.said(mask_contacts(public_prose(text, territory_id)))
