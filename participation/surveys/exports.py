"""Results exports, never personal data, built from the frames and results (pure functions):

- ``responses_table``: one row per response, one column per question (Excel-friendly CSV);
- ``figures_table``: one row per figure (option, "Autre", code of a free-text grid, value of
  a scale) with its count, its base (``results.base_ids``), the printed percentage and the
  exact one, and for scale and number questions the rows moyenne, médiane, minimum, maximum
  (``nombre``: the n who answered, ``valeur``: the statistic) as the results page shows them;
  registered as the territory-wide export ``survey_figures`` (every survey) for
  CSV/XLSX/ODS/JSON.

Numbers in the CSV "pour Excel" have the decimal comma (``exports.writers.excel_number``).
"""
from __future__ import annotations

import pandas as pd
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from participation.core import clock
from participation.exports.registry import register_export
from participation.exports.writers import excel_number, to_csv
from participation.privacy.masking import mask_frame
from participation.surveys.collection_tools import channel_label
from participation.surveys.models import CHANNELS
from participation.surveys.results import counted_answers, share

FIGURE_COLUMNS = ["question", "réponse", "nombre", "base", "pourcentage", "pourcentage exact",
                  "valeur"]
# the statistics of a scale or number question, as on the results page (column "réponse")
STATISTICS = (("moyenne", "mean"), ("médiane", "median"), ("minimum", "min"),
              ("maximum", "max"))
META_COLUMNS = {"response_id": "réponse", "submitted_at": "date de réponse (heure de Paris)",
                "language": "langue", "channel": "canal", "quartier_id": "quartier",
                "place": "lieu de recueil"}


def responses_table(frames: dict, quartier_names: dict[int, str] | None = None,
                    decimal: str = ",") -> pd.DataFrame:
    """Wide table; choices are their labels joined with " | " (ranking in rank order), an
    "Autre" precision marked « Autre : … » (``_other_marked``), numbers
    with ``decimal`` ("," for the CSV pour Excel). Before the answers: the response number,
    its date (Paris wall-clock time, "2026-11-24 10:05"), the language the questionnaire was
    answered in (its tag, "" when not recorded), the channel as the section and the survey's
    page name it (``collection_tools.channel_label``: "Micro-trottoir", an import by its
    tool, "Tablettes ODK Collect")
    and the quartier as its name from ``quartier_names`` ({id: name}; "" when unknown or not
    given): no code or id but the row's response number (issue #11, item 6), then the place
    of collection as the facilitator typed it ("" for an answer online). Answers to a
    question that did not apply are not written (``results.counted_answers``)."""
    answers, options = counted_answers(frames), frames["options"]
    questions = frames["questions"].sort_values("position")
    labels = options.set_index("option_id")["label"]
    cells = answers.assign(
        value=answers["option_id"].map(labels).astype(object)  # float NaN when no option
        .fillna(_other_marked(answers))
        .fillna(answers["number"].map(lambda n: excel_number(float(n), decimal),
                                      na_action="ignore")))
    cells = cells.dropna(subset=["value"])
    joined = cells.groupby(["response_id", "question_id"], sort=False)["value"].agg(" | ".join)
    wide = joined.unstack("question_id") if len(joined) else pd.DataFrame()
    wide = wide.reindex(index=frames["responses"]["response_id"],
                        columns=questions["question_id"])
    wide.columns = questions["label"].tolist()
    return _meta(frames["responses"], quartier_names or {}).join(wide).reset_index().rename(
        columns=META_COLUMNS)


def _other_marked(answers: pd.DataFrame) -> pd.Series:
    """The answers' free texts, an "Autre" precision written « Autre : Trottinette
    électrique » so that it cannot be taken for a listed choice of the same words (the
    results page lists them under « Réponses « Autre » »)."""
    other = answers["is_other"].fillna(False).astype(bool) & answers["text"].notna()
    prefix = _("Autre : %(text)s", text="")
    return answers["text"].where(~other, prefix + answers["text"].astype(str))


def _paris_minute(instant) -> str:
    """A naive UTC instant as Paris wall-clock time to the minute ("" when missing)."""
    if instant is None or pd.isna(instant):
        return ""
    return clock.to_local(pd.Timestamp(instant).to_pydatetime()).strftime("%Y-%m-%d %H:%M")


def _when(instant, channel) -> str:
    """A response's date in Paris: to the minute, or the day alone for a paper sheet (it has
    a day, the batch's, no hour: ``paper.add_sheet_response``)."""
    text = _paris_minute(instant)
    return text[:10] if channel == "papier" else text


