"""Extension points features plug into, so core never imports a feature.

- ``QUARTIER_SECTIONS``: functions ``(quartier) -> list[dict(title, url, text)]`` listing
  what is open for residents of a quartier (surveys, events, Johari exercises...).
- ``STAFF_MENU``: ``(endpoint, label, role)`` entries of the staff navigation.
- ``TERRITORY_LINKS``: functions ``(territory) -> list[dict(title, url, text)]`` listing the
  public pages the home page links to under a territory (its councils' pages...), so that
  every public page is at most two clicks from ``/``.
"""
from __future__ import annotations

from collections.abc import Callable

QUARTIER_SECTIONS: list[Callable] = []
STAFF_MENU: list[tuple[str, object, str]] = []
TERRITORY_LINKS: list[Callable] = []


def staff_menu_entry(endpoint: str, label, role: str) -> None:
    if all(e[0] != endpoint for e in STAFF_MENU):
        STAFF_MENU.append((endpoint, label, role))


def quartier_section(func: Callable) -> Callable:
    if func not in QUARTIER_SECTIONS:
        QUARTIER_SECTIONS.append(func)
    return func


def open_items_for(quartier) -> list[dict]:
    items: list[dict] = []
    for func in QUARTIER_SECTIONS:
        items.extend(func(quartier))
    return items


def territory_links(func: Callable) -> Callable:
    if func not in TERRITORY_LINKS:
        TERRITORY_LINKS.append(func)
    return func


def links_for_territory(territory) -> list[dict]:
    """The home page's links under ``territory``: ``[{title, url, text}]``."""
    items: list[dict] = []
    for func in TERRITORY_LINKS:
        items.extend(func(territory))
    return items
