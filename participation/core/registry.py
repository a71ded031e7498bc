"""Extension points features plug into, so core never imports a feature.

- ``QUARTIER_SECTIONS``: functions ``(quartier) -> list[dict(title, url, text)]`` listing
  what is open for residents of a quartier (surveys, events, Johari exercises...).
- ``STAFF_MENU``: ``(endpoint, label, role)`` entries of the staff navigation.
"""
from __future__ import annotations

from collections.abc import Callable

QUARTIER_SECTIONS: list[Callable] = []
STAFF_MENU: list[tuple[str, object, str]] = []


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
