"""Secondary suppression over the linked tables of one page or document (issue #13).

``smallcounts.protect_line`` protects one line: a small cell cannot be worked out from the
line's published total. A page prints more than one line about the same contributions: the
challenge page's breakdowns by format, quartier, commune, author and kind all add up to its
total, and it lists items (the partners' commitments, the residents' propositions) and bases
(the residents' needs per year) that are counts of parts of the same contributions. A cell
hidden in one table can then be read in another ("Partenaire 10" beside "Mobilisation non
publié") or worked out from several ("atouts = 60 - 24 - 23 - 10").

Model (statistical disclosure control, secondary suppression over linked tables; Hundepool
et al., *Statistical Disclosure Control*, Wiley 2012, ch. 4 "linked tables" and "audit"):
the contributions are split into *atoms* (the combinations of values a reader could tell
apart: ``Figure.atoms`` are sets of them); each atom belongs to one *group* of linked
breakdowns, and the atoms of every group add up to the page's total. Each published figure
is a linear equation on the atoms (a listed set of distinct texts only a lower bound: two
contributions may say the same words); a small cell only says "between 1 and minimum - 1",
a "non publié" cell nothing. A small cell is protected when, over every table of
non-negative atoms satisfying what is printed, it can still take any value from 1 to
minimum - 1 (the bounds are those of the linear relaxation, ``scipy.optimize.linprog``).

``protect`` chooses the cells to hide: first each line by the one-line rule (the next
smallest non-zero shown cell, ``smallcounts._line_is_safe``), then, while a small cell can
still be narrowed through the other tables, the next smallest shown cell of its line, then
of the other lines, last the total. A cell whose value is published elsewhere (it would be a
single value once hidden: listed items, another table's cell, an institution's fact) is
treated as known — left SHOWN — and another one is hidden instead. A small cell whose value
follows from what the page prints outside its tables (it is listed item by item) cannot be
protected by them: it keeps the one-line rule only.
"""
from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linprog

from participation.core.smallcounts import SECONDARY, SHOWN, SMALL, _line_is_safe, min_count

TOTAL = ("total",)  # the key of the page's total in ``protect``'s states
_EPS = 1e-6


@dataclass(frozen=True)
class Figure:
    """One count a page prints: ``key`` names it, ``atoms`` are what it adds up, ``count``
    its value (>= 0). ``line``: the table (row or column) it is a cell of, hidden or not
    by ``protect``; None: printed as is (a list's length, a base, an institution's fact).
    ``at_least``: the page only shows that the count is at least ``count`` (a list of
    distinct texts). ``people``: False for a fact about institutions (what partners said:
    ``smallcounts``, not hidden for itself), which keeps the one-line rule only.
    ``weights``: ((atom, weight), ...) when the figure is a weighted sum (a mean times its
    n: each note times how many gave it), and ``slack``: how far the printed value may lie
    from the true one (a mean rounded to two decimals: 0.005 × n); a printed figure only.
    ``fixed``: a cell another page prints (the analyses' index: docs/analysis.md, "Across
    pages"), with that page's state, which this page cannot change: exact when ``count`` is
    at least the minimum, else "moins de 5" (1 .. minimum - 1, guarded like the page's own
    small cells); ``line`` None."""

    key: Hashable
    atoms: frozenset
    count: float
    line: Hashable | None = None
    at_least: bool = False
    people: bool = True
    weights: tuple = ()
    slack: float = 0.0
    fixed: bool = False


@dataclass
class Page:
    """What a page prints about one set of contributions: ``groups`` (per group of linked
    breakdowns, its atoms, which add up to ``total``), ``figures`` and the ``total``."""

    groups: list[frozenset]
    figures: list[Figure]
    total: int
    _index: dict = field(default_factory=dict, repr=False)

    def index(self) -> dict:
        """Atom -> column of the linear program (the total is the last column)."""
        if not self._index:
            atoms = sorted({a for g in self.groups for a in g}, key=repr)
            self._index.update({a: i for i, a in enumerate(atoms)})
        return self._index


def _row(page: Page, atoms: Iterable, weights: tuple = ()) -> np.ndarray:
    """The figure's row of the linear program: 1 per atom, or its weight."""
    index = page.index()
    row = np.zeros(len(index) + 1)
    row[[index[a] for a in atoms]] = 1.0
    for atom, weight in weights:
        row[index[atom]] = float(weight)
    return row


