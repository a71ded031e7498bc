"""The surveys' block of the participation section: one block per survey with responses.

Headline in the contracts' phrasing ("112 avis récoltés"), how and where the responses were
collected and in which languages (``section_collection``, protected with the bases the
questions print), then one block per question: its
key sentence, its table and its chart (``section_figures``; a free-text question without a
codebook, the needs its answers express: ``section_needs``). Figures come from
``results.survey_results`` on the frames, which never hold personal questions or contacts.

Every response the survey holds is in the block's figures, as on the results page and in the
figures exports (one base per question, ``results.base_ids``: "3 sur 7" everywhere; field
test s27). A small count is protected by not printing a too-small breakdown cell
(``core.smallcounts``), never by leaving responses out of a base. A channel asked only some
questions (the micro-trottoir: ``results.CHANNEL_ASKS``) is out of the bases of the others,
so the bases print its number by difference (112 - 108 = 4): the channel line prints it
as counted (``section_collection``; docs/surveys.md "Bases").
"""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from participation.core import smallcounts
from participation.core.memo import content_memo, digest
from participation.exports.registry import section_block
from participation.extensions import db
from participation.surveys import linked_bases
from participation.surveys.frames import read_frames
from participation.surveys.models import Question, Survey
from participation.surveys.results import survey_results
from participation.surveys.section_collection import collection_line, language_line
from participation.surveys.section_figures import (
    answered_sentence,
    choice_sentence,
    choice_table,
    codes_table,
    counts_image,
    numeric_sentence,
    scale_parts,
)
from participation.surveys.section_needs import naming_terms, needs_parts
from participation.territory.models import Territory


def question_parts(result: dict, naming: tuple[frozenset, frozenset] = (
        frozenset(), frozenset())) -> tuple[str | None, list[dict], list[dict]]:
    """One question's sentence, tables and images (a chart next to each table of counts); a
    free-text question shows its codebook's categories (``codes_table``) or, without one,
    the needs its answers express (``needs_parts``, ``naming``: (place names, common
    terms) of the territory). A question with nothing else to print gets the number of its
    answers over its base (``answered_sentence``): a question asked is always reported."""
    sentence, tables, images = _parts(result, naming)
    if not (sentence or tables or images):
        return answered_sentence(result), [], []
    return sentence, tables, images


def _parts(result: dict, naming: tuple[frozenset, frozenset]
           ) -> tuple[str | None, list[dict], list[dict]]:
    """``question_parts`` by the question's type, empty when it has nothing to print."""
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
        sentence, table = needs_parts(result, naming) if "texts" in result else (None, None)
        image = counts_image(table) if table else None
        return sentence, [table] if table else [], [image] if image else []
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
    without a codebook shows the needs its answers express (``needs_parts``; ``naming``:
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
    bases = linked_bases.printed_bases(data, read, every=True)
    for line in (collection_line(survey, read, bases), language_line(survey, read, bases)):
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
