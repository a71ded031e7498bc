"""The national rehearsal's plan and shared vocabulary: proportions, ids, territories.

Proportions (for 1.0 = the nation): 1,514 QPV in 450 territories (contracts), 990.8 survey
responses and 198.2 contributions per QPV (1.5 million and 300,000 in all), about 8 answers per
response; per territory 2-3 surveys of 10 questions, 4 events or more with tables citoyennes,
one Johari window. Shares of contributions by format: survey free text 35 %, tables
citoyennes 25 %, Johari post-its 10 %, direct entry, micro-trottoir, public meetings and
partner focus groups the rest. ``plan`` gives each territory's number of QPV; ``Territory``
holds the ids later tables of one territory refer to.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

import numpy as np
import pandas as pd

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

def days(rng, n: int) -> np.ndarray:
    return np.datetime64(YEAR_START) + rng.integers(0, YEAR_DAYS, n).astype("timedelta64[D]")


def texts(rng, n: int) -> list[str]:
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
