"""What led to a suggestion, read from ``tag_scores.score_matrix``'s reasons: the keywords
and learned terms found, the nearest keyword in meaning, the nearest reviewed examples
(``tagging.suggest`` and ``tagging.explain`` show them). Pure: no app, no database.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the model is defined by ``tagging``, which imports this module
    from participation.analysis.tagging import TagModel


def _near(reasons: dict, doc: int, j: int, model: TagModel) -> list[str]:
    """The nearest keyword in meaning (``score_matrix``)."""
    idx = reasons["nearest"][doc][j]
    return [model.keyword_text[idx]] if idx >= 0 else []


def _example_reasons(reasons: dict, doc: int, cid: int) -> list[dict]:
    """The reviewed texts that led to the challenge (those sharing a subject word with the
    text first, then the nearest that voted for it): [{text, corrected, word}], ``word``
    the shared subject word (folded) or None."""
    return [{"text": text, "corrected": corrected, "word": word}
            for text, corrected, word in reasons.get((doc, cid, "examples"), [])]


def cell_reasons(reasons: dict, doc: int, j: int, model: TagModel) -> dict[str, list]:
    """What led to challenge ``j`` for text ``doc`` (``score_matrix``'s reasons): keywords and
    learned terms found, else the nearest keyword in meaning; nearest reviewed examples."""
    cid = model.challenge_ids[j]
    found = sorted(reasons.get((doc, cid, "keywords"), ()))
    learned = sorted(reasons.get((doc, cid, "learned"), ()))
    return {"keywords": found, "learned": learned,
            # words found are the reason: a keyword near in meaning besides only misled
            # ("les dealeurs devant l'entrée": « dealers », then « ralentisseurs »)
            "near": [] if found or learned else _near(reasons, doc, j, model),
            "examples": _example_reasons(reasons, doc, cid)}
