"""Following the reviewed answers that share a subject word with a text (``tag_scores``):
"parking" filed under Mobilité by a coordinator counts no more for Cadre de vie in the next
answers saying it, unless the text's other words say another challenge much more clearly
(``shared_words``: which words and decisions are shared). Pure: no app, no database.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from participation.analysis import shared_words
from participation.analysis.tag_evidence import evidence
from participation.analysis.tag_weights import MIN_SCORE, TIE_SHARE

if TYPE_CHECKING:  # the model is defined by ``tagging``, which imports this module
    from participation.analysis.tagging import TagModel


def follow_shared(texts: pd.Series, model: TagModel, scores: tuple, veto: np.ndarray,
                   skip: np.ndarray) -> dict:
    """Rescore, in ``scores`` = (total, sentence part, reasons) changed in place, the texts
    sharing subject words with reviewed answers that all kept a challenge
    (``shared_words.word_decisions``): the shared words count only for the passed ones
    (their score kept), the others are scored, and explained (``_own_reasons``), on the
    text's own evidence without those words (``evidence`` of ``without_words``, never
    above their score with them; ``veto`` cells stay 0): "parking" counts no more for
    Cadre de vie once filed under Mobilité. Then the passed challenges come first, at the
    row's best score before (at least ``MIN_SCORE``) plus ``TIE_SHARE`` steps in the
    reviewed answers' order, no sentence part, unless that own evidence is much stronger
    for another challenge (``_much_stronger``: "des caméras au parking" stays Sécurité).
    Rows of ``skip`` (carried by a nearly-same example, or no content) are left alone.
    Returns the reasons {(doc, challenge id): [(example text, corrected, word)]}."""
    passed = shared_words.word_decisions(texts, model)
    todo = [doc for doc, (order, _, _) in enumerate(passed) if order and not skip[doc]]
    if not todo:
        return {}
    stripped = pd.Series([shared_words.without_words(texts[d], passed[d][2], model)
                          for d in todo], dtype=object)
    own, own_sentence, own_reasons = evidence(stripped, model)
    total, sentence, reasons = scores
    index = {cid: j for j, cid in enumerate(model.challenge_ids)}
    found = {}
    for i, doc in enumerate(todo):
        order = [index[c] for c in passed[doc][0]]
        best = max(float(total[doc].max()), MIN_SCORE)
        kept = np.isin(np.arange(len(index)), order) | veto[doc]  # the shared words' own
        lower = np.minimum(own[i], total[doc])
        total[doc], sentence[doc] = (np.where(kept, total[doc], lower),
                                     np.where(kept, sentence[doc], own_sentence[i]))
        _own_reasons(reasons, own_reasons, (doc, i), np.flatnonzero(~kept), model)
        if _much_stronger(own[i], order):
            continue
        found |= {(doc, cid): passed[doc][1][cid] for cid in passed[doc][0]}
        for position, j in enumerate(order):
            total[doc, j] = best + TIE_SHARE * (2.0 - position / len(order))
            sentence[doc, j] = 0.0
    return found


def _own_reasons(reasons: dict, own: dict, rows: tuple[int, int], columns: np.ndarray,
                 model: TagModel) -> None:
    """In ``reasons`` (``evidence``'s, changed in place), the keywords, learned terms and
    nearest keyword of row ``rows[0]`` for the challenge indexes ``columns`` replaced by
    those of row ``rows[1]`` of ``own`` (the text's own evidence without its shared subject
    words): a word that no longer counts for a challenge is not shown as its reason."""
    doc, i = rows
    for j in columns:
        cid = model.challenge_ids[j]
        for source in ("keywords", "learned"):
            reasons.pop((doc, cid, source), None)
            if (i, cid, source) in own:
                reasons[(doc, cid, source)] = own[(i, cid, source)]
        reasons["nearest"][doc, j] = own["nearest"][i, j]


def _much_stronger(own: np.ndarray, passed: list[int]) -> bool:
    """Whether a text's own evidence, its shared subject words taken out (``own``: one row
    of ``evidence``), is much stronger for another challenge than for the ones passed on
    (column indexes ``passed``): the remaining words' best challenge is not passed on and
    they say it as clearly as a word naming a subject alone does
    (``shared_words.TOPICAL_SCORE``, twice ``MIN_SCORE``), the passed ones scoring less
    there. "des caméras au parking": "des caméras au" says Sécurité (1.8 on the demo tree),
    which stays first; "le parking est toujours plein": "le est toujours plein" says
    nothing (0.67 at best), Mobilité follows the reviewed answers."""
    best = int(own.argmax())
    return best not in passed and own[best] >= shared_words.TOPICAL_SCORE
