"""A free-text question without a codebook in the participation section: the needs (or, for
an "atout" question, what residents like) its answers express, each row counting the answers
that name it first (``said_groups.question_table``, the very call of the words page filtered
on the question: same figures on both), each answer in one row.

The territory names the rows as its analyses name groups (``naming_terms``: its places'
names and its common terms never name a row); the answers that express nothing are counted
apart, then "Sans réponse".
"""
from __future__ import annotations

import pandas as pd
from flask_babel import gettext as _

from participation.core import smallcounts
from participation.surveys.results import share
from participation.surveys.section_figures import base_caption, count_row

ATOUT_KINDS = ("atout",)  # a question of these kinds asks what residents like, not a need


def _free_wording(result: dict) -> tuple[str, str, str]:
    """(caption, first header, row of the answers set apart) of a free-text table, by the
    kind its answers become (``Question.contribution_kind``, ``result["kind"]``): an
    "atout" question says what residents like (never "besoin": tester t24coord read "Le
    calme 10" captioned as a need), any other the needs they express."""
    if result.get("kind") in ATOUT_KINDS:
        return (_("%(question)s (ce que les habitants apprécient, réponses libres : chaque "
                  "réponse est comptée une fois, sous la première chose qu'elle nomme ; "
                  "%(base)s)", question=result["label"],
                  base=base_caption(result)),
                _("Ce que les habitants apprécient"), _("Sans réponse exploitable"))
    return (_("%(question)s (réponses libres regroupées par besoin : chaque réponse est "
              "comptée une fois, sous le premier besoin qu'elle nomme ; %(base)s)",
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


def needs_parts(result: dict, naming: tuple[frozenset, frozenset]
                ) -> tuple[str | None, dict | None]:
    """A free-text question without a codebook (an imported questionnaire's) as (sentence,
    table): ``said_groups.question_table`` of its answers, the very call of the words page
    filtered on the question (same figures on both): each answer counted once, in the row of
    the need it names first (``need_rows``; ``naming``: (place names, the territory's common
    terms), never a need); every row said by at least the minimum count of people
    (``core.smallcounts``), most said first, then "Autres réponses" (the rows under it), the
    answers that express nothing ("RAS", "rien", "je sais pas", or decided "aucun enjeu")
    and "Sans réponse": the rows add up to the question's base (tester t26coord: the table
    stopped at 10 rows and left out the answers of groups it could not name), protected as a
    line whose total is published (``_protected_rows``: a small catch-all row merged with
    another, else a cell under the minimum that the others would give away by subtraction
    takes the smallest other one with it). ``table["apart"]``: the rows saying no need. A
    question asked is always reported (tester t25coord: 60 answers, no word said by 5, and
    the question had no block at all): when no row reaches the minimum, a sentence gives the
    number of answers and its base and says why no row is printed."""
    from participation.analysis import said_groups

    texts = pd.Series([str(t).strip() for t in result.get("texts") or ()], dtype=object)
    texts = texts[texts != ""].reset_index(drop=True)
    if result.get("codes"):
        return None, None
    if not len(texts) or smallcounts.hidden(len(texts)):
        return _few_answers(result, len(texts)), None
    found = said_groups.question_table(texts, *naming, _decided_none(result, texts))
    groups = found["groups"]
    shown = groups[groups["count"] >= smallcounts.min_count()]
    caption, header, apart = _free_wording(result)
    cells = [(label, int(count)) for label, count in zip(shown["label"], shown["count"],
                                                          strict=True)]
    sentence = None if cells else _too_diverse(result, len(texts))
    if not cells and smallcounts.hidden(found["without_need"]):
        return sentence, None
    cells.append((_("Autres réponses"), int(groups["count"].sum()) - sum(c for _l, c in cells)))
    cells.append((apart, found["without_need"]))
    cells.append((_("Sans réponse"), result["base"] - len(texts)))
    rows, apart_rows = _protected_rows(cells, len(shown), result["base"])
    return sentence, {"caption": caption, "header": [header, _("Réponses"), "%", _("Base")],
                      "rows": rows, "apart": apart_rows}


def _protected_rows(cells: list[tuple[str, int]], needs: int, base: int
                    ) -> tuple[list[list[str]], list[str]]:
    """The table's rows from ``cells`` ([(label, count)]: the ``needs`` need rows, then
    "Autres réponses", the answers set apart and "Sans réponse"), and the labels of the rows
    a chart leaves out (those that say no need). A small catch-all cell is first merged with
    another (``smallcounts.merge_small``: "Autres réponses ou sans besoin exprimé 50" rather
    than 46 answers "non publié" to protect 4); a small cell still left takes the smallest
    other one with it (``smallcounts.protect_line``: the fewest answers hidden, a need's row
    included: tester t27coord)."""
    lines = smallcounts.merge_small(cells, frozenset(range(needs, len(cells))))
    states, _total = smallcounts.protect_line([c for _l, c in lines], base)
    rows = [count_row(smallcounts.merged_label(labels), share(count, base), state)
            for (labels, count), state in zip(lines, states, strict=True)]
    said_nothing = {label for label, _c in cells[needs + 1:]}
    apart = [smallcounts.merged_label(labels) for labels, _c in lines
             if set(labels) <= said_nothing]
    return rows, apart


def _few_answers(result: dict, answered: int) -> str:
    """ "Aucune réponse (base : 62 personnes interrogées)." or "Moins de 5 réponses (base :
    …) : trop peu pour en publier le contenu." (``core.smallcounts``: fewer answers than the
    minimum count are not described)."""
    if not answered:
        return _("Aucune réponse écrite (%(base)s).", base=base_caption(result))
    return _("Moins de %(num)s réponses écrites (%(base)s) : trop peu pour en publier le "
             "contenu.", num=smallcounts.min_count(), base=base_caption(result))


def _too_diverse(result: dict, answered: int) -> str:
    """ "60 réponses écrites (base : 62 personnes interrogées) ; aucun besoin n'est formulé
    par 5 habitants ou plus : les réponses sont trop diverses pour être publiées en
    chiffres." (an "atout" question: "rien de ce qu'apprécient les habitants n'est cité
    par 5 habitants ou plus"); ``answered`` >= the minimum count."""
    if result.get("kind") in ATOUT_KINDS:
        return _("%(num)s réponses écrites (%(base)s) ; rien de ce que les habitants "
                 "apprécient n'est cité par %(min)s habitants ou plus : les réponses sont "
                 "trop diverses pour être publiées en chiffres.", num=answered,
                 base=base_caption(result), min=smallcounts.min_count())
    return _("%(num)s réponses écrites (%(base)s) ; aucun besoin n'est formulé par "
             "%(min)s habitants ou plus : les réponses sont trop diverses pour être publiées "
             "en chiffres.", num=answered, base=base_caption(result),
             min=smallcounts.min_count())


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
