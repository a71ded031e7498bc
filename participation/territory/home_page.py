"""What the residents' home page shows, from the deployment's size and the query.

- Up to ``HOME_LIST_MAX_QUARTIERS`` quartiers (a contract, a small agglomeration): every
  quartier, the picker of the names residents use, and each territory's links (as before).
- More (a region, the nation): a search (``?q=``: a quartier's or commune's name, a
  postcode, a department number) and the list of departments; a department's territories
  (``?departement=59``) ten per page (``?page=2``) with their quartiers and links. The page
  then stays a few kilobytes whatever the number of territories (test: under 40 KB for 450
  territories and 1,514 QPV).
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select

from participation.core.registry import links_for_territory
from participation.extensions import db
from participation.territory import services
from participation.territory.departements import (
    DEPARTEMENTS,
    departement_label,
    departements_of_postcode,
)
from participation.territory.directory import (
    NO_DEPARTEMENT,
    Directory,
    TerritoryEntry,
    directory,
    search,
)
from participation.territory.models import Territory

TERRITORIES_PER_PAGE = 10
RESULTS_MAX = 30  # search results shown; more asks the resident to add a word
QUERY_MAX = 100  # characters of a search kept


@dataclass
class Listing:
    """One department's territories, one page of them: ``entries`` are ``(territory entry,
    its links)``."""

    code: str
    label: str
    entries: list[tuple[TerritoryEntry, list[dict]]]
    page: int
    pages: int


def full_list_context() -> dict:
    """The small deployment's home: every quartier and territory link, the names picker."""
    territories = db.session.scalars(select(Territory).order_by(Territory.name)).all()
    return {"mode": "list", "choices": services.resident_name_choices(),
            "territories": territories,
            "links": {t.id: links_for_territory(t) for t in territories}}


def home_context(args) -> dict:
    """The template's context for the request's arguments ``args`` (a MultiDict)."""
    found = directory()
    if found.size <= current_app.config["HOME_LIST_MAX_QUARTIERS"]:
        return full_list_context()
    query = (args.get("q") or "").strip()[:QUERY_MAX]
    page = max(1, args.get("page", 1, type=_small_int))
    context = {"mode": "directory", "query": query, "departements": _departements(found)}
    code = (args.get("departement") or "").strip().upper()
    postcode = departements_of_postcode(query)
    if query and not postcode and query.upper() not in DEPARTEMENTS:
        results = search(found, query)
        return context | {"results": results[:RESULTS_MAX], "result_count": len(results)}
    if query:
        code = postcode[0] if len(postcode) == 1 else query.upper()
        context["postcode"] = query if postcode else ""
        if len(postcode) > 1:  # Corsica: both departments
            return context | {"listings": [_listing(found, c, 1) for c in postcode]}
    if code in DEPARTEMENTS or (code == "0" and NO_DEPARTEMENT in found.by_departement):
        return context | {"listings": [_listing(found, code, page)]}
    return context  # no department asked, or an unknown one: the list of departments


def _small_int(value: str) -> int:
    number = int(value)
    if not 0 < number < 10_000:
        raise ValueError(value)
    return number


def _departements(found: Directory) -> list[tuple[str, str, int]]:
    """``(code, label, quartier count)`` of every department holding a territory, by code
    (as residents know them), the territories without a department last."""
    rows = []
    for code, ids in found.by_departement.items():
        if code != NO_DEPARTEMENT:
            count = sum(len(found.territories[i].places) for i in ids)
            rows.append((code, departement_label(code), count))
    rows.sort(key=lambda row: (len(row[0]), row[0]))
    if NO_DEPARTEMENT in found.by_departement:
        ids = found.by_departement[NO_DEPARTEMENT]
        rows.append(("0", "", sum(len(found.territories[i].places) for i in ids)))
    return rows


def _listing(found: Directory, code: str, page: int) -> Listing:
    """Page ``page`` of the department's territories (an unknown code lists none; "0":
    the territories without a department)."""
    ids = found.by_departement.get(NO_DEPARTEMENT if code == "0" else code, [])
    pages = max(1, -(-len(ids) // TERRITORIES_PER_PAGE))
    page = min(page, pages)
    shown = ids[(page - 1) * TERRITORIES_PER_PAGE: page * TERRITORIES_PER_PAGE]
    territories = {t.id: t for t in db.session.scalars(
        select(Territory).where(Territory.id.in_(shown)))}
    entries = [(found.territories[i], links_for_territory(territories[i])) for i in shown
               if i in territories]
    label = departement_label(code) if code != "0" else ""
    return Listing(code, label, entries, page, pages)
