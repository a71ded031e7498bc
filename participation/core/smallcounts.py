"""The one small-count rule of every page and export (issue #13).

A count of people or of what they said (contributions, answers, post-its, respondents of a
group) under the minimum is never published: it could single someone out. It is written
"moins de 5" everywhere, in the same words (the pages' ``figure`` macro,
templates/analysis/_macros.html, says it the same way). The minimum is ``ANALYSIS_MIN_COUNT``
(environment, default ``DEFAULT`` = 5), for the analyses, the contract's section and the
surveys' breakdowns alike (docs/analysis.md, "Minimum count"). Zero is published (nobody
said it: nobody to single out). Facts about an institution (a council's seats, the votes of
its public meetings, the partners' commitments) are not counts of what people said and are
not hidden.

Secondary suppression: a small cell of a line whose total is published is hidden with a
second one ("non publié", ``protect_line``), so that it cannot be worked out by subtraction.
A page or a document that prints several breakdowns of the same contributions protects them
together (``core.linkedcounts.protect``; statistical disclosure control, secondary
suppression over linked tables): a cell whose value is published elsewhere on the page — its
items listed one by one, another table's cell that maps to it one-to-one, an institution's
fact — is treated as known (SHOWN) when choosing the cell to hide, so another one is hidden
instead; and no small cell may be derivable, even narrowed, by subtraction from any
published total, across the page's tables (docs/analysis.md, "Minimum count").
"""
from __future__ import annotations

import math

from flask import current_app, has_app_context
from flask_babel import gettext as _

from participation.core.punctuation import either

DEFAULT = 5


def min_count() -> int:
    """The minimum published count: ``ANALYSIS_MIN_COUNT`` of the app (``DEFAULT`` outside
    an app)."""
    if not has_app_context():
        return DEFAULT
    return int(current_app.config.get("ANALYSIS_MIN_COUNT", DEFAULT))


def hidden(count, minimum: int | None = None) -> bool:
    """True when ``count`` may not be published: unknown (None, NaN: already hidden) or
    between 1 and ``minimum`` - 1."""
    minimum = min_count() if minimum is None else minimum
    if count is None or (isinstance(count, float) and math.isnan(count)):
        return True
    return 0 < count < minimum


def figure(count, minimum: int | None = None) -> str:
    """The count as published: "12", "0", or "moins de 5" (``hidden``)."""
    minimum = min_count() if minimum is None else minimum
    if hidden(count, minimum):
        return fewer(minimum)
    return str(int(count))


def fewer(minimum: int | None = None) -> str:
    """ "moins de 5": the words of a hidden count."""
    return _("moins de %(n)s", n=min_count() if minimum is None else minimum)


# The states of a cell in a table with margins (``protect_line``).
SHOWN, SMALL, SECONDARY = "shown", "small", "secondary"


def _line_is_safe(counts, states, minimum: int) -> bool:
    """True when no small cell of the line can be narrowed from its published total.

    The hidden cells add up to ``rest`` = total - shown cells. A small cell is known to lie
    between 1 and ``minimum`` - 1, a ``SECONDARY`` cell anywhere from 0 up. With ``k`` small
    cells, one of them lies between ``rest`` - (the others' highest) and ``rest`` - (their
    lowest, k - 1): the line is safe when that is still the whole 1 .. ``minimum`` - 1, i.e.
    ``rest`` >= ``minimum`` + k - 2 and, without a secondary cell, ``rest`` <= 1 + (k - 1)
    (``minimum`` - 1). One small cell alone is never safe (its value is ``rest``); "4 + 1"
    under a total 5 is (any split of 5 into two counts of 1 to 4)."""
    small = states.count(SMALL)
    if not small:
        return True
    rest = sum(int(c) for c, s in zip(counts, states, strict=True) if s != SHOWN)
    high_enough = rest >= minimum + small - 2
    low_enough = SECONDARY in states or rest <= 1 + (small - 1) * (minimum - 1)
    return high_enough and low_enough


