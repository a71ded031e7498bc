"""Survey results as the contracts print them: pure functions, DataFrames in, dicts out.

``frames.read_frames`` is the only place that reads the database. Frames:
- ``responses``: response_id, quartier_id, channel
- ``answers``: response_id, question_id, option_id, rank, is_other, text, number, date_value
- ``questions``: question_id, name, type, label, position, relevant_ast (the display
  condition's JSON AST, "" when none), codebook (personal questions are never in the frames)
- ``options``: option_id, question_id, name, label, position
Every percentage is of the question's base (``base_ids``: the one rule, documented there and
in docs/surveys.md "Bases"), and every figure carries it: ``share(count, base)`` gives the
count, the base, the printed percentage (rounded half up as the contracts print it) and the
exact share.
"""
from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

from participation.core.percent import whole_percent
from participation.core.textsearch import fold
from participation.surveys.conditions import evaluate, loads, number_text, references
from participation.surveys.models import TEXT_TYPES

CHOICE = ("single", "multiple", "yes_no", "ranking")
NUMERIC = ("scale", "number")
TEXT = TEXT_TYPES
MIN_GROUP = 5  # core.smallcounts.DEFAULT; the pages pass smallcounts.min_count()
# The question types each collection channel asks; a channel not listed asks every question.
# Micro-trottoir (surveys/street.py) asks only the open questions.
CHANNEL_ASKS = {"micro_trottoir": TEXT}


def round_pct(part: float, whole: float) -> int | None:
    """57.14 -> 57, 70.5 -> 71, 62.5 -> 63 (half up, as printed: ``core.percent``); None
    when nobody was asked."""
    return whole_percent(part, whole)


