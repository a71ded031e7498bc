"""Results exports, never personal data, built from the frames and results (pure functions):

- ``responses_table``: one row per response, one column per question (Excel-friendly CSV);
- ``figures_table``: one row per figure (option, "Autre", code of a free-text grid) with its
  count, its base (``results.base_ids``), the printed percentage and the exact one; registered
  as the territory-wide export ``survey_figures`` (every survey) for CSV/XLSX/ODS/JSON.
"""
from __future__ import annotations

import pandas as pd
from flask_babel import lazy_gettext as _l

from participation.exports.registry import register_export
from participation.exports.writers import to_csv
from participation.surveys.models import CHANNELS
from participation.surveys.results import counted_answers

FIGURE_COLUMNS = ["question", "réponse", "nombre", "base", "pourcentage", "pourcentage exact"]


def responses_table(frames: dict, quartier_names: dict[int, str] | None = None) -> pd.DataFrame:
    """Wide table; choices are their labels joined with " | " (ranking in rank order). The
    channel is its label ("Micro-trottoir") and the quartier its name from ``quartier_names``
    ({id: name}; "" when unknown or not given): no code or id but the row's response number
    (issue #11, item 6). Answers to a question that did not apply are not written
    (``results.counted_answers``)."""
    answers, options = counted_answers(frames), frames["options"]
    questions = frames["questions"].sort_values("position")
    labels = options.set_index("option_id")["label"]
    cells = answers.assign(
        value=answers["option_id"].map(labels).astype(object)  # float NaN when no option
        .fillna(answers["text"])
        .fillna(answers["number"].map(lambda n: f"{n:g}", na_action="ignore")))
    cells = cells.dropna(subset=["value"])
    joined = cells.groupby(["response_id", "question_id"], sort=False)["value"].agg(" | ".join)
    wide = joined.unstack("question_id") if len(joined) else pd.DataFrame()
    wide = wide.reindex(index=frames["responses"]["response_id"],
                        columns=questions["question_id"])
    wide.columns = questions["label"].tolist()
    meta = frames["responses"].set_index("response_id")[["channel", "quartier_id"]]
    names = quartier_names or {}
    meta = meta.assign(
        channel=meta["channel"].map(lambda c: str(CHANNELS.get(c, c)) if c else ""),
        quartier_id=meta["quartier_id"].map(lambda i: names.get(i, "") if pd.notna(i) else ""))
    return meta.join(wide).reset_index().rename(columns={
        "response_id": "réponse", "channel": "canal", "quartier_id": "quartier"})


def responses_csv(frames: dict, quartier_names: dict[int, str] | None = None) -> bytes:
    """The table as the exports' CSV (cells and header made inert by ``exports.writers``)."""
    return to_csv(responses_table(frames, quartier_names))


def _figure_rows(result: dict) -> list[list]:
    figures = [(o["label"], o) for o in result.get("options", [])]
    if result.get("other"):
        figures.append(("Autre", result["other"]))
    figures += [(c["label"], c) for c in result.get("codes", [])]
    return [[result["label"], label, f["count"], f["base"], f["pct"], f["pct_exact"]]
            for label, f in figures]


def figures_table(data: dict) -> pd.DataFrame:
    """``results.survey_results`` as rows: question, réponse, nombre, base, pourcentage
    (printed, integer half up), pourcentage exact (two decimals); empty percentages when the
    base is 0. Means of scales are not percentages and stay on the results page."""
    rows = [row for result in data["questions"] for row in _figure_rows(result)]
    return pd.DataFrame(rows, columns=FIGURE_COLUMNS).astype(
        {"nombre": "int64", "base": "int64", "pourcentage": "Int64"})


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
