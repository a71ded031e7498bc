"""How a survey's responses were collected, as its block in the participation section says
it: the channels and places of collection ("Canaux de recueil : En ligne (80), Tablettes
KoboCollect (62). Lieux : Marché."; an import is named by its tool, ``collection_tools``)
and the languages the responses were given in ("Langues des réponses : Français (80), Arabe
(20), langue non notée (12)."; the results page lists the same ``language_rows``).

Each line splits the survey's responses, whose number the block prints ("112 avis
récoltés"), and the questions' tables print their bases, the responses each question applied
to (``results.base_ids``): a choice question is not asked in the street, so its base is the
other channels' responses together. Each line is protected with them (``linked_bases.
protect_rows``, ``core.linkedcounts``: the bases that are whole cells of the line are
printed sums of its cells): a small count is hidden with a second one that no base gives
back (a cell a base gives is known, another is hidden instead). A cell the bases give
exactly is printed as counted, even under the minimum (``linked_bases.given_rows``: 112
responses and a base of 108, every channel but the street, print the street's 4; "moins de
5" beside it would hide nothing, and hiding the paper's 28 with it nothing either). The block
counts every response of its frames (``frames.read_frames``), as the headline, the bases and
the results page do.
"""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select

from participation.core import smallcounts
from participation.extensions import db
from participation.surveys import linked_bases
from participation.surveys.collection_tools import channel_label
from participation.surveys.models import CHANNELS, Batch, Response, Survey
from participation.surveys.translations import default_language, language_name, survey_languages


def _cells(responses, column: str, order) -> list[tuple[object, frozenset]]:
    """(value of ``column``, its response ids) for each value present, in ``order``."""
    groups = responses.groupby(responses[column].fillna("~"), sort=False)["response_id"]
    found = {(None if key == "~" else key): frozenset(ids) for key, ids in groups}
    return [(key, found[key]) for key in order(found)]


def channel_rows(survey: Survey) -> list[tuple[str, int]]:
    """``[(channel as named, responses)]`` of every response of ``survey``, most first, for
    the staff's survey page: an import named by its tool ("Tablettes KoboCollect",
    ``collection_tools.channel_label``), "Import" for files imported before it was kept."""
    found = db.session.execute(
        select(Response.channel, Response.collected_with, func.count(Response.id))
        .where(Response.survey_id == survey.id)
        .group_by(Response.channel, Response.collected_with)).all()
    counts: dict[str, int] = {}
    for channel, tool, n in found:
        name = channel_label(channel, tool, CHANNELS)
        counts[name] = counts.get(name, 0) + n
    return sorted(counts.items(), key=lambda row: (-row[1], row[0]))


def _named(responses):
    """``responses`` (``read_frames``) with [named]: each one's channel as the section names
    it, an import by its tool (``collection_tools.channel_label``, as results.csv's
    « canal »)."""
    tools = responses.get("collected_with", [None] * len(responses))
    return responses.assign(named=[
        channel_label(channel, tool if isinstance(tool, str) else None, CHANNELS)
        for channel, tool in zip(responses["channel"], tools, strict=True)])


def collection_line(survey: Survey, frames: dict, bases=()) -> str | None:
    """ "Canaux de recueil : Tablettes KoboCollect (62), Questionnaire papier (32). Lieux :
    Marché, …"; ``frames`` the survey's (``read_frames``), ``bases`` the printed bases
    [(question id, response ids)] (``linked_bases.printed_bases``)."""
    channels = _cells(_named(frames["responses"]), "named",
                      lambda found: sorted(found, key=lambda c: (-len(found[c]), c or "")))
    places = set(db.session.scalars(select(Response.place).where(
        Response.survey_id == survey.id, Response.place.is_not(None), Response.place != "")))
    places |= set(db.session.scalars(select(Batch.place).where(
        Batch.survey_id == survey.id, Batch.place != "")))
    if not channels:
        return None
    parts = _parts(channels, bases)
    line = _("Canaux de recueil : %(parts)s.", parts=parts)
    if places:
        line += " " + _("Lieux : %(places)s.", places=", ".join(sorted(places)))
    return line


def _parts(rows: list[tuple[str, frozenset]], bases=()) -> str:
    """ "En ligne (80), Papier (moins de 5), Import (non publié)": ``rows`` (name, response
    ids) split the survey's responses, whose number the block prints, beside the printed
    ``bases`` (module docstring: ``linked_bases.protect_rows``). A row the bases give
    exactly (``linked_bases.given_rows``: the street's 4 = 112 - 108) is printed as counted,
    even under the minimum: "moins de 5" would hide nothing."""
    counts = [len(ids) for _name, ids in rows]
    sums = linked_bases.linked_sums([ids for _name, ids in rows], list(bases), own=-1)
    given = linked_bases.given_rows(counts, sum(counts), sums)
    states = linked_bases.protect_rows(counts, sum(counts), sums, given=given)
    cells = [str(n) if i in given else smallcounts.cell(n, state)
             for i, (n, state) in enumerate(zip(counts, states, strict=True))]
    return ", ".join(f"{name} ({cell})" for (name, _ids), cell in zip(rows, cells, strict=True))


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


def language_line(survey: Survey, frames: dict, bases=()) -> str | None:
    """ "Langues des réponses : Français (80), Arabe (20), langue non notée (12)." or None
    (``language_rows`` says when); ``frames`` and ``bases`` as ``collection_line``."""
    if not language_rows(survey):
        return None
    cells = _cells(frames["responses"], "language",
                   lambda found: sorted(found, key=lambda t: (-len(found[t]), t or "~")))
    rows = [(language_name(t) if t else _("langue non notée"), ids) for t, ids in cells]
    return _("Langues des réponses : %(parts)s.", parts=_parts(rows, bases))