def _constraints(page: Page, states: dict, minimum: int) -> dict:
    """The linear program of what the page prints with ``states``: each group adds up to
    the total; a shown figure is its count (at least its count when ``at_least``, within
    ``slack`` of it); a small one lies between 1 and ``minimum`` - 1; a hidden one
    (``SECONDARY``) says nothing."""
    eq, eq_b, ub, ub_b = [], [], [], []
    for group in page.groups:
        row = _row(page, group)
        row[-1] = -1.0
        eq.append(row)
        eq_b.append(0.0)
    for figure in page.figures:
        state = states.get(figure.key, SHOWN)
        row = _row(page, figure.atoms, figure.weights)
        if state == SMALL:
            ub += [row, -row]
            ub_b += [minimum - 1, -1.0]
        elif state == SHOWN and figure.slack:
            ub += [row, -row]
            ub_b += [figure.count + figure.slack, figure.slack - figure.count]
        elif state == SHOWN and figure.at_least:
            ub.append(-row)
            ub_b.append(-float(figure.count))
        elif state == SHOWN:
            eq.append(row)
            eq_b.append(float(figure.count))
    total = float(page.total) if states.get(TOTAL, SHOWN) == SHOWN else None
    bounds = [(0, None)] * len(page.index()) + [(total, total) if total is not None
                                                 else (0, None)]
    return {"A_eq": np.array(eq) if eq else None, "b_eq": eq_b or None,
            "A_ub": np.array(ub) if ub else None, "b_ub": ub_b or None, "bounds": bounds}


def value_range(page: Page, states: dict, figure: Figure, minimum: int) -> tuple[float, float]:
    """(lowest, highest) value of ``figure`` a reader can work out from what the page
    prints with ``states`` (the linear relaxation: real non-negative atoms)."""
    program, row = _constraints(page, states, minimum), _row(page, figure.atoms)
    low = linprog(row, method="highs", **program)
    high = linprog(-row, method="highs", **program)
    if low.status != 0 or high.status != 0:  # unbounded above: no published total
        return (low.fun if low.status == 0 else 0.0,
                -high.fun if high.status == 0 else float("inf"))
    return low.fun, -high.fun


def narrowed(page: Page, states: dict, figure: Figure, minimum: int) -> bool:
    """True when a reader can narrow the small ``figure`` below the whole 1 .. minimum - 1
    from what the page prints with ``states`` (``value_range``)."""
    low, high = value_range(page, states, figure, minimum)
    return low > 1 + _EPS or high < minimum - 1 - _EPS


def _known(page: Page, states: dict, figure: Figure) -> bool:
    """True when ``figure``, hidden, would still be a single value: the sum of the page's
    other exact figures (the groups' sums, the total, the shown cells and facts) — its row
    lies in the space of theirs (a rank test: no linear program needed)."""
    states = {**states, figure.key: SECONDARY}
    program = _constraints(page, states, 2)
    rows = [] if program["A_eq"] is None else list(program["A_eq"])
    if states.get(TOTAL, SHOWN) == SHOWN:
        rows.append(np.eye(len(page.index()) + 1)[-1])
    if not rows:
        return False
    known = np.array(rows)
    both = np.vstack([known, _row(page, figure.atoms)])
    return np.linalg.matrix_rank(both) == np.linalg.matrix_rank(known)


def given(page: Page, states: dict, figure: Figure) -> bool:
    """True when ``figure`` is a single value a reader works out from what the page prints
    with ``states``, ``figure`` itself hidden (``_known``: a rank test). With every cell of
    the lines hidden: the page's printed figures alone give it (a survey's headline 112
    minus a question's base 108, asked on every channel but the street: the street's 4)."""
    return _known(page, states, figure)


def _lines(page: Page) -> dict:
    """Line -> its figures, in the page's order."""
    lines: dict = {}
    for figure in page.figures:
        if figure.line is not None:
            lines.setdefault(figure.line, []).append(figure)
    return lines


def _protect_line(page: Page, figures: list[Figure], states: dict, minimum: int) -> None:
    """The one-line rule (``smallcounts.protect_line``) on one line of the page, in place:
    while the line is not safe, its next smallest non-zero shown cell is hidden, unless the
    page publishes its value elsewhere (``_known``: then the next one); when only such cells
    are left, first those known only through other tables' cells (which may be hidden
    too), then those its printed figures give (lists, a linked page's cells), in the same
    order (the line, read alone, still gives no small count away); nothing left: the total
    is hidden."""
    counts = [f.count for f in figures]

    def safe() -> bool:
        return states[TOTAL] != SHOWN or _line_is_safe(
            counts, [states[f.key] for f in figures], minimum)

    order = [f for _c, _i, f in sorted((f.count, i, f) for i, f in enumerate(figures)
                                       if f.count and states[f.key] == SHOWN)]
    printed = {**states, **{f.key: SECONDARY for f in page.figures if f.line is not None}}
    tiers = (lambda f: not _known(page, states, f),  # published nowhere else
             lambda f: not _known(page, printed, f),  # only through other tables' cells
             lambda f: True)  # printed outside the tables too: the line's own rule
    for hideable in tiers:
        for figure in order:
            if safe():
                return
            if states[figure.key] == SHOWN and hideable(figure):
                states[figure.key] = SECONDARY
    if not safe():
        states[TOTAL] = SECONDARY


