"""What the analyses' index publishes about the cells it shares with the pages it links to
(issue #13, item 3): one place that knows them, so that a count is hidden on every page that
could print it or on none (docs/analysis.md, "Across pages").

The index (``views.index``) prints, per challenge of the current tree, its total and one
count per kind (``smallcounts.protect_line``: a line adding up to the total), and two lists
of the territory's contributions, by quartier and by format (``linked.protect_overview``).
Each of those counts is also the total (or, for a kind, a breakdown row) of the page its
link opens: ``/analysis/challenge/<id>``, ``/analysis/quartier/<id>``,
``/analysis/format/<format>``. A count hidden on the index and printed on the linked page
(the tester's "Fenêtre de Johari — non publié" beside the format page's "65 contributions")
gives it back; a count hidden on the linked page and printed on the index likewise.

Rule (statistical disclosure control over linked tables: a cell common to several published
tables carries the same status in all of them; Hundepool et al., *Statistical Disclosure
Control*, Wiley 2012, §4.4 "linked tables"; Insee, *Guide du secret statistique*, 2023,
"secret secondaire"): the index decides first, from counts alone (cheap: one GROUP BY);
the linked page then protects itself with the index's cells fixed (``linked_cells``): a
cell the index prints is known to the page's reader (never the one the page hides), a cell
the index hides as "moins de 5" is guarded by the page like its own, and a cell the index
withholds ("non publié") is withheld by the page too, with whatever else gives it away.
"""
from __future__ import annotations

from participation.analysis import counts, linked
from participation.core import smallcounts
from participation.core.memo import content_memo, digest, memo
from participation.extensions import db
from participation.territory.models import Contract


def _row(total: int, kinds: dict, columns: list) -> dict:
    """One challenge's row of the index as published: {"total": (count, state), "kinds":
    {kind: (count, state)}} (``smallcounts.protect_line``: no small kind can be worked out
    by subtracting the shown kinds from the total)."""
    values = [int(kinds.get(kind) or 0) for kind in columns]
    states, total_hidden = smallcounts.protect_line(values, total)
    return {"total": (int(total), smallcounts.SECONDARY if total_hidden
                      else smallcounts.SHOWN),
            "kinds": {kind: (value, state) for kind, value, state
                      in zip(columns, values, states, strict=True)}}


def _rows(territory_id: int, contract_id: int, columns: list,
          nodes: list[int] | None = None) -> dict:
    """Challenge id -> its index row (``_row``), for every challenge of the current tree (or
    for ``nodes`` of it alone: each row is computed from its challenge's contributions only,
    so a challenge's page computes its own row, the very one the index prints): a challenge
    of at least the minimum protected together with its page (``linked.index_row``), kept by
    its contributions (``core.memo.content_memo``); one under the minimum by the one-line
    rule (its page prints no breakdown)."""
    from participation.analysis import frames

    minimum, wording = smallcounts.min_count(), frames.wording()
    data = frames.contributions_frame(territory_id)
    members = frames.challenge_members(frames.validated_tags(territory_id),
                                       frames.challenges_frame(db.session.get(Contract,
                                                                              contract_id)))
    rows = {}
    for node in linked_tree(contract_id) if nodes is None else nodes:
        frame = data[data["id"].isin(members.get(node, ()))]
        kinds = [(kind, int((frame["kind"] == kind).sum())) for kind in columns]
        rows[node] = _row(len(frame), dict(kinds), columns) if len(frame) < minimum \
            else content_memo("analysis.index_row", lambda f=frame, k=kinds: linked.index_row(
                f, k, minimum, wording), digest(frame, repr(kinds), repr(wording)))
    return rows


def _compute(territory_id: int, contract_id: int | None, quartier_ids: tuple) -> dict:
    """``index_cells`` computed (no cache)."""
    other = counts.overview(territory_id)
    columns = counts.kind_columns(other["kinds"])
    per_quartier = {q: int(other["quartiers"].get(q, 0)) for q in quartier_ids}
    format_states, quartier_states = linked.protect_overview(
        other["formats"], per_quartier, smallcounts.min_count())
    return {"columns": columns, "pending": other["pending"],
            "rows": {} if contract_id is None else _rows(territory_id, contract_id, columns),
            "formats": [(fmt, n, state) for (fmt, n), state
                        in zip(other["formats"], format_states, strict=True)],
            "quartiers": {q: (per_quartier[q], quartier_states[q]) for q in quartier_ids}}


