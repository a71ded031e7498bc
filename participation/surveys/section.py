"""The surveys' block of the participation section: one block per survey with responses.

Headline in the contracts' phrasing ("112 avis récoltés"), channels and places of
collection, key results as sentences built from question and option labels, scale means
with n, coded free-text lists and a table per choice question. Figures come from
``results.survey_results`` on the frames, which never hold personal questions or contacts.
"""
from __future__ import annotations

import pandas as pd
from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _
from sqlalchemy import func, select

from participation.analysis import charts
from participation.core import smallcounts
from participation.core.memo import content_memo, digest
from participation.exports.registry import section_block
from participation.extensions import db
from participation.surveys import linked_bases
from participation.surveys.frames import read_frames
from participation.surveys.models import CHANNELS, Batch, Question, Response, Survey
from participation.surveys.results import round_pct, share, survey_results
from participation.surveys.translations import default_language, language_name, survey_languages
from participation.territory.models import Territory


def frnum(value: float) -> str:
    """A figure in the page's locale by Babel (CLDR), at most two decimals: in French 5.54 ->
    "5,54", 6.0 -> "6", 1234.5 -> "1\u202f234,5" (narrow no-break space between thousands)."""
    return format_decimal(value, format="#,##0.##")


def collection_line(survey: Survey) -> str | None:
    """ "Recueillis : En ligne (80), Questionnaire papier (32) ; lieux : Marché, …"."""
    channels = db.session.execute(
        select(Response.channel, func.count(Response.id)).where(Response.survey_id == survey.id)
        .group_by(Response.channel).order_by(func.count(Response.id).desc())).all()
    places = set(db.session.scalars(select(Response.place).where(
        Response.survey_id == survey.id, Response.place.is_not(None), Response.place != "")))
    places |= set(db.session.scalars(select(Batch.place).where(
        Batch.survey_id == survey.id, Batch.place != "")))
    if not channels:
        return None
    parts = _parts([(CHANNELS.get(c, c), n) for c, n in channels])
    line = _("Canaux de recueil : %(parts)s.", parts=parts)
    if places:
        line += " " + _("Lieux : %(places)s.", places=", ".join(sorted(places)))
    return line


def _parts(rows: list[tuple[str, int]]) -> str:
    """ "En ligne (80), Papier (moins de 5), Import (non publié)": the rows split the survey's
    responses, whose number the block prints ("112 avis récoltés"), so a small count is
    hidden with a second one (``smallcounts.published_line``)."""
    cells, _total = smallcounts.published_line([n for _name, n in rows])
    return ", ".join(f"{name} ({cell})" for (name, _n), cell in zip(rows, cells, strict=True))


def language_counts(survey: Survey) -> list[tuple[str | None, int]]:
    """``[(tag or None, responses)]``, most answered first (then by tag): the language each
    response was answered in; None for responses whose language was not recorded (paper,
    imports, answers collected before languages existed). The counts add up to the survey's
    responses."""
    rows = db.session.execute(
        select(Response.language, func.count(Response.id)).where(Response.survey_id == survey.id)
        .group_by(Response.language)).all()
    return sorted(rows, key=lambda row: (-row[1], row[0] or "~"))


def language_rows(survey: Survey) -> list[tuple[str, int]]:
    """``[(language name, responses)]`` in the active locale (the contract's when the section
    is built), "langue non notée" for None; ``[]`` when the survey has one language and no
    response was recorded in another (nothing to tell)."""
    counts = language_counts(survey)
    if len(survey_languages(survey)) < 2 and all(t in (None, default_language(survey))
                                                 for t, _n in counts):
        return []
    return [(language_name(t) if t else _("langue non notée"), n) for t, n in counts]


def language_line(survey: Survey) -> str | None:
    """ "Langues des réponses : Français (80), Arabe (20), langue non notée (12)." or None."""
    rows = language_rows(survey)
    parts = _parts(rows)
    return _("Langues des réponses : %(parts)s.", parts=parts) if rows else None


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
    few people are their answers, and n itself a small count; docs/surveys.md).
    None when nobody answered."""
    if not result.get("n"):
        return None
    if smallcounts.hidden(result["n"]):  # a mean or median of 1 to 4 answers is theirs
        return _("« %(question)s » : moins de %(n)s réponses, ni moyenne ni médiane "
                 "publiées.", question=result["label"], n=smallcounts.min_count())
    if result["median"] is None:  # it would narrow a small note (``question_parts``)
        return _("« %(question)s » : moyenne %(mean)s (n = %(n)s), médiane non publiée, "
                 "minimum %(min)s, maximum %(max)s.", question=result["label"],
                 mean=frnum(result["mean"]), n=result["n"], min=frnum(result["min"]),
                 max=frnum(result["max"]))
    return _("« %(question)s » : moyenne %(mean)s (n = %(n)s), médiane %(median)s, minimum "
             "%(min)s, maximum %(max)s.", question=result["label"], mean=frnum(result["mean"]),
             n=result["n"], median=frnum(result["median"]), min=frnum(result["min"]),
             max=frnum(result["max"]))


def base_caption(result: dict) -> str:
    if result["conditional"]:
        return ngettext("base : %(num)s personne concernée", "base : %(num)s personnes concernées",
                        result["base"])
    return ngettext("base : %(num)s personne interrogée", "base : %(num)s personnes interrogées",
                    result["base"])


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
    express nothing left out), titled with its caption, which gives the base."""
    apart = {_("Sans réponse"), _("Sans besoin exprimé"), _("Sans réponse exploitable")}
    rows = [row for row in table["rows"]
            if row[2] and row[1].isdigit() and row[1] != "0" and row[0] not in apart]
    if not rows:
        return None
    labels, counts = [row[0] for row in rows], [int(row[1]) for row in rows]
    title = " ".join(table["caption"].split())  # a label's line breaks have no glyph
    return charts.chart_image(labels, counts, title, charts.alt_text(title, labels, counts))


