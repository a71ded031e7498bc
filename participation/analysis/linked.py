"""The counts a challenge's (quartier's, format's) page prints about its contributions, as
``core.linkedcounts`` figures, and its breakdowns protected together (issue #13).

The page prints its total; five breakdowns (format, quartier, commune, author, kind), each
adding up to the total (``summary.breakdown``: values under the minimum folded into one
"autres" row); the three columns' lists (``summary.three_columns``: a list of distinct texts
says that its column holds at least that many contributions, exactly that many when no two
say the same words); the evolutions' bases (residents' needs, and atouts, per year,
``years.evolution``); the base of what residents said, printed by its table and its draft
("14 habitants sur 60": ``said_rows``, the residents' answers expressing something).

A reader is assumed to know how each of them is drawn (by kind and author, by year), which
combinations of values occur (the atoms are the combinations present) and in which commune
each quartier lies; nothing about how format, place and author cross: the three groups of
linked breakdowns (``GROUPS``) each add up to the total on their own.
"""
from __future__ import annotations

import pandas as pd

from participation.analysis import column_texts
from participation.analysis.said_rows import residents
from participation.analysis.years import PARTNER_ROLES, residents_words
from participation.core import linkedcounts
from participation.core.linkedcounts import TOTAL, Figure, Page
from participation.core.smallcounts import SECONDARY, SHOWN, SMALL

INDEX_LINE = ("index", "kind")  # the key (and line) of the index's kind cells, ``index_row``
GROUPS = (("source_format",), ("quartier", "commune"), ("kind", "author_role"))
DIMS = ("source_format", "quartier", "commune", "author_role", "kind")


def _atoms(data: pd.DataFrame, with_year: bool) -> list[pd.Series]:
    """Per group of ``GROUPS``, each row's atom: (group, its values) — the kind and author
    group split by year too when the page prints bases per year."""
    found = []
    for number, columns in enumerate(GROUPS):
        columns = columns + (("year",) if with_year and "kind" in columns else ())
        found.append(pd.Series(list(zip(*(data[c] for c in columns), strict=True)),
                               index=data.index).map(lambda values, n=number: (n, values)))
    return found


def _breakdown_figures(data: pd.DataFrame, tables: dict, min_count: int, atoms) -> list:
    """One figure per row of each breakdown (a line adding up to the total): its value's
    rows, or for "autres" (value "") the rows of every value under ``min_count``; a row
    only partners wrote is a fact about institutions (``Figure.people`` False)."""
    figures, partner = [], data["author_role"].isin(PARTNER_ROLES)
    for dim, table in tables.items():
        counts = data[dim].value_counts()
        for value in table["value"]:
            mask = (data[dim].isin(counts[counts < min_count].index) if value == ""
                    else data[dim] == value)
            figures.append(Figure(("breakdown", dim, value), atoms(mask), int(mask.sum()),
                                  ("breakdown", dim), people=not partner[mask].all()))
    return figures


def _printed_figures(data: pd.DataFrame, result: dict, wording: dict, atoms,
                     min_count: int) -> list:
    """The figures printed outside the breakdowns: each list's length (a small column lists
    one text, ``summary.three_columns``, with the answers its notes count: ``column_texts``),
    each evolution base,
    the base of what residents said (``said_rows``: its table's and its draft's "sur 60", a
    lower bound of the residents' contributions when some expressed nothing)."""
    from participation.analysis.summary import three_columns, three_masks

    figures = []
    three = three_columns(data, min_count)
    masks = three_masks(data)
    left_out = column_texts.left_out(data, masks)
    for key, mask in masks.items():
        if mask.any():  # the list and the answers its notes count (one when "moins de")
            shown = len(three[key]) + sum(n if n >= min_count else min(n, 1)
                                          for n in left_out[key].values())
            figures.append(Figure(("list", key), atoms(mask), shown,
                                  at_least=int(mask.sum()) != shown))
    for evo in (result.get("evolution"), result.get("evolution_atouts")):
        part = (evo or {}).get("part", "besoins")
        for year, base in (evo or {}).get("bases", {}).items():
            mask = residents_words(data, part) & (data["year"] == year)
            figures.append(Figure(("base", part, year), atoms(mask), int(base)))
    said = result.get("said")
    if said and said["base"]:  # the draft's and the table's base ("14 habitants sur 60")
        mask = residents(data)  # its answers without a need are left out: at least
        figures.append(Figure(("draft", wording["residents"]), atoms(mask), int(said["base"]),
                              at_least=int(said["base"]) != int(mask.sum())))
    return figures


