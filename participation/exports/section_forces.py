"""The section's forces/faiblesses grid per quartier and theme (``docs/exports.md``, order
60), and the points forts/faibles the coordinator validated repeated in its empty cells.
"""
from __future__ import annotations

import pandas as pd
from flask_babel import gettext as _

from participation.analysis import frames, summary
from participation.core import smallcounts, typography
from participation.core.punctuation import labelled
from participation.exports.section_block import new_block
from participation.privacy.masking import mask_quoted


def theme_of_tags(tags: pd.DataFrame, challenges: pd.DataFrame) -> pd.DataFrame:
    """[id, theme, order]: each tagged contribution's top-level challenge of the current tree
    ("TH04 · Cadre de vie"; a tag on a sub-challenge goes to its theme), once per theme,
    ``order`` the theme's place in the tree. ``tags``: the validated tags."""
    parent = dict(zip(challenges["id"], challenges["parent_id"], strict=True))

    def root(node):
        seen = set()
        while not pd.isna(parent.get(node)) and node not in seen:
            seen.add(node)
            node = parent[node]
        return node

    roots = challenges[challenges["current"] & challenges["parent_id"].isna()]
    label = {int(r.id): (f"{r.code} · {r.name}", position)
             for position, r in enumerate(roots.itertuples())}
    found = {(int(cid), label[int(top)]) for cid, top in zip(
        tags["contribution_id"], tags["challenge_id"].map(root), strict=True)
        if not pd.isna(top) and int(top) in label}
    return pd.DataFrame([(cid, theme, order) for cid, (theme, order) in found],
                        columns=["id", "theme", "order"])


def _cell(texts: list[str], more: int, minimum: int, empty: str) -> str:
    """A cell of the forces/faiblesses table: its quotes one a line, then how many others
    (the small-count rule: under ``minimum``, "quelques autres"); ``empty`` ("Aucune
    contribution classée atout") when there is neither, so no cell of the contract is left
    blank."""
    if not texts and not more:
        return empty
    lines = [f"« {typography.said(text)} »" for text in texts]
    if more:
        lines.append(_("… et %(n)s autres", n=more) if more >= minimum
                     else _("… et quelques autres"))
    return "\n".join(lines)


# The parts of a challenge's validated text (``analysis.views.draft_text``: "Points forts :


# …") a forces/faiblesses column repeats when no contribution of its kind was recorded.


VALIDATED_PARTS = {2: "forts", 3: "faibles"}


# Shares of the page's width of the grid's columns (``render.column_widths``): with quotes of


# strengths, the two last columns alike; without, the forces column just wide enough for


# "Aucune contribution classée atout" without breaking "contribution".


WEIGHTS_FORCES, WEIGHTS_NO_FORCE = [2, 2.4, 2.8, 2.8], [2, 2.4, 2.6, 4]


