"""The evaluation set of ``bench/analysis_quality.py``: resident answers with their true need
and theme, and the demo tree they are tagged against.

``tests/analysis/data/answers_*.txt``: 506 answers written as residents write, 43 needs, each
need under one of the demo tree's 11 themes (``participation.demo.data.TREE``); "dev:" lines
(260 answers) are the ones weights and thresholds were set on, "heldout:" lines (246) the
ones never tuned on. Pure: no app, no database.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from participation.demo.data import TREE

DATA = Path(__file__).resolve().parent.parent / "tests" / "analysis" / "data"


def load(split: str | None = None) -> pd.DataFrame:
    """(text, need, theme, split) rows of the evaluation set, in file order; ``split``:
    "dev" or "heldout" keeps that part (index reset), None every answer."""
    rows = [row for path in sorted(DATA.glob("answers_*.txt")) for row in _read(path)]
    frame = pd.DataFrame(rows, columns=["text", "need", "theme", "split"])
    return frame if split is None else frame[frame["split"] == split].reset_index(drop=True)


def other_languages(split: str | None = None) -> pd.DataFrame:
    """``load``'s rows for ``other_languages.txt``: 55 answers in Turkish (28) and Arabic (27)
    with their need and theme, 27 "dev:" (the floor of ``tag_weights.OTHER_LANGUAGE_MIN_SCORE``
    was set on them), 28 "heldout:"; apart from the French set, whose figures they would move."""
    frame = pd.DataFrame(_read(DATA / "other_languages.txt"),
                         columns=["text", "need", "theme", "split"])
    return frame if split is None else frame[frame["split"] == split].reset_index(drop=True)


def _read(path: Path) -> list[tuple[str, str, str, str]]:
    """(text, need, theme, split) of one file: "## need THEME" opens a need, "dev:" and
    "heldout:" open a split, "# " lines are comments."""
    rows, need, theme, part = [], None, None, None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("# "):
            continue
        if line.startswith("## "):
            _, need, theme = line.split()
        elif line in ("dev:", "heldout:"):
            part = line[:-1]
        else:
            rows.append((line.strip(), need, theme, part))
    return rows


def demo_challenges() -> pd.DataFrame:
    """(id, code, name, keywords) of the demo tree's challenges, ids 1..n in tree order."""
    return pd.DataFrame([{"id": i + 1, "code": c[0], "name": c[2], "keywords": c[4]}
                         for i, c in enumerate(TREE)])


def challenge_ids() -> dict[str, int]:
    """Challenge code -> id of ``demo_challenges``."""
    return dict(demo_challenges()[["code", "id"]].itertuples(index=False))


def reviewed(answers: pd.DataFrame, picked: list) -> pd.DataFrame:
    """(doc, text, challenge_id) rows of the ``picked`` answers (index labels) given their
    true theme, as a coordinator's decisions in the review queue."""
    return pd.DataFrame({"doc": picked, "text": answers.loc[picked, "text"],
                         "challenge_id": answers.loc[picked, "theme"].map(challenge_ids())})
