"""A generated territory's surveys: questions, options, responses (web, paper in batches of
50 sheets, interviews) and about eight answers per response."""
from __future__ import annotations

from datetime import timedelta

import numpy as np
import pandas as pd

from bench.national_plan import (
    AGE_BANDS,
    CHANNEL_P,
    CHANNELS,
    YEAR_DAYS,
    YEAR_START,
    IdCounter,
    Territory,
    texts,
)

# name, type, options (None for non-choice), share of responses answering
QUESTIONS = [
    ("quartier", "single", None, 1.0),
    ("age", "single", AGE_BANDS, 0.95),
    ("securite", "yes_no", ["Oui", "Non"], 0.9),
    ("satisfaction", "scale", None, 0.9),
    ("besoins", "multiple", ["Santé", "Transports", "Propreté", "Emploi", "Loisirs",
                             "Sécurité"], 0.85),
    ("frequence", "single", ["Tous les jours", "Chaque semaine", "Rarement", "Jamais"], 0.8),
    ("enfants", "number", None, 0.6),
    ("mot", "short_text", None, 0.3),
    ("idee", "long_text", None, 0.0),  # as many as the survey's share of contributions
    ("recontact", "yes_no", ["Oui", "Non"], 0.7),
]


def surveys(t: Territory, ids: IdCounter, n_responses: int, n_texts: int) -> pd.DataFrame:
    """Surveys, questions, options, responses and answers; returns the long-text answers
    (id, text, quartier_id, day) that become survey contributions."""
    n_surveys = 2 + (t.qpv > 3)
    sizes = np.full(n_surveys, n_responses // n_surveys)
    sizes[: n_responses % n_surveys] += 1
    texts = []
    for j, size in enumerate(sizes):
        texts.append(_survey(t, ids, j, n_surveys, int(size),
                             round(n_texts * size / max(n_responses, 1))))
    return pd.concat(texts, ignore_index=True)


def _survey(t: Territory, ids: IdCounter, j: int, n_surveys: int, size: int,
            n_texts: int) -> pd.DataFrame:
    """One survey (the last one open, the others closed) with its responses."""
    survey = int(ids.take("survey", 1)[0])
    t.add("survey", pd.DataFrame({
        "id": [survey], "territory_id": t.id, "slug": [f"nat-{t.k + 1:03d}-enquete-{j + 1}"],
        "title": [f"Enquête {j + 1} : votre quartier en 2026"], "intro": "",
        "languages": "fr", "status": ["open" if j == n_surveys - 1 else "closed"]}))
    t.add("survey_quartier", pd.DataFrame({"survey_id": survey, "quartier_id": t.quartiers}))
    questions = _questions(t, ids, survey)
    responses = _responses(t, ids, survey, size)
    return _answers(t, ids, questions, responses, n_texts)


def _questions(t: Territory, ids: IdCounter, survey: int) -> list[tuple]:
    """The ten questions; returns (name, type, question id, option ids, share) for each."""
    qids = ids.take("survey_question", len(QUESTIONS))
    t.add("survey_question", pd.DataFrame({
        "id": qids, "survey_id": survey, "position": np.arange(len(QUESTIONS)),
        "name": [q[0] for q in QUESTIONS], "type": [q[1] for q in QUESTIONS],
        "label": [f"Question « {q[0]} »" for q in QUESTIONS],
        "required": [q[3] == 1.0 for q in QUESTIONS], "contribution_kind": "constat",
        "min_value": [1.0 if q[1] == "scale" else None for q in QUESTIONS],
        "max_value": [5.0 if q[1] == "scale" else None for q in QUESTIONS]}))
    out = []
    for qid, (name, qtype, labels, share) in zip(qids, QUESTIONS, strict=True):
        if name == "quartier":
            labels = [f"Quartier {i + 1}" for i in range(t.qpv)]
        options = ids.take("survey_option", len(labels)) if labels else np.array([], int)
        if labels:
            t.add("survey_option", pd.DataFrame({
                "id": options, "question_id": qid, "position": np.arange(len(labels)),
                "name": [f"o{i + 1}" for i in range(len(labels))], "label": labels,
                "quartier_id": t.quartiers if name == "quartier" else None}))
        out.append((name, qtype, int(qid), options, share))
    tagged = [q[2] for q in out if q[1] in ("single", "multiple", "yes_no")]
    t.add("survey_question_challenge", pd.DataFrame({
        "question_id": tagged, "challenge_id": t.rng.choice(t.leaves, len(tagged))}))
    return out


def _responses(t: Territory, ids: IdCounter, survey: int, size: int) -> pd.DataFrame:
    """Responses with channel, quartier and time; paper ones in batches of 50 sheets."""
    rid = ids.take("survey_response", size)
    rng = t.rng
    channel = rng.choice(CHANNELS, size, p=CHANNEL_P)
    paper = np.flatnonzero(channel == "papier")
    batches = ids.take("survey_batch", -(-len(paper) // 50))
    batch = pd.array([pd.NA] * size, dtype="Int64")
    sheet = pd.array([pd.NA] * size, dtype="Int64")
    batch[paper] = batches[np.arange(len(paper)) // 50]
    sheet[paper] = np.arange(len(paper)) % 50 + 1
    t.add("survey_batch", pd.DataFrame({
        "id": batches, "survey_id": survey, "label": [f"Lot {i + 1}" for i in
                                                      range(len(batches))],
        "collected_on": YEAR_START + timedelta(days=30), "place": "Centre social"}))
    seconds = rng.integers(0, YEAR_DAYS * 86400, size).astype("timedelta64[s]")
    frame = pd.DataFrame({
        "id": rid, "survey_id": survey, "channel": channel, "batch_id": batch,
        "sheet_number": sheet, "token": [f"n{i:012d}{r:016x}" for i, r in
                                         zip(rid, rng.integers(0, 2**62, size), strict=True)],
        "quartier_id": rng.choice(t.quartiers, size),
        "submitted_at": np.datetime64(YEAR_START, "s") + seconds})
    return t.add("survey_response", frame)


def _answers(t: Territory, ids: IdCounter, questions: list[tuple], responses: pd.DataFrame,
             n_texts: int) -> pd.DataFrame:
    """About eight answers per response; returns the long-text answers."""
    rng, size, frames, texts = t.rng, len(responses), [], None
    for name, qtype, qid, options, share in questions:
        if qtype == "long_text":
            who = rng.choice(size, min(n_texts, size), replace=False)
        else:
            who = np.flatnonzero(rng.random(size) < share)
        frame = pd.DataFrame({"response_id": responses["id"].to_numpy()[who],
                              "question_id": qid})
        frame = _answer_values(rng, frame, name, qtype, options, responses, who)
        frame.insert(0, "id", ids.take("survey_answer", len(frame)))
        if qtype == "long_text":
            texts = frame[["id", "text"]].assign(
                quartier_id=responses["quartier_id"].to_numpy()[who],
                said_on=responses["submitted_at"].to_numpy()[who].astype("datetime64[D]"))
        frames.append(frame)
    t.add("survey_answer", pd.concat(frames, ignore_index=True))
    return texts


def _answer_values(rng, frame: pd.DataFrame, name: str, qtype: str, options: np.ndarray,
                   responses: pd.DataFrame, who: np.ndarray) -> pd.DataFrame:
    """Fill option_id, number or text of one question's answers (multiple: 1 to 3 rows)."""
    n = len(frame)
    if name == "quartier":  # the profile option of the response's quartier
        offset = responses["quartier_id"].to_numpy()[who] - responses["quartier_id"].min()
        return frame.assign(option_id=options[np.clip(offset, 0, len(options) - 1)])
    if qtype == "multiple":
        repeat = rng.integers(1, 4, n)
        frame = frame.loc[frame.index.repeat(repeat)].reset_index(drop=True)
        picks = [rng.choice(options, r, replace=False) for r in repeat]
        return frame.assign(option_id=np.concatenate(picks) if picks else [])
    if options is not None and len(options):
        return frame.assign(option_id=rng.choice(options, n))
    if qtype in ("scale", "number"):
        top = 6 if qtype == "scale" else 5
        return frame.assign(number=rng.integers(1 if top == 6 else 0, top, n).astype(float))
    return frame.assign(text=texts(rng, n))
