"""One question's figures as the participation section prints them: its key sentence
(``choice_sentence``, ``numeric_sentence``), its table with every percentage next to its base
and "Sans réponse" (``choice_table``, ``codes_table``, ``scale_parts``; cells ``count_row``)
and a bar chart of the table (``counts_image``).

Figures come from ``results.survey_results`` on the frames, which never hold personal
questions or contacts; a small count is hidden (``core.smallcounts``), with a second one when
the rows add up to a printed base (``linked_bases``).
"""
from __future__ import annotations

from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _

from participation.analysis import charts
from participation.core import smallcounts
from participation.surveys import linked_bases
from participation.surveys.results import round_pct


def frnum(value: float) -> str:
    """A figure in the page's locale by Babel (CLDR), at most two decimals: in French 5.54 ->
    "5,54", 6.0 -> "6", 1234.5 -> "1\u202f234,5" (narrow no-break space between thousands)."""
    return format_decimal(value, format="#,##0.##")


def pct_cell(figure: dict) -> str:
    """ "41 %" (the printed rounding), empty when the base is 0 or the count is hidden
    (``core.smallcounts``: a share of a known base would give the count away)."""
    if figure["pct"] is None or smallcounts.hidden(figure["count"]):
        return ""
    return f"{figure['pct']} %"


def count_row(label: str, figure: dict, state: str = smallcounts.SHOWN) -> list[str]:
    """A table row: label, count ("moins de 5" under the minimum, "non publié" when
    ``state`` is ``smallcounts.SECONDARY``), % (empty when the count is not published),
    base."""
    if state == smallcounts.SECONDARY:
        return [label, smallcounts.withheld(), "", str(figure["base"])]
    return [label, smallcounts.figure(figure["count"]), pct_cell(figure), str(figure["base"])]


def unanswered_row(result: dict, answered: int) -> list[str] | None:
    """ "Sans réponse": the people of the question's base who left it blank, with the base;
    None when everyone answered."""
    blank = result["base"] - answered
    if blank <= 0:
        return None
    return count_row(_("Sans réponse"), {"count": blank, "base": result["base"],
                                         "pct": round_pct(blank, result["base"])})


def choice_sentence(result: dict) -> str | None:
    """ "57 % des 112 personnes interrogées ont répondu « Oui » à « … »": the base is the
    question's (``results.base_ids``), a sub-population when the question was conditional."""
    top = result["options"][0] if result.get("options") else None
    if top is None or top["pct"] is None or _figures(result)[1][0] != smallcounts.SHOWN \
            or not top["count"]:
        return None
    if result["conditional"]:
        return ngettext("%(pct)s %% de la seule personne concernée a répondu « %(option)s » "
                        "à « %(question)s ».",
                        "%(pct)s %% des %(num)s personnes concernées ont répondu "
                        "« %(option)s » à « %(question)s ».", result["base"], pct=top["pct"],
                        option=top["label"], question=result["label"])
    return ngettext("%(pct)s %% de la seule personne interrogée a répondu « %(option)s » "
                    "à « %(question)s ».",
                    "%(pct)s %% des %(num)s personnes interrogées ont répondu « %(option)s » "
                    "à « %(question)s ».", result["base"], pct=top["pct"],
                    option=top["label"], question=result["label"])


def numeric_sentence(result: dict) -> str | None:
    """Mean, n, median, minimum and maximum of a number or scale question; none of them when
    ``n`` may not be published (``core.smallcounts``: 1 to 4 answers — the statistics of so
    few people are their answers, and n itself a small count; docs/surveys.md); "médiane
    non publiée" when ``result["median"]`` is None (``section.question_parts``: it would
    narrow a small note). None when nobody answered."""
    if not result.get("n"):
        return None
    if smallcounts.hidden(result["n"]):  # a mean or median of 1 to 4 answers is theirs
        return _("« %(question)s » : moins de %(n)s réponses, ni moyenne ni médiane "
                 "publiées.", question=result["label"], n=smallcounts.min_count())
    if result["median"] is None:
        return _("« %(question)s » : moyenne %(mean)s (n = %(n)s), médiane non publiée, "
                 "minimum %(min)s, maximum %(max)s.", question=result["label"],
                 mean=frnum(result["mean"]), n=result["n"], min=frnum(result["min"]),
                 max=frnum(result["max"]))
    return _("« %(question)s » : moyenne %(mean)s (n = %(n)s), médiane %(median)s, minimum "
             "%(min)s, maximum %(max)s.", question=result["label"], mean=frnum(result["mean"]),
             n=result["n"], median=frnum(result["median"]), min=frnum(result["min"]),
             max=frnum(result["max"]))


def base_caption(result: dict) -> str:
    """ "base : 112 personnes interrogées", or "personnes concernées" when the question was
    conditional (its base, ``results.base_ids``, is then a sub-population)."""
    if result["conditional"]:
        return ngettext("base : %(num)s personne concernée", "base : %(num)s personnes concernées",
                        result["base"])
    return ngettext("base : %(num)s personne interrogée", "base : %(num)s personnes interrogées",
                    result["base"])


def answered_sentence(result: dict) -> str:
    """ "« Date de l'atelier » : 45 réponses (base : 62 personnes interrogées)." for a question
    that has no other figure to print (nobody answered it, or a date): the count is
    "moins de 5" under the minimum (``core.smallcounts``), "aucune" when it is 0."""
    answered = int(result.get("answered", result.get("n") or 0))
    if not answered:
        return _("« %(question)s » : aucune réponse (%(base)s).", question=result["label"],
                 base=base_caption(result))
    return _("« %(question)s » : %(num)s réponses (%(base)s).", question=result["label"],
             num=smallcounts.figure(answered), base=base_caption(result))