def linked_tree(contract_id: int) -> list[int]:
    """The ids of the challenges the index lists (``territory.services.current_tree``)."""
    from participation.territory.services import current_tree

    return [node.id for node in current_tree(db.session.get(Contract, contract_id))]


def index_cells(territory_id: int, contract_id: int | None, quartier_ids: tuple) -> dict:
    """Every count the index prints with its state (``smallcounts.SHOWN``, ``SMALL``,
    ``SECONDARY``), kept per data version (``core.memo``): {"columns": [kind], "pending":
    int, "rows": {challenge id: ``_row``}, "formats": [(format, count, state)] biggest
    first, "quartiers": {quartier id: (count, state)}}. ``quartier_ids``: the territory's
    quartiers, in the index's order."""
    return memo(territory_id, "analysis.index_cells",
                lambda: _compute(territory_id, contract_id, tuple(quartier_ids)),
                contract_id, tuple(quartier_ids))


def page_cells(territory_id: int, contract_id: int | None, quartier_ids: tuple, scope: str,
               key: str) -> dict | None:
    """``linked_cells(index_cells(territory_id, contract_id, quartier_ids), scope, key)``,
    computing only what that page needs, kept per data version (``core.memo``): a
    challenge's page its own row of the index (``_rows`` of it alone: the other challenges'
    rows, each protected with its own page, made a challenge's first computation about twice
    as long, bench/section_bench.py 2026-11-30); a quartier's or a format's page the index's
    counts without any challenge's row."""
    def compute() -> dict | None:
        if scope != "challenge":
            return linked_cells(_compute(territory_id, None, quartier_ids), scope, key)
        if contract_id is None or not key.isdigit() or int(key) not in linked_tree(contract_id):
            return None
        columns = counts.kind_columns(counts.overview(territory_id)["kinds"])
        return _rows(territory_id, contract_id, columns, [int(key)])[int(key)]

    quartier_ids = tuple(quartier_ids)
    return memo(territory_id, "analysis.page_cells", compute, contract_id, quartier_ids,
                scope, key)


def linked_cells(cells: dict, scope: str, key: str) -> dict | None:
    """What the index (``index_cells``) prints about the contributions of the page of
    ``scope`` and ``key`` (``views.SCOPES``): {"total": (count, state), "kinds": {kind:
    (count, state)}} for a challenge of its tree ("kinds" empty for a quartier or a
    format); None when the index does not list the page (a challenge of an older tree)."""
    if scope == "challenge" and key.isdigit() and int(key) in cells["rows"]:
        return cells["rows"][int(key)]
    if scope == "quartier" and key.isdigit() and int(key) in cells["quartiers"]:
        return {"total": cells["quartiers"][int(key)], "kinds": {}}
    found = [(n, state) for fmt, n, state in cells["formats"] if fmt == key]
    if scope == "format" and found:
        return {"total": found[0], "kinds": {}}
    return None


def withheld_formats(territory_id: int) -> set[str]:
    """The formats whose number of contributions the index withholds ("non publié": its
    format list, ``linked.protect_overview``), which every document printing that number
    withholds too (the section's format blocks and method table, docs/exports.md): printed
    there, it gave back the small count the index hides (the demo's "Fenêtre de Johari 65"
    beside "Pasteur-Foch 458": 458 - 271 - 120 - 65 = 2, the conseil citoyen)."""
    from participation.analysis import frames

    quartiers = tuple(int(q) for q in frames.quartiers_frame(territory_id).drop_duplicates(
        "quartier_id")["quartier_id"])
    # the index's format list alone (``_compute`` without any challenge's row: the same
    # states, those rows only add each challenge's protection with its page)
    cells = memo(territory_id, "analysis.overview_cells",
                 lambda: _compute(territory_id, None, quartiers), quartiers)
    return {fmt for fmt, _n, state in cells["formats"] if state == smallcounts.SECONDARY}