FREE_NEEDS_TOP = 10  # needs of one free-text question in the section, most said first
ATOUT_KINDS = ("atout",)  # a question of these kinds asks what residents like, not a need


def _free_wording(result: dict) -> tuple[str, str, str]:
    """(caption, first header, row of the answers set apart) of a free-text table, by the
    kind its answers become (``Question.contribution_kind``, ``result["kind"]``): an
    "atout" question says what residents like (never "besoin": tester t24coord read "Le
    calme 10" captioned as a need), any other the needs they express."""
    if result.get("kind") in ATOUT_KINDS:
        return (_("%(question)s (ce que les habitants apprécient, réponses libres : chaque "
                  "ligne compte les réponses qui en écrivent le mot, une réponse pouvant en "
                  "citer plusieurs ; %(base)s)", question=result["label"],
                  base=base_caption(result)),
                _("Ce que les habitants apprécient"), _("Sans réponse exploitable"))
    return (_("%(question)s (réponses libres regroupées par besoin : chaque ligne compte les "
              "réponses qui en écrivent le mot, une réponse pouvant en citer plusieurs ; "
              "%(base)s)",
              question=result["label"], base=base_caption(result)),
            _("Besoin"), _("Sans besoin exprimé"))


def _decided_none(result: dict, texts: pd.Series) -> list[int]:
    """Positions in ``texts`` of the answers a coordinator decided no challenge fits
    (``autotag.decided_none`` of the survey's territory, ``result["territory_id"]``; none
    without it)."""
    from participation.analysis import autotag

    if result.get("territory_id") is None:
        return []
    return autotag.decided_none(result["territory_id"], texts.tolist())


def needs_table(result: dict, naming: tuple[frozenset, frozenset]) -> dict | None:
    """A free-text question without a codebook (an imported questionnaire's) as a table:
    ``said_groups.question_table`` of its answers, the very call of the words page filtered
    on the question (same figures on both): each row counts the answers that write its
    label's word, in any spelling (``naming``: (place names, the territory's common terms),
    never naming a row); the ``FREE_NEEDS_TOP`` said by at least the minimum count of
    people (``core.smallcounts``), most said first, over the question's base; then the
    answers that express nothing ("RAS", "rien", "je sais pas", or decided "aucun enjeu")
    and "Sans réponse". One answer may say several words: the rows add up to more than the
    answers. None when fewer than the minimum answered or no row reaches it."""
    from participation.analysis import said_groups

    texts = pd.Series([str(t).strip() for t in result.get("texts") or ()], dtype=object)
    texts = texts[texts != ""].reset_index(drop=True)
    if result.get("codes") or smallcounts.hidden(len(texts)):
        return None
    found = said_groups.question_table(texts, *naming, _decided_none(result, texts))
    groups = found["groups"]
    shown = groups[groups["count"] >= smallcounts.min_count()].head(FREE_NEEDS_TOP)
    if shown.empty:
        return None
    caption, header, apart = _free_wording(result)
    rows = [count_row(label, share(int(count), result["base"]))
            for label, count in zip(shown["label"], shown["count"], strict=True)]
    if found["without_need"]:
        rows.append(count_row(apart, share(found["without_need"], result["base"])))
    blank = unanswered_row(result, result.get("answered", result["base"]))
    return {"caption": caption, "header": [header, _("Réponses"), "%", _("Base")],
            "rows": rows + ([blank] if blank else [])}


def naming_terms(territory) -> tuple[frozenset, frozenset]:
    """(place names, common terms) of a territory, as its analyses name groups: its quartiers'
    and communes' names (``grouping.place_terms``) and the terms said about three in four of
    its challenges (``analysis.kept.common_terms``)."""
    from participation.analysis import frames, grouping, kept

    places = grouping.place_terms(frames.quartiers_frame(territory.id))
    common = kept.common_terms(frames.contributions_frame(territory.id),
                               frames.validated_tags(territory.id),
                               frames.challenges_frame(territory.current_contract))
    return frozenset(places), frozenset(common)