def choice_table(result: dict) -> dict:
    """Réponse | Nombre | % | Base: every percentage next to its base, then "Sans réponse"
    (the base's people who left the question blank). For a multiple choice the options add
    up to more than the base (one person, several options); "Sans réponse" counts people."""
    figures, states = _figures(result)
    rows = [count_row(label, f, state) for (label, f), state in zip(figures, states,
                                                                     strict=True)]
    return {"caption": f"{result['label']} ({base_caption(result)})",
            "header": [_("Réponse"), _("Nombre"), "%", _("Base")], "rows": rows}


ONE_ANSWER = ("single", "yes_no")  # one option a person: the rows add up to the base


def _figures(result: dict) -> tuple[list[tuple[str, dict]], list[str]]:
    """A choice question's rows ([(label, {count, base, pct})]: the options, "Autre",
    "Sans réponse") and their states (``smallcounts.protect_line``): with one option a
    person they add up to the printed base, so a small count is hidden with a second one —
    not one whose count a conditional question's base prints (``result["linked"]``,
    ``linked_bases``); a multiple choice's options overlap (no such sum: each small count
    alone is hidden)."""
    figures = [(o["label"], o) for o in result["options"]]
    if result.get("other"):
        figures.append((_("Autre"), result["other"]))
    blank = result["base"] - result.get("answered", result["base"])
    if blank > 0:
        figures.append((_("Sans réponse"), {"count": blank, "base": result["base"],
                                            "pct": round_pct(blank, result["base"])}))
    counts = [f["count"] for _label, f in figures]
    if result["type"] not in ONE_ANSWER:
        return figures, [smallcounts.SMALL if smallcounts.hidden(c) else smallcounts.SHOWN
                         for c in counts]
    # with the rows another question's printed base adds up (``linked_bases``)
    return figures, linked_bases.protect_rows(counts, result["base"], result.get("linked", []))


def codes_table(result: dict) -> dict:
    """The coded free answers' table: categories most answered first (ties in the codebook's
    order: the categories are unordered; a tester found "29" printed after "27" and "25"),
    then "Non classées" and "Sans réponse". ``results`` keeps the codebook's order."""
    codes = sorted(result["codes"], key=lambda code: -code["count"])
    rows = [count_row(c["label"], c) for c in codes]
    rows.append([_("Non classées"), smallcounts.figure(result["uncoded"]), "", ""])
    blank = unanswered_row(result, result.get("answered", result["base"]))
    rows += [blank] if blank else []
    return {"caption": _("%(question)s (réponses libres regroupées, %(base)s)",
                         question=result["label"], base=base_caption(result)),
            "header": [_("Catégorie"), _("Réponses"), "%", _("Base")], "rows": rows}


def scale_parts(result: dict) -> tuple[dict, dict]:
    """A scale's distribution as a data table (then "Sans réponse", with the base) and a bar
    chart in the scale's order, coloured on one ordered colour scale (``charts.ordered``:
    light for the lowest note, dark for the highest); the chart shows the notes given by at
    least the minimum count (``core.smallcounts``), its alt text says every figure shown."""
    # the notes add up to n (printed in the title) and their mean is printed: a small one
    # is hidden with others, so that neither gives it away (``linked_bases.protect_scale``)
    states = linked_bases.protect_scale(result)
    shown = [d for d, state in zip(result["distribution"], states, strict=True)
             if state == smallcounts.SHOWN]
    values = [_("note %(value)s", value=frnum(d["value"])) for d in shown]
    counts = [d["count"] for d in shown]
    title = _("« %(question)s » : nombre de personnes par note (n = %(n)s)",
              question=result["label"], n=result["n"])
    rows = [[frnum(d["value"]), smallcounts.cell(d["count"], state)]
            for d, state in zip(result["distribution"], states, strict=True)]
    blank = unanswered_row(result, result["n"])
    rows += [blank[:2]] if blank else []
    table = {"caption": title, "header": [_("Note"), _("Nombre")], "rows": rows}
    one_line = " ".join(title.split())  # a label's line breaks have no glyph in a chart
    notes = [d["value"] for d in result["distribution"]]  # the scale's ends as given
    colours = charts.ordered([d["value"] for d in shown], min(notes), max(notes))
    return table, charts.chart_image(values, counts, one_line,
                                     charts.alt_text(title, values, counts), colours=colours)


def counts_image(table: dict) -> dict | None:
    """The bar chart of a choice or coded-answers table (label and count of each row that
    has people and a published count; "Non classées", "Sans réponse" and the answers that
    express nothing left out, with the rows ``table["apart"]`` names), titled with its
    caption, which gives the base."""
    apart = {_("Sans réponse"), _("Sans besoin exprimé"), _("Sans réponse exploitable"),
             *table.get("apart", ())}  # merged rows that say no need (``section_needs``)
    rows = [row for row in table["rows"]
            if row[2] and row[1].isdigit() and row[1] != "0" and row[0] not in apart]
    if not rows:
        return None
    labels, counts = [row[0] for row in rows], [int(row[1]) for row in rows]
    title = " ".join(table["caption"].split())  # a label's line breaks have no glyph
    return charts.chart_image(labels, counts, title, charts.alt_text(title, labels, counts))
