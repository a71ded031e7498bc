"""A generated territory's contributions by format, their challenge tags and links, and
the events (tables citoyennes) and Johari window that the table notes and post-its come
from."""
from __future__ import annotations

from datetime import timedelta

import numpy as np
import pandas as pd

from bench.national_plan import (
    AGE_BANDS,
    KIND_P,
    KINDS,
    ROLE_P,
    ROLES,
    STAMP,
    STATUS_P,
    STATUSES,
    YEAR_DAYS,
    YEAR_START,
    IdCounter,
    Territory,
    days,
    texts,
)


def contributions(t: Territory, ids: IdCounter, shares: dict[str, int],
                   answers_text: pd.DataFrame) -> None:
    """Contributions by format, their tags, links, and the events and Johari window that
    the table and post-it contributions come from."""
    rng = t.rng
    formats = np.concatenate([[f] * n for f, n in shares.items() if f != "enquete"])
    n_other = len(formats)
    other = pd.DataFrame({"text": texts(rng, n_other), "source_format": formats,
                          "quartier_id": rng.choice(t.quartiers, n_other),
                          "said_on": days(rng, n_other)})
    survey = pd.DataFrame({"text": answers_text["text"], "source_format": "enquete",
                           "source_type": "survey_answer", "source_id": answers_text["id"],
                           "quartier_id": answers_text["quartier_id"],
                           "said_on": answers_text["said_on"]})
    frame = pd.concat([survey, other], ignore_index=True)
    n = len(frame)
    frame.insert(0, "id", ids.take("contribution", n))
    frame = frame.assign(
        territory_id=t.id, kind=rng.choice(KINDS, n, p=KIND_P),
        author_role=rng.choice(ROLES, n, p=ROLE_P), status=rng.choice(STATUSES, n, p=STATUS_P),
        attribution_consent=rng.random(n) < 0.2, age_band=rng.choice(AGE_BANDS, n),
        sex=rng.choice(["f", "h"], n), created_at=STAMP, updated_at=STAMP)
    frame["source_id"] = frame["source_id"].astype("Int64")
    _events(t, ids, frame)
    _johari(t, ids, frame)
    t.add("contribution", frame)
    _tags(t, ids, frame)


def _tags(t: Territory, ids: IdCounter, frame: pd.DataFrame) -> None:
    """One challenge per contribution, a second one for a fifth; a link for a tenth."""
    rng, n = t.rng, len(frame)
    second = np.flatnonzero(rng.random(n) < 0.2)
    first_pick = rng.integers(0, len(t.leaves), n)
    contribution = np.concatenate([frame["id"].to_numpy(), frame["id"].to_numpy()[second]])
    challenge = np.concatenate([t.leaves[first_pick],
                                t.leaves[(first_pick[second] + 1) % len(t.leaves)]])
    origin = rng.choice(["manual", "question", "suggested"], len(contribution),
                        p=[0.6, 0.25, 0.15])
    t.add("contribution_challenge", pd.DataFrame({
        "id": ids.take("contribution_challenge", len(contribution)),
        "contribution_id": contribution, "challenge_id": challenge, "origin": origin,
        "tagged_by_id": pd.Series(np.full(len(origin), t.coordinator),
                                  dtype="Int64").where(origin == "manual"),
        "tagged_at": STAMP}))
    props = frame.index[frame["kind"] == "proposition"].to_numpy()
    facts = frame.index[frame["kind"] == "constat"].to_numpy()
    chosen = props[rng.random(len(props)) < 0.3] if len(facts) else props[:0]
    t.add("contribution_link", pd.DataFrame({
        "id": ids.take("contribution_link", len(chosen)),
        "from_id": frame["id"].to_numpy()[chosen],
        "to_id": frame["id"].to_numpy()[rng.choice(facts, len(chosen))] if len(chosen) else [],
        "kind": "repond"}))


