"""The draw by lot, pure: published inputs, the algorithm (shared with the standalone
``verify_draw.py`` the public runs), parity checks, substitutes, the landlord's list.

Nothing here reads the database: services build plain dicts and store what comes back.
"""
from __future__ import annotations

import csv
import io

from flask_babel import gettext as _

from participation.core.errors import ImportRejected
from participation.council.verify_draw import (
    FORMAT,
    canonical_list,
    check,
    fingerprint,
    normalise_seed,
    rank,
    run_draw,
    ticket,
)

__all__ = ["FORMAT", "ImportRejected", "build_inputs", "canonical_list", "check", "fingerprint",
           "normalise_seed", "parity_ok", "parse_households_csv", "propose_substitute", "rank",
           "run_draw", "ticket"]

SEX_CODES = {"f": "f", "femme": "f", "h": "h", "homme": "h", "m": "h", "": ""}


def build_inputs(entries: list[tuple[int, str]], seats: int, substitutes: int, parity: bool,
                 seed: str | None = None, **context) -> dict:
    """The published inputs JSON: anonymous numbers and sexes, sorted by number."""
    candidates = [{"number": n, "sex": s or ""} for n, s in sorted(entries)]
    data = {"format": FORMAT, **context, "seats": seats, "substitutes": substitutes,
            "parity": parity, "fingerprint": fingerprint(candidates),
            "candidates": candidates}
    if seed is not None:
        data["seed"] = normalise_seed(seed)
    return data


def parity_ok(sexes: list[str]) -> bool:
    """Women and men within one seat of each other (other answers do not count)."""
    return abs(sexes.count("f") - sexes.count("h")) <= 1


def propose_substitute(active_sexes: list[str], substitutes: list[tuple[int, str]],
                       parity: bool) -> tuple[int, str] | None:
    """The first substitute in rank order who keeps parity among the remaining members.

    ``active_sexes`` are the members still in office once the leaver is gone; without parity
    (or if no substitute keeps it) the first substitute in rank order is proposed.
    """
    if not substitutes:
        return None
    if parity:
        for number, sex in substitutes:
            if parity_ok(active_sexes + [sex]):
                return number, sex
    return substitutes[0]


MAX_HOUSEHOLDS = 20000  # the largest QPV has about 8,000 households


def parse_households_csv(content: str) -> list[tuple[str, str]]:
    """A landlord's list: ``reference;sexe`` (sexe optional: F, H or empty), one household a
    line after a header. Refused whole, with line numbers, on any bad line."""
    content = content.lstrip("\ufeff")
    delimiter = ";" if content.count(";") >= content.count(",") else ","
    reader = csv.reader(io.StringIO(content), delimiter=delimiter)
    header = next(reader, None)
    if not header or not header[0].strip():
        raise ImportRejected(_("Le fichier est vide ou n'a pas d'en-tête."),
                             [(1, _("en-tête manquant"))])
    rows, errors, seen = [], [], set()
    for line_no, raw in enumerate(reader, start=2):
        if line_no > MAX_HOUSEHOLDS + 1:
            raise ImportRejected(_("La liste a plus de %(max)s foyers : rien n'a été importé. "
                                   "Tirez au sort par résidence ou par quartier.",
                                   max=MAX_HOUSEHOLDS), [(line_no, _("trop de lignes"))])
        cells = [c.strip() for c in raw] + ["", ""]
        if not any(cells):
            continue
        reference, sex = cells[0], cells[1].casefold()
        if not reference:
            errors.append((line_no, _("la référence du foyer est vide")))
        elif reference.casefold() in seen:
            errors.append((line_no, _("la référence %(ref)s apparaît deux fois", ref=reference)))
        elif sex not in SEX_CODES:
            errors.append((line_no, _("sexe « %(v)s » inconnu (F, H ou vide)", v=cells[1])))
        else:
            seen.add(reference.casefold())
            rows.append((reference, SEX_CODES[sex]))
    if errors:
        raise ImportRejected(_("Le fichier a été refusé : rien n'a été importé."), errors)
    if not rows:
        raise ImportRejected(_("Le fichier ne contient aucun foyer."), [(2, _("aucune ligne"))])
    return rows
