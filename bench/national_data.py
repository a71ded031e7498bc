"""A national year of participation, generated territory by territory (numpy, seeded).

Pure generation, no database: ``territory_rows(plan, k, ids)`` returns ``{table name: DataFrame}``
holding every row of territory ``k`` with explicit primary keys taken from ``ids`` (a
``IdCounter``), so the loader can COPY them as they are. Territory ``k``'s rows depend only on
``(seed, k)`` and its number of QPV: the same territory is identical in a one-territory
rehearsal and in the national one (the bench compares its pages in both).

Proportions (for 1.0 = the nation): 1,514 QPV in 450 territories (contracts), 990.8 survey
responses and 198.2 contributions per QPV (1.5 million and 300,000 in all), about 8 answers per
response; per territory 2-3 surveys of 10 questions, 4 events or more with tables citoyennes,
one Johari window. Shares of contributions by format: survey free text 35 %, tables
citoyennes 25 %, Johari post-its 10 %, direct entry, micro-trottoir, public meetings and
partner focus groups the rest.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd

from participation.demo.data import TREE

NATION_QPV, NATION_TERRITORIES = 1514, 450
RESPONSES_PER_QPV = 1_500_000 / NATION_QPV
CONTRIBUTIONS_PER_QPV = 300_000 / NATION_QPV
YEAR_START = date(2026, 1, 5)
YEAR_DAYS = 320  # up to late November 2026
STAMP = datetime(2026, 11, 20, 9, 0)
FORMAT_SHARES = {"enquete": 0.35, "table_citoyenne": 0.25, "johari": 0.10, "saisie": 0.12,
                 "micro_trottoir": 0.08, "reunion_publique": 0.06, "focus_group": 0.04}
KINDS = ["constat", "proposition", "atout", "defi", "perception", "question"]
KIND_P = [0.38, 0.30, 0.12, 0.08, 0.08, 0.04]
ROLES = ["habitant", "partenaire", "elu", "technicien", "conseil_citoyen"]
ROLE_P = [0.80, 0.10, 0.03, 0.04, 0.03]
STATUSES = ["recue", "etude", "retenue", "en_cours", "realisee", "non_retenue"]
STATUS_P = [0.55, 0.15, 0.10, 0.08, 0.07, 0.05]
AGE_BANDS = ["15-24 ans", "25-39 ans", "40-59 ans", "60-74 ans", "75 ans et +"]
CHANNELS = ["web", "papier", "entretien", "micro_trottoir"]
CHANNEL_P = [0.55, 0.20, 0.15, 0.10]
CITIES = ["Aubervilliers", "Roubaix", "Vaulx-en-Velin", "Grigny", "Hazebrouck", "Lunel",
          "Saint-Dizier", "Montbéliard", "Béziers", "Creil", "Denain", "Clichy-sous-Bois",
          "Sevran", "Mulhouse", "Nîmes", "Perpignan", "Limoges", "Tourcoing", "Évry", "Dreux"]
QUARTIER_WORDS = ["Les Pâtures", "La Source", "Les Hauts", "Le Mail", "Pasteur-Foch",
                  "Les Tilleuls", "La Croix", "Bel-Air", "Les Provinces", "Le Val",
                  "La Plaine", "Les Cèdres", "Jean-Jaurès", "Les Bleuets", "Saint-Exupéry"]
SUBJECTS = ["le médecin", "le bus", "les poubelles", "l'aire de jeux", "l'éclairage",
            "le centre social", "la mission locale", "les devoirs", "la pharmacie",
            "les halls", "le marché", "les jardins partagés", "la navette", "l'école",
            "les espaces verts", "le stade", "la vitesse des voitures", "le wifi public"]
PREDICATES = ["manque dans le quartier", "passe trop rarement", "est mal entretenu",
              "devrait ouvrir le samedi", "est une vraie force ici", "fait peur le soir",
              "il faudrait en parler aux jeunes", "a beaucoup changé depuis deux ans",
              "est trop loin pour les anciens", "pourrait accueillir une permanence"]
PLACES = ["près de l'école", "rue principale", "au pied des tours", "derrière la mairie",
          "vers la gare", "à la résidence", ""]


@dataclass
class IdCounter:
    """The next primary key of each table (ids are given, not returned by the database)."""

    start: int = 1
    next: dict[str, int] = field(default_factory=dict)

    def take(self, table: str, count: int) -> np.ndarray:
        """``count`` consecutive ids (int64 array) for ``table``, from ``start`` on."""
        start = self.next.get(table, self.start)
        self.next[table] = start + count
        return np.arange(start, start + count, dtype=np.int64)


def plan(scale: float, seed: int, territories: int | None = None) -> np.ndarray:
    """QPV count of each territory: 450 values summing to 1,514, then the first
    ``territories`` (default ``round(450 × scale)``, at least 1). Territory 0 has 4 QPV (the
    one the HTTP bench measures: a typical contract, Roubaix-sized ones have 30)."""
    rng = np.random.default_rng([seed, 0xC0])
    counts = 1 + np.minimum(rng.geometric(0.42, NATION_TERRITORIES) - 1, 35)
    counts[0] = 4
    while counts.sum() != NATION_QPV:  # adjust the largest contracts to the national total
        step = 1 if counts.sum() < NATION_QPV else -1
        order = np.argsort(-counts[1:])[:20] + 1
        for i in order[: abs(int(counts.sum()) - NATION_QPV)]:
            counts[i] = max(1, counts[i] + step)
    wanted = territories or max(1, round(NATION_TERRITORIES * scale))
    return counts[:wanted]


def _days(rng, n: int) -> np.ndarray:
    return np.datetime64(YEAR_START) + rng.integers(0, YEAR_DAYS, n).astype("timedelta64[D]")


def _texts(rng, n: int) -> list[str]:
    """Short French sentences residents could have said (words reused, as real ones are)."""
    s = rng.integers(0, len(SUBJECTS), n)
    p = rng.integers(0, len(PREDICATES), n)
    w = rng.integers(0, len(PLACES), n)
    return [f"{SUBJECTS[a].capitalize()} {PREDICATES[b]} {PLACES[c]}".strip()
            for a, b, c in zip(s, p, w, strict=True)]


@dataclass
class Territory:
    """What later tables of one territory refer to (ids of its parents)."""

    k: int
    qpv: int
    rng: np.random.Generator
    id: int = 0
    communes: np.ndarray = None
    quartiers: np.ndarray = None
    challenges: np.ndarray = None
    leaves: np.ndarray = None
    coordinator: int = 0
    tables: dict = field(default_factory=dict)

    def add(self, table: str, frame: pd.DataFrame) -> pd.DataFrame:
        self.tables.setdefault(table, []).append(frame)
        return frame


def territory_rows(counts: np.ndarray, k: int, seed: int, ids: IdCounter,
                   password_hash: str, volume: float = 1.0) -> dict[str, list[pd.DataFrame]]:
    """Every row of territory ``k`` as ``{table: [DataFrame]}`` (columns = table columns).

    ``volume`` multiplies the responses and contributions per QPV (tests use a few
    hundredths: the same shapes, fewer rows)."""
    t = Territory(k, int(counts[k]), np.random.default_rng([seed, k]))
    _places(t, ids)
    _contract(t, ids)
    _users(t, ids, password_hash)
    n_contrib = round(t.qpv * CONTRIBUTIONS_PER_QPV * volume)
    shares = {f: round(n_contrib * s) for f, s in FORMAT_SHARES.items()}
    answers_text = _surveys(t, ids, round(t.qpv * RESPONSES_PER_QPV * volume),
                            shares["enquete"])
    _contributions(t, ids, shares, answers_text)
    return t.tables


def _places(t: Territory, ids: IdCounter) -> None:
    """Territory, communes, quartiers (QPV), their communes and resident names."""
    t.id = int(ids.take("territory", 1)[0])
    city = CITIES[t.k % len(CITIES)]
    name = f"{city} agglo n° {t.k + 1:03d}"
    t.add("territory", pd.DataFrame({"id": [t.id], "name": [name],
                                     "slug": [f"nat-{t.k + 1:03d}"]}))
    n_communes = 1 + min(t.qpv, 4)
    t.communes = ids.take("commune", n_communes)
    t.add("commune", pd.DataFrame({
        "id": t.communes, "territory_id": t.id,
        "name": [city if j == 0 else f"{city}-{j + 1}" for j in range(n_communes)],
        "insee_code": [f"{(t.k * 7 + j) % 95 + 1:02d}{(t.k * 13 + j) % 999:03d}"
                       for j in range(n_communes)]}))
    t.quartiers = ids.take("quartier", t.qpv)
    t.add("quartier", pd.DataFrame({
        "id": t.quartiers, "territory_id": t.id,
        "code": [f"QN{t.k:03d}{j:02d}M" for j in range(t.qpv)],
        "name": [f"{QUARTIER_WORDS[(t.k + j) % len(QUARTIER_WORDS)]} {j + 1}"
                 for j in range(t.qpv)], "kind": "qpv",
        "population": t.rng.integers(1000, 9000, t.qpv)}))
    t.add("quartier_commune", pd.DataFrame({
        "quartier_id": t.quartiers, "commune_id": t.communes[np.arange(t.qpv) % n_communes]}))
    names = [(q, f"{word} {QUARTIER_WORDS[(j + i) % len(QUARTIER_WORDS)]}")
             for j, q in enumerate(t.quartiers) for i, word in
             enumerate(("Résidence", "Cité", "Maisons de"))]
    t.add("quartier_name", pd.DataFrame({
        "id": ids.take("quartier_name", len(names)), "quartier_id": [q for q, _ in names],
        "name": [n for _, n in names]}))


def _contract(t: Territory, ids: IdCounter) -> None:
    """One contract 2024-2030 with the eleven themes, three objectives under each."""
    contract = int(ids.take("contract", 1)[0])
    t.add("contract", pd.DataFrame({
        "id": [contract], "territory_id": t.id, "start_year": 2024, "end_year": 2030,
        "midterm_year": 2027, "tree_version": 1, "language": "fr",
        "name": [f"Contrat de ville Quartiers 2030 — territoire {t.k + 1:03d}"]}))
    top = ids.take("challenge", len(TREE))
    leaves = ids.take("challenge", len(TREE) * 3)
    t.challenges, t.leaves = np.concatenate([top, leaves]), leaves
    rows = [(top[i], None, code, name, colour, kw, i)
            for i, (code, _, name, colour, kw) in enumerate(TREE)]
    rows += [(leaves[i * 3 + j], top[i], f"{code}.{j + 1}", f"{name} — objectif {j + 1}",
              colour, "", j) for i, (code, _, name, colour, _) in enumerate(TREE)
             for j in range(3)]
    frame = pd.DataFrame(rows, columns=["id", "parent_id", "code", "name", "colour",
                                        "keywords", "position"])
    frame["parent_id"] = frame["parent_id"].astype("Int64")
    t.add("challenge", frame.assign(contract_id=contract, territory_id=t.id, version_from=1))


def _users(t: Territory, ids: IdCounter, password_hash: str) -> None:
    """A coordinator and a facilitator, both with the bench password."""
    users = ids.take("user_account", 2)
    t.coordinator = int(users[0])
    t.add("user_account", pd.DataFrame({
        "id": users, "territory_id": t.id, "role": ["coordinator", "facilitator"],
        "email": [f"coordination@nat-{t.k + 1:03d}.example", f"animation@nat-{t.k + 1:03d}"
                  ".example"], "name": ["Coordination", "Animation"],
        "password_hash": password_hash, "active": True, "session_version": 1}))


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


def _surveys(t: Territory, ids: IdCounter, n_responses: int, n_texts: int) -> pd.DataFrame:
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
    return frame.assign(text=_texts(rng, n))


def _contributions(t: Territory, ids: IdCounter, shares: dict[str, int],
                   answers_text: pd.DataFrame) -> None:
    """Contributions by format, their tags, links, and the events and Johari window that
    the table and post-it contributions come from."""
    rng = t.rng
    formats = np.concatenate([[f] * n for f, n in shares.items() if f != "enquete"])
    n_other = len(formats)
    other = pd.DataFrame({"text": _texts(rng, n_other), "source_format": formats,
                          "quartier_id": rng.choice(t.quartiers, n_other),
                          "said_on": _days(rng, n_other)})
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
