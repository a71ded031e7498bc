"""Results export: one row per response, one column per question, never personal data.

Excel-friendly CSV: UTF-8 with BOM, ";" separator. Built from the frames (pure function).
"""
from __future__ import annotations

import pandas as pd

from participation.exports.writers import to_csv


def responses_table(frames: dict) -> pd.DataFrame:
    """Wide table; choices are their labels joined with " | " (ranking in rank order)."""
    answers, options = frames["answers"], frames["options"]
    questions = frames["questions"].sort_values("position")
    labels = options.set_index("option_id")["label"]
    cells = answers.assign(
        value=answers["option_id"].map(labels)
        .fillna(answers["text"])
        .fillna(answers["number"].map(lambda n: f"{n:g}", na_action="ignore")))
    cells = cells.dropna(subset=["value"])
    joined = cells.groupby(["response_id", "question_id"], sort=False)["value"].agg(" | ".join)
    wide = joined.unstack("question_id") if len(joined) else pd.DataFrame()
    wide = wide.reindex(index=frames["responses"]["response_id"],
                        columns=questions["question_id"])
    wide.columns = questions["label"].tolist()
    meta = frames["responses"].set_index("response_id")[["channel", "quartier_id"]]
    return meta.join(wide).reset_index().rename(columns={
        "response_id": "réponse", "channel": "canal", "quartier_id": "quartier"})


def responses_csv(frames: dict) -> bytes:
    """The table as the exports' CSV (cells and header made inert by ``exports.writers``)."""
    return to_csv(responses_table(frames))