def exact_pct(part: float, whole: float) -> float | None:
    """159 of 217 -> 73.27: the percentage with two decimals (half up); None without a base."""
    if not whole:
        return None
    value = Decimal(int(part) * 100) / Decimal(int(whole))
    return float(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def share(part: int, whole: int) -> dict:
    """A figure with its base: ``{"count", "base", "pct"`` (printed, integer half up),
    ``"pct_exact"`` (two decimals), ``"share"`` (the exact ratio 0..1)``}``; the percentages
    and the ratio are None when the base is 0."""
    return {"count": int(part), "base": int(whole), "pct": round_pct(part, whole),
            "pct_exact": exact_pct(part, whole),
            "share": (int(part) / int(whole)) if whole else None}


def _fold(series: pd.Series) -> pd.Series:
    """Each text folded as the search boxes fold (``core.textsearch.fold``: case and accents
    ignored, "ı" as "i"), other scripts kept: "طبيب" stays "طبيب" (an ASCII-only fold made it
    "", and an empty keyword then matched every answer)."""
    return series.fillna("").map(fold)


def parse_codebook(text: str) -> list[tuple[str, list[str]]]:
    """``"Libellé : mot, mot"`` per line -> [(label, [folded keywords])]."""
    codes = []
    for line in (text or "").splitlines():
        label, sep, words = line.rpartition(":")
        if not sep or not label.strip():
            continue
        keywords = _fold(pd.Series([w.strip() for w in words.split(",") if w.strip()], dtype=str))
        codes.append((label.strip(), [w for w in keywords if w]))
    return codes


def _answer_texts(frames: dict, wanted: set[str]) -> dict[int, dict[str, str]]:
    """response_id -> {question name: answer text} as conditions read them
    (``conditions.answer_text``: option names joined by spaces, ``other``, ``3``, dates),
    for the questions named in ``wanted``."""
    questions = frames["questions"]
    names = questions[questions["name"].isin(wanted)].set_index("question_id")["name"]
    answers = frames["answers"]
    answers = answers[answers["question_id"].isin(names.index)]
    option_names = frames["options"].set_index("option_id")["name"]
    parts: dict[int, dict[str, list[str]]] = {}
    for row in answers.itertuples(index=False):
        name = names.get(row.question_id)
        if name is None:
            continue
        if not pd.isna(row.option_id):
            word = option_names.get(row.option_id)
        elif getattr(row, "is_other", False) and isinstance(row.text, str):
            word = "other"
        elif not pd.isna(row.number):
            word = number_text(row.number)
        elif not pd.isna(getattr(row, "date_value", None)):
            word = row.date_value.isoformat()
        else:
            word = row.text if isinstance(row.text, str) else None
        if word:
            parts.setdefault(row.response_id, {}).setdefault(name, []).append(word)
    return {rid: {name: " ".join(words) for name, words in found.items()}
            for rid, found in parts.items()}


def relevant_ids(frames: dict) -> dict[int, set]:
    """question_id -> the responses for which its display condition holds, evaluated in the
    order of the questions with ``conditions.evaluate`` (the phone form's rule: an answer to
    a question that did not apply reads as unanswered). Conditional questions only; cached
    in ``frames["relevant"]``."""
    if "relevant" in frames:
        return frames["relevant"]
    questions = frames["questions"].sort_values("position")
    asts = [(int(q.question_id), q.name, loads(q.relevant_ast))
            for q in questions.itertuples() if getattr(q, "relevant_ast", "")]
    found: dict[int, set] = {qid: set() for qid, _name, _ast in asts}
    if asts:
        texts = _answer_texts(frames, {n for _q, _n, ast in asts for n in references(ast)})
        for rid in frames["responses"]["response_id"]:
            values = dict(texts.get(rid, {}))
            for qid, name, ast in asts:
                if evaluate(ast, values):
                    found[qid].add(rid)
                else:
                    values.pop(name, None)
    frames["relevant"] = found
    return found


def base_ids(qid: int, frames: dict) -> pd.Index:
    """THE base of every percentage about a question (docs/surveys.md, "Bases").

    The responses the question applied to: asked on their channel (``CHANNEL_ASKS``:
    micro-trottoir respondents are asked only the open questions) and its display condition
    holding for their answers (``relevant_ids``; those for whom it did not hold are out, and
    so are any answers they have to it) — plus, on a channel that does not ask every question
    (micro-trottoir, where the condition's questions are never asked), every response that
    answered it (no collected street answer is dropped).
    Returns the sorted response ids; its length is the base printed next to the percentage.
    Computed once per question and frames (kept in ``frames["bases"]`` with the very frames
    it was computed from: a copy of ``frames`` with other rows computes its own).
    """
    kept = frames.setdefault("bases", {}).get(qid)
    parts = (frames["questions"], frames["responses"], frames["answers"])
    if kept is not None and all(a is b for a, b in zip(kept[0], parts, strict=True)):
        return kept[1]
    found = _base_ids(qid, frames)
    frames["bases"] = {**frames["bases"], qid: (parts, found)}
    return found


def _base_ids(qid: int, frames: dict) -> pd.Index:
    """``base_ids`` computed."""
    question = frames["questions"].set_index("question_id").loc[qid]
    responses = frames["responses"]
    asked = responses["channel"].map(
        lambda channel: question["type"] in CHANNEL_ASKS.get(channel, (question["type"],)))
    applied = pd.Index(responses.loc[asked.astype(bool), "response_id"])
    if question.get("relevant_ast"):
        applied = applied.intersection(pd.Index(sorted(relevant_ids(frames)[qid])))
    partial = responses.loc[responses["channel"].isin(list(CHANNEL_ASKS)), "response_id"]
    answers = frames["answers"]
    answered = answers.loc[(answers["question_id"] == qid)
                           & answers["response_id"].isin(partial), "response_id"].unique()
    return applied.union(pd.Index(answered)).sort_values()


def counted_answers(frames: dict) -> pd.DataFrame:
    """The answers the figures count: for a conditional question, only those of responses in
    its base (``base_ids``); an answer stored to a question that did not apply is left out."""
    answers = frames["answers"]
    questions = frames["questions"]
    conditional = questions.loc[questions.get("relevant_ast", pd.Series(dtype=object))
                                .fillna("").astype(bool), "question_id"]
    keep = pd.Series(True, index=answers.index)
    for qid in conditional:
        rows = answers["question_id"] == qid
        keep &= ~rows | answers["response_id"].isin(base_ids(int(qid), frames))
    return answers[keep]


def choice_result(qid: int, frames: dict, base: pd.Index) -> dict:
    answers = frames["answers"]
    rows = answers[(answers["question_id"] == qid) & answers["response_id"].isin(base)]
    options = frames["options"][frames["options"]["question_id"] == qid]
    counts = rows.groupby("option_id")["response_id"].nunique()
    table = options.assign(count=options["option_id"].map(counts).fillna(0).astype(int))
    table = table.sort_values(["count", "position"], ascending=[False, True])
    others = rows.loc[rows["is_other"].astype(bool), "text"].dropna()
    answered = rows["response_id"].nunique()
    result = {"options": [{"name": r.name, "label": r.label} | share(r.count, len(base))
                          for r in table.itertuples()]}
    if len(others):
        result["other"] = share(len(others), len(base)) | {"texts": sorted(others.tolist())}
    result["answered"] = int(answered)
    return result


def numeric_result(qid: int, frames: dict, base: pd.Index) -> dict:
    """A scale or number question among ``base``: ``n`` (answered), ``mean`` (two decimals),
    ``median``, ``min``, ``max`` (None when nobody answered) and ``distribution``
    ([{value, count}] by value)."""
    answers = frames["answers"]
    numbers = answers.loc[(answers["question_id"] == qid) & answers["response_id"].isin(base),
                          "number"].dropna()
    if numbers.empty:
        return {"n": 0, "mean": None, "median": None, "min": None, "max": None,
                "answered": 0}
    distribution = numbers.value_counts().sort_index()
    return {"n": int(numbers.size), "answered": int(numbers.size),
            "mean": round(float(numbers.mean()), 2), "median": float(numbers.median()),
            "min": float(numbers.min()), "max": float(numbers.max()),
            "distribution": [{"value": float(v), "count": int(c)}
                             for v, c in distribution.items()]}


def text_result(question: pd.Series, frames: dict, base: pd.Index) -> dict:
    answers = frames["answers"]
    texts = answers.loc[(answers["question_id"] == question["question_id"])
                        & answers["response_id"].isin(base), "text"].dropna()
    result = {"answered": int(texts.size), "texts": texts.tolist()}
    codes = parse_codebook(question["codebook"])
    if codes:
        folded = _fold(texts)
        rows = []
        matched = pd.Series(False, index=texts.index)
        for label, words in codes:
            pattern = "|".join(re.escape(w) for w in words) or "$^"
            hit = folded.str.contains(pattern, regex=True)
            matched |= hit
            rows.append({"label": label} | share(int(hit.sum()), len(base)))
        result["codes"] = rows
        result["uncoded"] = int((~matched).sum())
    return result


def question_result(question: pd.Series, frames: dict) -> dict:
    qid = int(question["question_id"])
    base = base_ids(qid, frames)
    result = {"question_id": qid, "name": question["name"], "label": question["label"],
              "type": question["type"], "base": int(len(base)),
              "conditional": bool(question.get("relevant_ast"))}
    if question["type"] in CHOICE:
        result.update(choice_result(qid, frames, base))
    elif question["type"] in NUMERIC:
        result.update(numeric_result(qid, frames, base))
    elif question["type"] == "date":
        answers = frames["answers"]
        result["answered"] = int((answers["question_id"].eq(qid)
                                  & answers["response_id"].isin(base)).sum())
    else:
        result.update(text_result(question, frames, base))
    return result


def survey_results(frames: dict) -> dict:
    """Every question's figures; ``responses`` is the headline "112 avis récoltés"."""
    questions = frames["questions"].sort_values("position")
    return {"responses": int(len(frames["responses"])),
            "questions": [question_result(q, frames) for _i, q in questions.iterrows()]}


def profile_groups(frames: dict, question_id: int) -> pd.Series:
    """response_id -> label of the option chosen at a (single choice) profile question."""
    answers = frames["answers"]
    rows = answers[(answers["question_id"] == question_id) & answers["option_id"].notna()]
    labels = frames["options"].set_index("option_id")["label"]
    return rows.drop_duplicates("response_id").set_index("response_id")["option_id"].map(labels)


def quartier_groups(frames: dict, names: dict[int, str]) -> pd.Series:
    responses = frames["responses"].dropna(subset=["quartier_id"])
    return responses.set_index("response_id")["quartier_id"].astype(int).map(names)


def breakdown(question_id: int, frames: dict, groups: pd.Series,
              min_group: int = MIN_GROUP) -> pd.DataFrame:
    """Option percentages per group among the people asked, and ``blank``: the share of
    the group's people asked who left the question blank ("Sans réponse"), so each group's
    row states its whole base ``n``; groups under ``min_group`` people are left blank
    (small groups identify people)."""
    base = base_ids(question_id, frames)
    groups = groups[groups.index.isin(base)].dropna()
    answers = frames["answers"]
    rows = answers[(answers["question_id"] == question_id)
                   & answers["response_id"].isin(groups.index)]
    sizes = groups.value_counts().sort_index()
    table = pd.crosstab(rows["response_id"].map(groups), rows["option_id"]) \
        .reindex(sizes.index, fill_value=0)
    answered = rows.groupby(rows["response_id"].map(groups))["response_id"].nunique() \
        .reindex(sizes.index, fill_value=0)
    pct = pd.DataFrame({column: [whole_percent(c, s) for c, s in zip(
        table[column], sizes, strict=True)] for column in table.columns},
        index=table.index, columns=table.columns, dtype=float)
    pct["blank"] = [whole_percent(s - a, s) for s, a in zip(sizes, answered, strict=True)]
    pct[sizes < min_group] = np.nan
    return pct.assign(n=sizes.where(sizes >= min_group))
