"""Every quartier as residents look for it, for a home page serving a region or the nation.

At national scale (1,514 QPV in about 450 territories) the home page cannot list every
quartier: residents search by name (their quartier's, a name they use for it, their
commune's or territory's), by postcode or department, or open a department's list. The
directory holds what those pages need — one ``Place`` per quartier with its resident
names, communes, territory and departments — read with five queries and kept in memory per
version of the public data (``versionread.current_version``: any change of territories,
communes, quartiers or their names gives a new version), so a search costs no query.
"""
from __future__ import annotations

import re
import threading
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select

from participation.core import versionread
from participation.extensions import db
from participation.territory.departements import departement_of
from participation.territory.models import (
    Commune,
    Quartier,
    QuartierName,
    Territory,
    quartier_commune,
)

NO_DEPARTEMENT = ""  # territories whose communes carry no INSEE code


@dataclass(frozen=True)
class Place:
    """A quartier: ``names`` are the ones residents use; ``plain``, ``own`` and ``around``
    the normalized words of its official name, of all its names, and of its communes (names
    and INSEE codes) and territory."""

    id: int
    name: str
    territory_id: int
    territory: str
    communes: str
    names: tuple[str, ...]
    plain: str
    own: str
    around: str


@dataclass
class TerritoryEntry:
    id: int
    name: str
    departements: tuple[str, ...]
    places: list[Place] = field(default_factory=list)


@dataclass
class Directory:
    """``territories`` by id; ``by_departement``: department code -> territory ids sorted by
    name (a territory spanning two departments is in both; ``NO_DEPARTEMENT`` for those
    without INSEE codes)."""

    territories: dict[int, TerritoryEntry]
    by_departement: dict[str, list[int]]

    @property
    def size(self) -> int:
        """Number of quartiers."""
        return sum(len(t.places) for t in self.territories.values())


LIGATURES = (("œ", "oe"), ("æ", "ae"), ("ß", "ss"))  # letters NFKD does not decompose
NOT_WORD = re.compile(r"[^0-9a-z]+")


def normalize(text: str) -> str:
    """Lower case, accents and punctuation dropped, single spaces: "Cité des Cœurs-Nord"
    -> "cite des coeurs nord" (residents type without accents on a phone). Letters outside
    the Latin alphabet are dropped: place names here are French."""
    folded = text.casefold()
    for letter, letters in LIGATURES:
        folded = folded.replace(letter, letters)
    folded = unicodedata.normalize("NFKD", folded)
    plain = folded.encode("ascii", "ignore").decode("ascii")
    return NOT_WORD.sub(" ", plain).strip()


_built: dict[str, Directory] = {}
_lock = threading.Lock()


def directory() -> Directory:
    """The directory of the current public data version (built once per version and
    process)."""
    token = versionread.current_version() or ""
    found = _built.get(token)
    if found is None:
        found = _build()
        with _lock:
            _built.clear()  # only the current version is kept
            _built[token] = found
    return found


def _communes() -> tuple[dict[int, list[tuple[str, str]]], dict[int, set[str]]]:
    """``(name, INSEE code)`` of each quartier's communes, departments of each territory."""
    communes = {row.id: row for row in db.session.execute(select(
        Commune.id, Commune.territory_id, Commune.name, Commune.insee_code))}
    of_quartier: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for quartier_id, commune_id in db.session.execute(
            select(quartier_commune.c.quartier_id, quartier_commune.c.commune_id)):
        commune = communes[commune_id]
        of_quartier[quartier_id].append((commune.name, commune.insee_code or ""))
    departements: dict[int, set[str]] = defaultdict(set)
    for commune in communes.values():
        code = departement_of(commune.insee_code)
        if code:
            departements[commune.territory_id].add(code)
    return of_quartier, departements


def _build() -> Directory:
    of_quartier, departements = _communes()
    names: dict[int, list[str]] = defaultdict(list)
    for quartier_id, name in db.session.execute(select(QuartierName.quartier_id,
                                                       QuartierName.name)):
        names[quartier_id].append(name)
    territories = {
        t.id: TerritoryEntry(t.id, t.name, tuple(sorted(departements[t.id])) or
                             (NO_DEPARTEMENT,))
        for t in db.session.execute(select(Territory.id, Territory.name))}
    rows = db.session.execute(select(Quartier.id, Quartier.name, Quartier.territory_id)
                              .order_by(Quartier.name))
    for quartier_id, name, territory_id in rows:
        communes = sorted(of_quartier[quartier_id])
        own = sorted(names[quartier_id])
        around = [c[0] for c in communes] + [c[1] for c in communes]
        territory = territories[territory_id]
        territory.places.append(Place(
            quartier_id, name, territory_id, territory.name, ", ".join(c[0] for c in communes),
            tuple(own), normalize(name), normalize(" ".join([name, *own])),
            normalize(" ".join([*around, territory.name]))))
    by_departement: dict[str, list[int]] = defaultdict(list)
    for territory in sorted(territories.values(), key=lambda t: normalize(t.name)):
        for code in territory.departements:
            by_departement[code].append(territory.id)
    return Directory(territories, dict(by_departement))


def search(found: Directory, query: str) -> list[Place]:
    """Quartiers whose own names, communes or territory hold every word of ``query`` as the
    start of a word (accents and case ignored: "pat" finds "Les Pâtures"), best first: a
    word found whole counts more than a word start, in the quartier's official name more than
    in the names residents use, and those more than in its communes or territory
    (``_score``); then by name."""
    words = normalize(query).split()
    if not words:
        return []
    scored = []
    for territory in found.territories.values():
        for place in territory.places:
            text = f" {place.own} {place.around} "
            if all(f" {word}" in text for word in words):
                scored.append((-_score(place, words), place.plain, place.id, place))
    return [row[-1] for row in sorted(scored)]


def _score(place: Place, words: list[str]) -> int:
    """Per word: 5 found whole in the quartier's official name, 4 in the names residents
    use, 2 in its communes or territory, 1 found only as the start of a word."""
    plain, own, around = f" {place.plain} ", f" {place.own} ", f" {place.around} "
    return sum(5 if f" {w} " in plain else 4 if f" {w} " in own else
               2 if f" {w} " in around else 1 for w in words)