def question_parts(result: dict, naming: tuple[frozenset, frozenset] = (
        frozenset(), frozenset())) -> tuple[str | None, list[dict], list[dict]]:
    """One question's sentence, tables and images (a chart next to each table of counts); a
    free-text question shows its codebook's categories (``codes_table``) or, without one,
    the needs its answers express (``needs_table``, ``naming``: (place names, common
    terms) of the territory)."""
    if result["type"] in ("single", "multiple", "yes_no", "ranking"):
        if not result.get("options"):
            return choice_sentence(result), [], []
        table = choice_table(result)
        image = counts_image(table)
        return choice_sentence(result), [table], [image] if image else []
    if result["type"] in ("scale", "number"):
        if result["type"] == "scale" and result.get("n") \
                and not smallcounts.hidden(result["n"]):
            table, image = scale_parts(result)
            # the median left out when it would narrow a small note the table hides
            told = {**result, "median": None} if linked_bases.median_gives_away(
                result, linked_bases.protect_scale(result)) else result
            return numeric_sentence(told), [table], [image]
        return numeric_sentence(result), [], []
    if not result.get("codes"):
        table = needs_table(result, naming) if "texts" in result else None
        image = counts_image(table) if table else None
        return None, [table] if table else [], [image] if image else []
    table = codes_table(result)
    image = counts_image(table)
    return None, [table], [image] if image else []


def survey_title(survey: Survey) -> str:
    """ "Enquête : Vivre à Foch", but "Enquête flash – Pasteur-Foch" as it is (never
    "Enquête : Enquête flash")."""
    first = survey.title.strip().split(" ", 1)[0].lower()
    if first in ("enquête", "enquete", "questionnaire", "sondage", "consultation"):
        return survey.title
    return _("Enquête : %(title)s", title=survey.title)


def survey_blocks(survey: Survey, position: int,
                  naming: tuple[frozenset, frozenset] | None = None) -> list[dict]:
    """The survey's block (how many answered, how and where) followed by one block per
    question: its key sentence, its table and its chart together; a free-text question
    without a codebook shows the needs its answers express (``needs_table``; ``naming``:
    ``naming_terms`` of the survey's territory, computed when not given)."""
    read = read_frames(survey)
    # kept by the survey's rows: a new answer to another survey leaves these as they were
    data = content_memo("surveys.results", lambda: survey_results(read),
                        digest(*read.values()))
    if not data["responses"]:
        return []
    order = 30 + position / 1000
    if smallcounts.hidden(data["responses"]):
        return [_few_responses_block(survey, order)]
    paragraphs = [ngettext("%(num)s avis récolté", "%(num)s avis récoltés", data["responses"])
                  + "."]
    for line in (collection_line(survey), language_line(survey)):
        if line:
            paragraphs.append(line)
    blocks = [{"key": f"enquete-{survey.id}", "level": 2, "order": order,
               "title": survey_title(survey), "paragraphs": paragraphs, "tables": [],
               "images": []}]
    kinds = dict(db.session.execute(select(Question.id, Question.contribution_kind).where(
        Question.survey_id == survey.id)).all())
    for number, result in enumerate(linked_bases.with_links(data, read), start=1):
        naming = naming or naming_terms(db.session.get(Territory, survey.territory_id))
        result = {**result, "kind": kinds.get(result["question_id"]),
                  "territory_id": survey.territory_id}
        sentence, tables, images = question_parts(result, naming)
        if sentence or tables or images:
            blocks.append({"key": f"enquete-{survey.id}-{number}", "level": 3,
                           "order": order + number / 1e6, "title": result["label"],
                           "paragraphs": [sentence] if sentence else [], "tables": tables,
                           "images": images})
    return blocks


def _few_responses_block(survey: Survey, order: float) -> dict:
    """The block of a survey answered by fewer people than the small-count threshold
    (``smallcounts.min_count``, 5): its title and "Moins de 5 avis récoltés", no channel,
    language nor question (every count and base would be that small number)."""
    line = _("Moins de %(num)s avis récoltés : trop peu pour en publier les résultats.",
             num=smallcounts.min_count())
    return {"key": f"enquete-{survey.id}", "level": 2, "order": order,
            "title": survey_title(survey), "paragraphs": [line], "tables": [], "images": []}


@section_block
def surveys_section(territory) -> list[dict]:
    """The blocks of every survey of the territory that has responses."""
    surveys = db.session.scalars(select(Survey).where(Survey.territory_id == territory.id)
                                 .order_by(Survey.id)).all()
    naming = naming_terms(territory) if surveys else None
    return [b for i, s in enumerate(surveys, start=1) for b in survey_blocks(s, i, naming)]