def _events(t: Territory, ids: IdCounter, frame: pd.DataFrame) -> None:
    """Four events or more (one per QPV and three others), three tables each; every
    table-citoyenne contribution is a note of one of them (source: the event table)."""
    rng, n_events = t.rng, 3 + t.qpv
    events = ids.take("event", n_events)
    starts = np.datetime64(YEAR_START, "s") + (
        rng.integers(10, YEAR_DAYS, n_events) * 86400 + 17 * 3600).astype("timedelta64[s]")
    t.add("event", pd.DataFrame({
        "id": events, "territory_id": t.id, "title": [f"Table citoyenne n° {i + 1}" for i in
                                                      range(n_events)],
        "kind": "table_citoyenne", "starts_at": starts,
        "ends_at": starts + np.timedelta64(3 * 3600, "s"), "description": "", "address": "",
        "place_words": "", "audience": "tous", "offered": "", "capacity": 60,
        "reported_participants": rng.integers(15, 80, n_events)}))
    t.add("event_quartier", pd.DataFrame({
        "event_id": events, "quartier_id": t.quartiers[np.arange(n_events) % t.qpv]}))
    t.add("event_challenge", pd.DataFrame({"event_id": events,
                                           "challenge_id": rng.choice(t.leaves, n_events)}))
    tables = ids.take("event_table", n_events * 3)
    t.add("event_table", pd.DataFrame({
        "id": tables, "event_id": np.repeat(events, 3), "name": ["Santé", "Cadre de vie",
                                                                 "Jeunesse"] * n_events,
        "facilitator": "", "participants": rng.integers(4, 12, len(tables)),
        "position": np.tile(np.arange(3), n_events)}))
    t.add("event_table_challenge", pd.DataFrame({
        "table_id": tables, "challenge_id": rng.choice(t.leaves, len(tables))}))
    mine = np.flatnonzero(frame["source_format"].to_numpy() == "table_citoyenne")
    table_of = tables[np.arange(len(mine)) % len(tables)]
    frame.loc[mine, "source_type"] = "event_table"
    frame.loc[mine, "source_id"] = table_of
    frame.loc[mine, "source_label"] = [f"Table citoyenne — table {i}" for i in table_of]
    t.add("event_table_note", pd.DataFrame({
        "id": ids.take("event_table_note", len(mine)), "table_id": table_of,
        "contribution_id": frame["id"].to_numpy()[mine], "question": ""}))


def _johari(t: Territory, ids: IdCounter, frame: pd.DataFrame) -> None:
    """One Johari window (residents and partners); every Johari contribution is a post-it."""
    exercise = int(ids.take("johari_exercise", 1)[0])
    t.add("johari_exercise", pd.DataFrame({
        "id": [exercise], "territory_id": t.id, "title": "Fenêtre de Johari du quartier",
        "quartier_id": t.quartiers[0], "held_on": YEAR_START + timedelta(days=60),
        "is_open": False, "discordance": "", "partage": "", "constats_habitants": "",
        "constats_partenaires": "", "created_at": STAMP, "updated_at": STAMP}))
    groups = ids.take("johari_group", 2)
    prompts = {f"prompt_{q}": f"Question « {q} »" for q in
               ("publique", "aveugle", "cachee", "inconnue")}
    t.add("johari_group", pd.DataFrame({
        "id": groups, "exercise_id": exercise, "slug": ["habitants", "partenaires"],
        "name": ["Habitants", "Partenaires"], "author_role": ["habitant", "partenaire"],
        "position": [0, 1], **prompts}))
    mine = np.flatnonzero(frame["source_format"].to_numpy() == "johari")
    postits = ids.take("johari_postit", len(mine))
    frame.loc[mine, "source_type"] = "johari_postit"
    frame.loc[mine, "source_id"] = postits
    t.add("johari_postit", pd.DataFrame({
        "id": postits, "group_id": groups[np.arange(len(mine)) % 2],
        "quadrant": t.rng.choice(["publique", "aveugle", "cachee", "inconnue"], len(mine)),
        "contribution_id": frame["id"].to_numpy()[mine], "created_at": STAMP}))