def base_phrase(wording: dict, who: str, total: int | None) -> str:
    """The words of a draft sentence (``wording["sentence"]``, in the reader's language)
    that print its base: "habitants sur 33 " ("residents out of 33 "); ``total`` None: the
    same words without the base ("habitants ")."""
    probe = wording["sentence"] % {"n": "", "who": "\x00", "total": "\x01", "verb": "\x02",
                                   "label": "", "where": ""}
    between = probe[probe.index("\x00") + 1:probe.index("\x01")]
    after = probe[probe.index("\x01") + 1:probe.index("\x02")]
    return f"{who}{after}" if total is None else f"{who}{between}{total}{after}"


def _drop_given_bases(page: Page, states: dict, result: dict, min_count: int,
                      wording: dict) -> None:
    """The draft's bases ("14 habitants sur 33"), kept one after the other while none lets a
    reader narrow a small count that the page's other figures leave whole (with the
    residents' needs listed in full, 33 minus the listed ones gives their atouts away);
    such a base is left out of the draft's sentences ("14 habitants évoquent …"), in
    place: ``page`` holds the bases, ``states`` were chosen without them."""
    smalls = [f for f in page.figures if states.get(f.key) == SMALL and f.people]
    bases = [f for f in page.figures if f.key[0] == "draft"]
    current = Page(page.groups, [f for f in page.figures if f.key[0] != "draft"], page.total)
    for base in bases:
        trial = Page(page.groups, [*current.figures, base], page.total)
        if any(linkedcounts.narrowed(trial, states, f, min_count)
               and not linkedcounts.narrowed(current, states, f, min_count) for f in smalls):
            full = base_phrase(wording, base.key[1], int(base.count))
            short = base_phrase(wording, base.key[1], None)
            result["draft"] = {part: [line.replace(full, short) for line in lines]
                               for part, lines in result["draft"].items()}
            result["said_base_hidden"] = True  # the table prints neither base nor shares
        else:
            current = trial


def page_of(frame: pd.DataFrame, result: dict, min_count: int, wording: dict,
            linked: dict | None = None, row: tuple = ()) -> tuple[Page, set]:
    """The ``linkedcounts.Page`` of a summary (``summary.challenge_summary``'s result before
    protection) of ``frame``'s contributions, with the cells the analyses' index prints
    about them (``linked``, ``_linked_figures``), and the keys of the cells it withholds;
    ``row``: ((kind, count), ...) the index's kinds of the same contributions, a line
    ``INDEX_LINE`` adding up to the page's total (``index_row``)."""
    data = frame.reset_index(drop=True).copy()
    for dim in DIMS:
        data[dim] = data[dim].fillna(wording["unknown"])
    series = _atoms(data, bool(result.get("evolution") or result.get("evolution_atouts")))
    kind_atoms = series[GROUPS.index(("kind", "author_role"))]
    by_dim = {dim: next(s for s, g in zip(series, GROUPS, strict=True) if dim in g)
              for dim in DIMS}

    def atoms_of(dim):
        return lambda mask: frozenset(by_dim[dim][mask])

    figures = []
    for dim in DIMS:
        if dim in result["breakdowns"]:
            figures += _breakdown_figures(data, {dim: result["breakdowns"][dim]}, min_count,
                                          atoms_of(dim))
    figures += _printed_figures(data, result, wording, lambda m: frozenset(kind_atoms[m]),
                                min_count)
    fixed, withheld = _linked_figures(data, linked, lambda m: frozenset(kind_atoms[m])) \
        if linked else ([], set())
    fixed += [Figure(INDEX_LINE + (kind,), frozenset(kind_atoms[data["kind"] == kind]),
                     int(count), INDEX_LINE) for kind, count in row]
    return Page([frozenset(s) for s in series], figures + fixed, len(data)), withheld