def protect_line(counts, total=None, minimum: int | None = None,
                 known=frozenset()) -> tuple[list[str], bool]:
    """Secondary suppression of one line (row or column) of a table whose ``total`` (the
    margin: the sum of ``counts``; None: their sum) is published.

    ``counts``: ints >= 0. Returns (the state of each cell: ``SHOWN``, ``SMALL`` for a count
    under the minimum — "moins de 5" —, ``SECONDARY`` for a cell hidden only so that a small
    one cannot be worked out by subtraction —"non publié"—; True when the total itself must
    not be published). Rule (statistical disclosure control, "secondary suppression";
    docs/analysis.md, "Minimum count"): a zero is a shown cell like any other; while the line
    is not safe (``_line_is_safe``) the next smallest non-zero shown cell is hidden too; when
    no cell is left to hide, the total is hidden. A line whose total is itself small has no
    published margin and needs nothing more. ``known``: positions of cells whose value the
    page publishes elsewhere: hiding them would protect nothing, so they are hidden only
    when no other cell is left (several linked lines: ``core.linkedcounts.protect``)."""
    minimum = min_count() if minimum is None else minimum
    counts = [int(c or 0) for c in counts]
    total = sum(counts) if total is None else int(total)
    states = [SMALL if hidden(c, minimum) else SHOWN for c in counts]
    if hidden(total, minimum):
        return states, False
    for _known, _count, index in sorted((i in known, c, i) for i, c in enumerate(counts)
                                        if c and states[i] == SHOWN):
        if _line_is_safe(counts, states, minimum):
            break
        states[index] = SECONDARY
    return states, not _line_is_safe(counts, states, minimum)


def merge_small(cells, mergeable=frozenset(), minimum: int | None = None
                ) -> list[tuple[list[str], int]]:
    """A line's cells with each small catch-all cell published merged with another, before
    any secondary suppression: ([labels], count) in the line's order, the cells of 0 left out.

    ``cells``: [(label, count >= 0)]; ``mergeable``: positions of the cells that may be
    printed together ("Autres réponses", "Sans besoin exprimé", "Sans réponse": none names
    what people said). While one of them is small (``hidden``), the smallest is merged with
    the smallest other one (ties: the first in the line), at the first one's place. Rule
    (statistical disclosure control: a small cell is merged with a neighbour rather than
    another cell hidden for its sake, Hundepool et al., *Statistical Disclosure Control*, §4.2
    "global recoding"; tester t27coord: 46 answers of 60 "non publié" to protect 4 "rien"):
    "Autres réponses 46" and "Sans besoin exprimé 4" print "Autres réponses ou sans besoin
    exprimé 50" (``merged_label``). A small cell left (no other catch-all) is then protected
    by ``protect_line``."""
    minimum = min_count() if minimum is None else minimum
    found = [(i, [label], int(count), i in mergeable)
             for i, (label, count) in enumerate(cells) if count]
    while True:
        pool = sorted((g for g in found if g[3]), key=lambda g: (g[2], g[0]))
        small = [g for g in pool if hidden(g[2], minimum)]
        if not small or len(pool) < 2:
            return [(labels, count) for _i, labels, count, _m in found]
        first = small[0]
        second = next(g for g in pool if g is not first)
        one, two = sorted((first, second), key=lambda g: g[0])
        found = [g for g in found if g is not two]
        found[found.index(one)] = (one[0], one[1] + two[1], one[2] + two[2], True)


def merged_label(labels: list[str]) -> str:
    """ "Autres réponses ou sans besoin exprimé": the labels of cells published merged
    (``merge_small``), the first as written, the others with a lower-case initial (a label
    whose second letter is a capital, an acronym, kept), joined as an "or" list in the
    document's language (``punctuation.either``, CLDR: "Other answers, no need expressed,
    or no answer" in English, "… veya …" in Turkish, "… أو …" in Arabic)."""
    return either([labels[0]] + [label[:1].lower() + label[1:] if label[1:2].islower() else label
                                 for label in labels[1:]])


def cell(count, state: str, minimum: int | None = None) -> str:
    """A cell as published after ``protect_line``: the count, "moins de 5" or "non publié"."""
    if state == SECONDARY:
        return withheld()
    return figure(count, minimum)


def withheld() -> str:
    """ "non publié": the words of a cell hidden by secondary suppression."""
    return _("non publié")


def protected(counts, total=None, minimum: int | None = None) -> tuple[list[tuple[int, str]],
                                                                       bool]:
    """``protect_line`` with each count next to its state: ([(count, state)], total hidden),
    the shape the pages' ``cell`` macro (templates/analysis/_macros.html) takes."""
    counts = [int(c or 0) for c in counts]
    states, total_hidden = protect_line(counts, total, minimum)
    return list(zip(counts, states, strict=True)), total_hidden


def published_line(counts, total=None, minimum: int | None = None) -> tuple[list[str], str]:
    """A line of counts with a published margin as the documents print it: (each cell —
    the count, "moins de 5" or "non publié" —, the total — its count, or "non publié" when
    ``protect_line`` hides it —). ``counts``: ints >= 0; ``total``: their margin (None:
    their sum)."""
    minimum = min_count() if minimum is None else minimum
    pairs, total_hidden = protected(counts, total, minimum)
    total = sum(c for c, _s in pairs) if total is None else int(total)
    return ([cell(c, s, minimum) for c, s in pairs],
            withheld() if total_hidden else figure(total, minimum))
