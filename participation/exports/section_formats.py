"""The section's method and formats blocks: formats × months, then one block per format with
its headline figures and a chart of the formats (``docs/exports.md``, orders 10 and 20-29).

A format's number of contributions is also printed by the analyses' index, which withholds
some ("non publié": ``analysis.published.withheld_formats``, the cross-page rule of
docs/analysis.md "Across pages"): the section withholds the same ones, in its format block,
its chart and its method table (whose row adds up to it), or a reader of both documents
works out the small count the index hides.
"""
from __future__ import annotations

import pandas as pd
from flask_babel import format_date, ngettext
from flask_babel import gettext as _

from participation.analysis import charts
from participation.core import smallcounts
from participation.exports.section_block import new_block


def method_block(data: pd.DataFrame, labels: dict, withheld: frozenset = frozenset()) -> dict:
    """Method and calendar: which formats, month by month; the months of a ``withheld``
    format (module docstring) "non publié" (a month left blank is none)."""
    formats = data["source_format"].map(labels["source_format"])
    months = data["said_on"].dt.to_period("M")
    table = pd.crosstab(formats, months).sort_index(axis=1)
    header = [_("Format")] + [format_date(p.to_timestamp(), "MMMM y") for p in table.columns]
    # each row adds up to its format's number, published in the format's block below: a
    # small month is hidden with a second one (``smallcounts.published_line``)
    hidden = {labels["source_format"].get(fmt, fmt) for fmt in withheld}
    rows = [[name] + [(smallcounts.withheld() if name in hidden else cell) if v else ""
                      for v, cell in zip(values, smallcounts.published_line(values)[0],
                                         strict=True)]
            for name, values in zip(table.index, table.to_numpy().tolist(), strict=True)]
    start = format_date(data["said_on"].min(), "MMMM y")
    end = format_date(data["said_on"].max(), "MMMM y")
    if start == end:  # "entre juin 2023 et juin 2023" reads wrong
        text = ngettext("La parole des habitants et des partenaires a été recueillie par "
                        "%(num)s format, en %(start)s.",
                        "La parole des habitants et des partenaires a été recueillie par "
                        "%(num)s formats différents, en %(start)s.",
                        formats.nunique(), start=start)
    else:
        text = ngettext("La parole des habitants et des partenaires a été recueillie par "
                        "%(num)s format, entre %(start)s et %(end)s.",
                        "La parole des habitants et des partenaires a été recueillie par "
                        "%(num)s formats différents, entre %(start)s et %(end)s.",
                        formats.nunique(), start=start, end=end)
    return new_block("methode", _("Méthode et calendrier de la concertation"), 10, [text],
                     [{"caption": _("Contributions recueillies par format et par mois"),
                       "header": header, "rows": rows}])


def format_blocks(data: pd.DataFrame, labels: dict,
                  withheld: frozenset = frozenset()) -> list[dict]:
    """One block per format with its headline figures, and a chart of the formats with at
    least the minimum count (``core.smallcounts``: the others are named, "moins de 5") and
    not ``withheld`` (module docstring: named, "nombre non publié")."""
    minimum = smallcounts.min_count()
    per_format = data.groupby("source_format").agg(
        contributions=("id", "size"), sessions=("source_label", "nunique"),
        quartiers=("quartier_id", "nunique")).sort_values("contributions", ascending=False)
    names = per_format.index.map(labels["source_format"]).tolist()
    title = _("Contributions recueillies par format")
    counts = per_format["contributions"].tolist()
    kept = [fmt not in withheld for fmt in per_format.index]
    shown = [(n, c) for n, c, k in zip(names, counts, kept, strict=True)
             if k and not smallcounts.hidden(c, minimum)]
    small = [n for n, c in zip(names, counts, strict=True) if smallcounts.hidden(c, minimum)]
    secret = [n for n, c, k in zip(names, counts, kept, strict=True)
              if not k and not smallcounts.hidden(c, minimum)]
    paragraphs = [_("Moins de %(n)s contributions (nombre non publié) : %(names)s.",
                    n=minimum, names=", ".join(small))] if small else []
    paragraphs += [_("Nombre de contributions non publié, pour ne pas faire connaître un "
                     "nombre de moins de %(n)s : %(names)s.", n=minimum,
                     names=", ".join(secret))] if secret else []
    images = [charts.chart_image([n for n, _c in shown], [c for _n, c in shown], title,
                                 charts.alt_text(title, [n for n, _c in shown],
                                                 [c for _n, c in shown]))] if shown else []
    blocks = [new_block("formats", _("Les formats de participation"), 20, paragraphs, [],
                        images)]
    for position, (fmt, row) in enumerate(per_format.iterrows()):
        blocks.append(new_block(f"format-{fmt}", labels["source_format"].get(fmt, fmt),
                                20 + (position + 1) / 1000,
                                [_format_figures(row, minimum, fmt in withheld)], level=3))
    return blocks


def _format_figures(row, minimum: int, withheld: bool = False) -> str:
    """ "271 contributions recueillies · 4 séances ou questions · 1 quartier" ("moins de 5
    contributions recueillies" under the minimum, "nombre de contributions non publié"
    when ``withheld``)."""
    count = int(row["contributions"])
    figures = (_("moins de %(n)s contributions recueillies", n=minimum)
               if smallcounts.hidden(count, minimum) else
               _("nombre de contributions non publié") if withheld else
               ngettext("%(num)s contribution recueillie", "%(num)s contributions recueillies",
                        count))
    if row["sessions"] > 1:
        figures += " · " + _("%(n)s séances ou questions", n=int(row["sessions"]))
    if row["quartiers"]:
        figures += " · " + ngettext("%(num)s quartier", "%(num)s quartiers",
                                    int(row["quartiers"]))
    return figures