def _linked_figures(data: pd.DataFrame, linked: dict, atoms) -> tuple[list, set]:
    """The cells the analyses' index prints about the page's contributions
    (``published.linked_cells``) as ``fixed`` figures, and the keys of the page's cells it
    withholds (the same cell, withheld here too): a kind the index prints or hides as
    "moins de 5" is a fixed figure on the kind's atoms, its total likewise; a kind (the
    page's "Par nature" row) or a total the index withholds is withheld. A cell whose count
    differs from the page's (data changed between both reads) is left out."""
    figures, withheld = [], set()
    cells = {("kind", k): (data["kind"] == k, v) for k, v in linked["kinds"].items()}
    cells[TOTAL] = (pd.Series(True, index=data.index), linked["total"])
    for key, (mask, (count, state)) in cells.items():
        if int(mask.sum()) != count:
            continue
        if state == SECONDARY:
            withheld.add(TOTAL if key == TOTAL else ("breakdown", "kind", key[1]))
        elif count:
            figures.append(Figure(("linked",) + key, atoms(mask), count, fixed=True))
    return figures, withheld


def protect_breakdowns(frame: pd.DataFrame, result: dict, min_count: int,
                       wording: dict, linked: dict | None = None) -> dict:
    """``result`` (``summary.challenge_summary``) with its breakdowns' cells hidden so that
    no small count can be worked out from anything the page prints, nor from it and what
    the analyses' index prints about the same contributions (``linked``:
    ``published.linked_cells``, fixed; ``linkedcounts.protect``): each table's ``state``
    and ``count`` (None unless shown) replaced, ``total_hidden`` (True when even the page's
    total must not be printed) and ``total_linked`` (True when it is withheld because the
    index withholds it). In place; returns ``result``."""
    result["total_hidden"] = result["total_linked"] = result["said_base_hidden"] = False
    if not result["published"]:
        return result
    page, withheld = page_of(frame, result, min_count, wording, linked)
    # the cells chosen without the draft's bases; a base that gives a small count away
    # is left out of the draft instead (``_drop_given_bases``)
    bare = Page(page.groups, [f for f in page.figures if f.key[0] != "draft"], page.total)
    states = linkedcounts.protect(bare, min_count, total_printed=TOTAL not in withheld,
                                  withheld=withheld - {TOTAL},
                                  open_total=TOTAL in withheld and not (linked or {}).get(
                                      "kinds"))
    counts = {f.key: f.count for f in page.figures}
    for dim, table in result["breakdowns"].items():
        keys = [("breakdown", dim, value) for value in table["value"]]
        table["state"] = [states[k] for k in keys]
        table["count"] = pd.Series([counts[k] if states[k] == SHOWN else None for k in keys],
                                   index=table.index, dtype=object)
    result["total_hidden"] = states[TOTAL] != SHOWN
    result["total_linked"] = TOTAL in withheld
    _drop_given_bases(page, states, result, min_count, wording)
    return result