def _meta(responses: pd.DataFrame, names: dict[int, str]) -> pd.DataFrame:
    """The columns before the answers, indexed by response id (``META_COLUMNS``); frames
    built without a date or a language get empty cells."""
    meta = responses.set_index("response_id").reindex(
        columns=["submitted_at", "language", "channel", "quartier_id", "place",
                 "collected_with"])
    tools = meta.pop("collected_with")
    return meta.assign(
        submitted_at=[_when(i, c) for i, c in zip(meta["submitted_at"], meta["channel"],
                                                  strict=True)],
        language=meta["language"].map(lambda t: t if isinstance(t, str) else ""),
        channel=[channel_label(c, t if isinstance(t, str) else None, CHANNELS)
                 if isinstance(c, str) and c else "" for c, t in zip(meta["channel"], tools,
                                                                    strict=True)],
        quartier_id=meta["quartier_id"].map(lambda i: names.get(i, "") if pd.notna(i) else ""),
        place=meta["place"].map(lambda p: p if isinstance(p, str) else ""))


def responses_csv(frames: dict, quartier_names: dict[int, str] | None = None) -> bytes:
    """The table as the exports' CSV (cells and header made inert by ``exports.writers``),
    the phones and e-mails residents wrote in free texts masked (``privacy.masking``)."""
    return to_csv(mask_frame(responses_table(frames, quartier_names)))


def _figure_rows(result: dict) -> list[list]:
    """One question's rows (``FIGURE_COLUMNS``): its choices, "Autre" and codes; a scale's
    values, each a share of the base; a scale's or number's statistics (``STATISTICS``) with
    ``nombre`` = n who answered, when someone did."""
    figures = [(o["label"], o) for o in result.get("options", [])]
    if result.get("other"):
        figures.append(("Autre", result["other"]))
    figures += [(c["label"], c) for c in result.get("codes", [])]
    if result["type"] == "scale":
        figures += [(excel_number(d["value"], "."), share(d["count"], result["base"]))
                    for d in result.get("distribution", [])]
    blank = _blank_figure(result)
    if blank is not None:
        figures.append((_("Sans réponse"), blank))
    rows = [[label, f["count"], f["base"], f["pct"], f["pct_exact"], None]
            for label, f in figures]
    if result.get("n"):
        rows += [[name, result["n"], result["base"], None, None, result[key]]
                 for name, key in STATISTICS]
    return [[result["label"], *row] for row in rows]


def _blank_figure(result: dict) -> dict | None:
    """ "Sans réponse" where the results page shows it (templates/surveys/results.html
    ``blank_row`` and the numbers' table): the people of the question's base who left it
    blank (base - answered), a share of that same base; for a choice question or a coded
    free text, and for a scale or number once someone answered; None when nobody left it
    blank."""
    answered = result.get("answered", 0)
    shown = "options" in result or result.get("codes") or ("mean" in result and result["n"])
    if not shown or result["base"] <= answered:
        return None
    return share(result["base"] - answered, result["base"])


def figures_table(data: dict) -> pd.DataFrame:
    """``results.survey_results`` as rows: question, réponse, nombre, base, pourcentage
    (printed, integer half up), pourcentage exact (two decimals), valeur (a statistic of a
    scale or number question, else empty); empty percentages when the base is 0 and on the
    statistics' rows."""
    rows = [row for result in data["questions"] for row in _figure_rows(result)]
    return pd.DataFrame(rows, columns=FIGURE_COLUMNS).astype(
        {"nombre": "int64", "base": "int64", "pourcentage": "Int64", "pourcentage exact":
         "float64", "valeur": "float64"})


def figures_export(territory_id: int) -> pd.DataFrame:
    """Every survey of the territory with responses: its figures, each with its base."""
    from sqlalchemy import select

    from participation.extensions import db
    from participation.surveys.frames import read_frames
    from participation.surveys.models import Survey
    from participation.surveys.results import survey_results

    tables = []
    for survey in db.session.scalars(select(Survey).where(Survey.territory_id == territory_id)
                                     .order_by(Survey.id)):
        table = figures_table(survey_results(read_frames(survey)))
        tables.append(table.assign(questionnaire=survey.title))
    if not tables:
        return pd.DataFrame(columns=["questionnaire", *FIGURE_COLUMNS])
    frame = pd.concat(tables, ignore_index=True)
    return frame[["questionnaire", *FIGURE_COLUMNS]]


register_export("survey_figures", _l("Résultats des questionnaires (chiffres et bases)"),
                figures_export)