def _hide_next(page: Page, exposed: Figure, states: dict, minimum: int) -> bool:
    """Hide one more figure for the small ``exposed`` one, in place: the smallest non-zero
    shown figure of its line, then of the other lines, whose value the page does not
    publish elsewhere (``_known``); none: the total (unless printed elsewhere too); that
    withheld or known: the smallest shown cell known only through other cells, not through
    what stays printed (a cell per line known through the others' equal cells once the
    total is withheld: hidden together). False when nothing is left."""
    same = sorted((f for f in page.figures if exposed.line is not None
                   and f.line == exposed.line), key=lambda f: f.count)
    other = sorted((f for f in page.figures if f.line not in (None, exposed.line)),
                   key=lambda f: f.count)
    for figure in same + other:
        if figure.count and states[figure.key] == SHOWN \
                and not _known(page, states, figure):
            states[figure.key] = SECONDARY
            return True
    # the total, unless printed outside the tables too (their cells can still be hidden)
    everything = Figure(TOTAL, page.groups[0], page.total)
    bare = {f.key: SECONDARY for f in page.figures if f.line is not None}
    if states[TOTAL] == SHOWN and not _known(page, {**states, **bare}, everything):
        states[TOTAL] = SECONDARY
        return True
    printed = {**states, **bare}  # what stays exact once every cell is hidden
    for figure in same + other:
        if figure.count and states[figure.key] == SHOWN \
                and not _known(page, printed, figure):
            states[figure.key] = SECONDARY
            return True
    return False


def _protectable(page: Page, states: dict, figure: Figure, minimum: int) -> bool:
    """True when hiding every other cell and the total would protect the small ``figure``
    (False: what the page prints outside its tables gives it away, e.g. its items listed)."""
    bare = {f.key: (SMALL if states[f.key] == SMALL else SECONDARY)
            for f in page.figures if f.line is not None}
    return not narrowed(page, {**states, **bare, TOTAL: SECONDARY}, figure, minimum)


def _initial(page: Page, minimum: int, total_printed: bool, withheld: Iterable) -> dict:
    """The states before any secondary cell: a line's cell or a ``fixed`` figure under the
    minimum ``SMALL``, the ``withheld`` keys ``SECONDARY`` (a linked page withholds them),
    every other figure ``SHOWN``; the total ``SHOWN`` when printed."""
    states = {f.key: SMALL if (f.line is not None or f.fixed) and 0 < f.count < minimum
              else SHOWN for f in page.figures}
    states.update({key: SECONDARY for key in withheld if key in states})
    states[TOTAL] = SHOWN if total_printed else SECONDARY
    return states


def _open_total(page: Page, states: dict, minimum: int) -> None:
    """Hide cells until the withheld total has no upper bound (in place): the total withheld
    because a linked page's small cell needs it free (the index's format and quartier lists:
    the page's total may be any number above what its printed figures add up to)."""
    everything = Figure(TOTAL, page.groups[0], page.total)
    pseudo = Figure(("open total",), frozenset(), 0, line=("open total",))
    while value_range(page, states, everything, minimum)[1] != float("inf"):
        if not _hide_next(page, pseudo, states, minimum):
            return


def protect(page: Page, minimum: int | None = None, total_printed: bool = True,
            withheld: Iterable = (), open_total: bool = False) -> dict:
    """The state of every cell of the page's lines and of the total (key ``TOTAL``):
    ``smallcounts.SHOWN``, ``SMALL`` ("moins de 5") or ``SECONDARY`` ("non publié").

    Rule (module doc; docs/analysis.md, "Minimum count"): each line first by the one-line
    rule, then while a reader can narrow a small cell (the page's own or a ``fixed`` one a
    linked page prints) through the page's other figures, one more cell is hidden
    (``_hide_next``); a cell whose value the page or a linked page publishes elsewhere is
    never the one hidden. A page whose total is under the minimum publishes no breakdown:
    nothing to do. ``minimum``: ``smallcounts.min_count()`` by default.
    ``total_printed``: False when the page prints no total (the analyses' index, or a total
    a linked page withholds): the reader only knows that each group adds up to the same
    unknown total (state ``SECONDARY`` from the start). ``withheld``: keys of cells a linked
    page withholds (same state here). ``open_total``: the withheld total must stay unbounded
    above (``_open_total``)."""
    minimum = min_count() if minimum is None else minimum
    states = _initial(page, minimum, total_printed, withheld)
    if page.total < minimum or (SMALL not in states.values() and not open_total):
        return states
    for figures in _lines(page).values():
        _protect_line(page, figures, states, minimum)
    guarded = [f for f in page.figures if states[f.key] == SMALL and f.people
               and _protectable(page, states, f, minimum)]
    while exposed := next((f for f in guarded if narrowed(page, states, f, minimum)), None):
        if not _hide_next(page, exposed, states, minimum):
            break  # unreachable: with every other cell and the total hidden it is safe
    if open_total and states[TOTAL] != SHOWN:
        _open_total(page, states, minimum)
    return states
