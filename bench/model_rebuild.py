"""Time of the suggestion model's rebuild after one more decision in the review queue, on the
demo, against the same rebuild reading every reviewed text again, in the same run.

The review queue rebuilds the territory's model after every decision
(``autotag.territory_model``: its digest changed). The demo's reviewed texts are read from its
database (``frames.manual_tags``, masked as the queue masks them), then its Johari post-its
waiting with a suggestion are accepted one by one, as the tester did (``--steps`` of them):

- **incremental**: ``autotag.model_from`` with the per-text results kept in the process
  (``analysis.textcache``: terms, subject words, phrases, features, written forms, nouns
  of each reviewed text, kept per text and vocabulary): one text's work and the aggregation;
- **every text read again** (the baseline, what a rebuild cost before ``textcache``): the
  same call with those results emptied first (``textcache.clear``). The caches that existed
  before it (sentence vectors, unlearned scores, folds and lemmas) stay warm in both.

The two alternate at each step, so a burst of load from other jobs weighs on both alike;
each is timed in wall and CPU seconds of the process (``time.process_time``). Both models
must be equal field by field, bit for bit (else exit 1). Prints medians and their ratio.

    PYTHONPATH=. python bench/model_rebuild.py [--steps 20] [--database-url URL]

Without ``--database-url`` a temporary SQLite database is migrated and the demo loaded
(``bench/http_pages.prepare_database``, about a minute).
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
FIELDS = ["keywords", "learned", "examples", "residuals", "kernel_coef", "decisions",
          "keyword_vetoes", "word_examples", "vocabulary"]


def demo_decisions(app) -> tuple[pd.DataFrame, pd.DataFrame, list[list[tuple]]]:
    """The demo territory's current challenges, its reviewed texts [doc, text, challenge_id]
    (masked as ``autotag.territory_model`` masks them) and its Johari post-its waiting with
    their suggestions, one list of (doc, text, challenge id) rows per post-it, in id order."""
    from participation.analysis import frames
    from participation.contributions.models import Contribution, ContributionChallenge
    from participation.extensions import db
    from participation.privacy.masking import mask_contacts
    from participation.territory.models import Territory

    with app.app_context():
        territory = db.session.scalars(db.select(Territory).order_by(Territory.id)).first()
        challenges = frames.challenges_frame(territory.current_contract)
        challenges = challenges[challenges["current"].astype(bool)].reset_index(drop=True)
        reviewed = frames.manual_tags(territory.id, masked=False)
        rows = db.session.execute(db.select(
            Contribution.id, Contribution.text, ContributionChallenge.challenge_id)
            .join(ContributionChallenge).where(
            Contribution.territory_id == territory.id, Contribution.source_format == "johari",
            Contribution.reviewed_at.is_(None), ContributionChallenge.origin == "suggested")
            .order_by(Contribution.id, ContributionChallenge.challenge_id)).all()
    reviewed["text"] = reviewed["text"].map(mask_contacts, na_action="ignore")
    postits: dict[int, list[tuple]] = {}
    for doc, text, cid in rows:
        postits.setdefault(doc, []).append((doc, mask_contacts(text), cid))
    return challenges, reviewed, list(postits.values())


def with_rows(reviewed: pd.DataFrame, accepted: list[tuple]) -> pd.DataFrame:
    """``reviewed`` and the ``accepted`` rows, ordered as ``frames.manual_tags`` orders them."""
    extra = pd.DataFrame(accepted, columns=["doc", "text", "challenge_id"]).astype(
        {"doc": int, "challenge_id": "Int64"})
    return pd.concat([reviewed, extra], ignore_index=True).sort_values(
        ["doc", "challenge_id"], na_position="first", ignore_index=True)


def timed(build) -> tuple[float, float, object]:
    """(wall seconds, CPU seconds, result) of ``build()``."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = build()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def same(one, other) -> bool:
    """Whether two models are equal on ``FIELDS``, bit for bit."""
    for name in FIELDS:
        mine, theirs = getattr(one, name), getattr(other, name)
        if isinstance(mine, pd.DataFrame):
            if not mine.equals(theirs) or list(mine.dtypes) != list(theirs.dtypes):
                return False
        elif isinstance(mine, np.ndarray):
            if mine.shape != theirs.shape or mine.tobytes() != theirs.tobytes():
                return False
        elif mine != theirs:
            return False
    return True


def measure(app, steps: int) -> dict[str, list[tuple[float, float]]]:
    """Per step, (wall, CPU) of the incremental rebuild and of the baseline; exits 1 when
    their models differ."""
    from participation.analysis import autotag, textcache

    challenges, reviewed, postits = demo_decisions(app)
    print(f"demo: {reviewed['doc'].nunique()} reviewed texts, {len(postits)} post-its "
          f"waiting; {min(steps, len(postits))} accepted one by one")
    autotag.model_from(challenges, reviewed)  # resources read, per-text results kept
    found: dict[str, list[tuple[float, float]]] = {"incremental": [], "baseline": []}
    for step in range(1, min(steps, len(postits)) + 1):
        tagged = with_rows(reviewed, [r for rows in postits[:step] for r in rows])
        wall, cpu, incremental = timed(lambda t=tagged: autotag.model_from(challenges, t))
        found["incremental"].append((wall, cpu))
        textcache.clear()
        wall, cpu, baseline = timed(lambda t=tagged: autotag.model_from(challenges, t))
        found["baseline"].append((wall, cpu))
        if not same(incremental, baseline):
            sys.exit(f"step {step}: the incremental model differs from the baseline's")
    return found


def report(found: dict[str, list[tuple[float, float]]]) -> None:
    """Medians (wall and CPU seconds) and the baseline / incremental ratio."""
    medians = {name: (statistics.median(w for w, _ in rows), statistics.median(
        c for _, c in rows)) for name, rows in found.items()}
    for name, (wall, cpu) in medians.items():
        print(f"{name:12s} median {wall:.3f} s wall, {cpu:.3f} s CPU over {len(found[name])}")
    (wall, cpu), (base_wall, base_cpu) = medians["incremental"], medians["baseline"]
    print(f"ratio baseline / incremental: {base_wall / wall:.2f}x wall, "
          f"{base_cpu / cpu:.2f}x CPU; models equal bit for bit at every step")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--database-url", help="a database with the demo loaded")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="pdq-rebuild-bench-") as tmp:
        from bench.section_bench import use_demo_database

        use_demo_database(Path(tmp), args.database_url)
        from participation import create_app

        report(measure(create_app({"RATELIMIT_ENABLED": False}), args.steps))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