def forces_block(data: pd.DataFrame, tags: pd.DataFrame, challenges: pd.DataFrame) -> dict:
    """Forces (atouts) and faiblesses (manquements) per quartier and theme, from the
    contributions with a validated challenge only (``summary.forces_faiblesses``): one row
    per quartier and theme, at most ``summary.CELL_QUOTES`` short quotes a cell. A cell
    without any says what it counts ("Aucune contribution classée atout"); ``pending``
    lists such cells as [row, column, [(code, "code · name")], part] (the theme's challenges,
    ``theme_codes``) for ``validated_cells``, which adds what the coordinator validated for
    them."""
    minimum = smallcounts.min_count()
    table = summary.forces_faiblesses(data, theme_of_tags(tags, challenges))
    codes = theme_codes(challenges)
    empty = {2: _("Aucune contribution classée atout"),
             3: _("Aucune contribution classée manquement")}
    rows, pending = [], []
    for i, r in enumerate(table.itertuples()):
        rows.append([f"{r.quartier} ({r.commune})" if r.commune else r.quartier, r.theme,
                     _cell(r.forces, r.more_forces, minimum, empty[2]),
                     _cell(r.faiblesses, r.more_faiblesses, minimum, empty[3])])
        pending += [[i, col, codes.get(r.theme, []), part]
                    for col, part in VALIDATED_PARTS.items() if rows[-1][col] == empty[col]]
    any_force = any(r.forces or r.more_forces for r in table.itertuples())
    paragraphs = [_("Les forces sont les atouts relevés, les faiblesses les manquements "
                    "(constats, défis), pour les contributions dont l’enjeu a été validé ; "
                    "au plus %(n)s citations par case. Une case sans contribution de ce "
                    "type le dit, puis reprend les points forts ou faibles que la "
                    "coordination a validés pour l’enjeu.", n=summary.CELL_QUOTES)] \
        if rows else []
    block = new_block("forces", _("Forces et faiblesses par quartier"), 60, paragraphs, [{
        "caption": _("Forces et faiblesses relevées par les habitants, par quartier et par "
                     "enjeu"),
        "header": [_("Quartier (commune)"), _("Enjeu"), _("Forces (atouts)"),
                   _("Faiblesses (manquements)")], "rows": rows,
        "weights": WEIGHTS_FORCES if any_force else WEIGHTS_NO_FORCE}]
        if rows else [])
    block["pending"] = pending
    return block


def theme_codes(challenges: pd.DataFrame) -> dict[str, list[tuple[str, str]]]:
    """Theme label ("TH04 · Cadre de vie", as ``theme_of_tags`` names a top-level challenge
    of the current tree) -> [(code, "code · name")] of that challenge and of the current
    ones below it, in the tree's order: the challenges whose validated texts (on their own
    page, keys "theme-<code>") speak of the theme's row of the grid."""
    current = challenges[challenges["current"]]
    found = {}
    for root in current[current["parent_id"].isna()].itertuples():
        below = frames.descendants(current, int(root.id))
        found[f"{root.code} · {root.name}"] = [
            (r.code, f"{r.code} · {r.name}") for r in current.itertuples() if r.id in below]
    return found


def validated_part(text: str | None, part: str) -> str:
    """What a challenge's validated ``text`` says after "Points forts :" (``part`` "forts")
    or "Points faibles :" ("faibles") at the start of one of its lines, the titles
    ``analysis.views.draft_text`` writes (in French or in the document's language); "" when
    no line opens so."""
    titles = {"forts": ("Points forts", _("Points forts")),
              "faibles": ("Points faibles", _("Points faibles"))}[part]
    for line in (text or "").splitlines():
        head, colon, rest = line.partition(":")
        if colon and head.strip().lower() in {t.lower() for t in titles} and rest.strip():
            return rest.strip()
    return ""


def validated_cells(model: dict, texts: dict[str, str] | None) -> dict:
    """The forces/faiblesses cells that no contribution filled (``forces_block``'s
    ``pending``) followed by the points forts or faibles the coordinator validated for the
    theme or a challenge below it (``validated_part`` of its text "theme-<code>"), one line
    each, so that the table and the validated texts never disagree: "Aucune contribution
    classée atout" stays (what the table counts), then "Points forts validés (L4 ·
    Mobilité) : …" (the forces column then as wide as with quotes, ``WEIGHTS_FORCES``). In
    place; returns ``model``."""
    for block in model["blocks"]:
        for row, col, challenges, part in block.pop("pending", ()):
            cells = block["tables"][0]["rows"][row]
            for code, name in challenges:
                said = validated_part((texts or {}).get(f"theme-{code}"), part)
                title = (_("Points forts validés (%(challenge)s)", challenge=name)
                         if part == "forts" else
                         _("Points faibles validés (%(challenge)s)", challenge=name))
                cells[col] += "\n" + mask_quoted(labelled(title, said)) if said else ""
                if said and col == 2:  # strengths written: room as for quotes
                    block["tables"][0]["weights"] = WEIGHTS_FORCES
    return model
