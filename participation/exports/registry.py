"""Where features declare their data exports and their blocks of the participation section.

A feature registers, in its own ``exports.py``::

    register_export("registrations", _l("Inscriptions"), registrations_frame)
    register_export("registrations_contacts", _l("Inscriptions avec contacts"),
                    contacts_frame, personal=True)
    SECTION_BLOCKS.append(events_blocks)

- an export function takes the territory id and returns a DataFrame (one row per record,
  columns already labelled in French); ``personal=True`` marks an export holding personal
  data: it is given only when a coordinator explicitly asks for it, and it is logged;
- a section block function takes the territory and returns a list of block dicts:
  ``{"title": str, "level": 2, "paragraphs": [str], "tables": [{"caption": str,
  "header": [str], "rows": [[str]]}], "images": [{"png": bytes, "alt": str}
  or ``charts.chart_image``: drawn when embedded], "order": int}``.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class ExportSpec:
    name: str
    label: object
    func: Callable[[int], pd.DataFrame]
    personal: bool = False


EXPORTS: dict[str, ExportSpec] = {}
SECTION_BLOCKS: list[Callable] = []


def register_export(name: str, label, func: Callable[[int], pd.DataFrame],
                    personal: bool = False) -> ExportSpec:
    spec = ExportSpec(name, label, func, personal)
    EXPORTS[name] = spec
    return spec


def section_block(func: Callable) -> Callable:
    """Decorator: add a function (territory) -> list[block] to the participation section."""
    if func not in SECTION_BLOCKS:
        SECTION_BLOCKS.append(func)
    return func