def _counts_only(frame: pd.DataFrame, min_count: int, wording: dict) -> dict:
    """What a challenge's page prints as counts, without its texts' analysis (``page_of``'s
    input): the breakdowns (``summary.breakdown``), the evolutions' bases (``years``:
    residents' needs and atouts per year, when two years are compared); the draft's bases
    are left out: the page prints one only when it gives nothing away
    (``_drop_given_bases``)."""
    from participation.analysis.summary import DIMENSIONS, breakdown
    from participation.analysis.years import compared_years

    result = {"published": True, "draft": {},
              "breakdowns": {dim: breakdown(frame, dim, min_count, None, wording)
                             for dim in DIMENSIONS}}
    for name, part in (("evolution", "besoins"), ("evolution_atouts", "atouts")):
        words = frame[residents_words(frame, part)]
        pair = compared_years(words, min_count)
        if pair:
            result[name] = {"part": part, "bases": {year: int((words["year"] == year).sum())
                                                    for year in pair}}
    return result


def index_row(frame: pd.DataFrame, kinds: list[tuple[str, int]], min_count: int,
              wording: dict) -> dict:
    """A challenge's row of the analyses' index, protected together with the challenge's
    page (``linkedcounts.protect`` over both: docs/analysis.md, "Across pages"): its total
    (the page's) and its ``kinds`` [(kind, count)] (every kind column, adding up to the
    total), each read beside everything the page prints (``_counts_only``). Returns
    {"total": (count, state), "kinds": {kind: (count, state)}}; ``frame``: the
    challenge's contributions (``frames.challenge_contributions``), at least ``min_count``."""
    page, _withheld = page_of(frame, _counts_only(frame, min_count, wording), min_count,
                              wording, row=tuple(kinds))
    states = linkedcounts.protect(page, min_count)
    return {"total": (len(frame), states[TOTAL]),
            "kinds": {kind: (int(count), states[INDEX_LINE + (kind,)])
                      for kind, count in kinds}}


# The analyses' index (``views.index``): its two lists, by format and by quartier, are two
# breakdowns of the territory's contributions. The index prints no total, yet each list adds
# up to the same one: a reader who subtracts one list from the other can work a small cell
# out ("Pasteur-Foch 458" beside "271 + 120 + 65 + moins de 5": 458 - 456 = 2).
NO_QUARTIER = ("quartier", None)


def overview_page(formats: list[tuple[str, int]], quartiers: dict) -> Page:
    """The ``linkedcounts.Page`` of the index's lists. ``formats``: [(format, number)] (every
    contribution has one: the group of format atoms adds up to the total); ``quartiers``:
    {quartier id: number} of the quartiers listed (0 allowed). Contributions without a
    quartier are in no line of the index, and nothing printed tells how many there are: the
    quartier group has one more atom, ``NO_QUARTIER``, free (>= 0), so the quartier list
    only says the total is at least its sum. Atoms: ("format", format), ("quartier", id)."""
    figures = [Figure(("format", fmt), frozenset({("format", fmt)}), int(n), "format")
               for fmt, n in formats]
    figures += [Figure(("quartier", qid), frozenset({("quartier", qid)}), int(n), "quartier")
                for qid, n in quartiers.items()]
    groups = [frozenset(("format", fmt) for fmt, _n in formats),
              frozenset({("quartier", qid) for qid in quartiers} | {NO_QUARTIER})]
    return Page(groups, figures, sum(int(n) for _f, n in formats))


def protect_overview(formats: list[tuple[str, int]], quartiers: dict,
                     min_count: int) -> tuple[list[str], dict]:
    """The states (``smallcounts.SHOWN``, ``SMALL``, ``SECONDARY``) of the index's cells,
    protected together (``linkedcounts.protect`` with no printed total: docs/analysis.md,
    "Minimum count"): (one per ``formats`` row, in order; {quartier id: state})."""
    if not formats:
        return [], {qid: SHOWN for qid in quartiers}
    states = linkedcounts.protect(overview_page(formats, quartiers), min_count,
                                  total_printed=False)
    return ([states[("format", fmt)] for fmt, _n in formats],
            {qid: states[("quartier", qid)] for qid in quartiers})
