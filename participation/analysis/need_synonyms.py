"""Rows of a need table that name one need in other words: « Docteur » with « Médecin ».

Issue #13 (tester t28coord, an ODK Central survey on Santé): the table printed « Médecin 8 —
20 % (sur 40) » while « docteur » and « pas de docteur depuis… » sat among « Autres
réponses »; the grouping puts them with the doctors (``grouping``: its similarity is mostly
the sentence encoder's, ``similarity.SENTENCE_SHARE``), the rows of ``need_rows`` did not,
each noun being its own row. So two rows are one need when the sentence encoder
(``sentences.embed``, the multilingual Universal Sentence Encoder the grouping reads) puts
the needs they name (``need_names.written_key``: "médecin", "docteur", "maison médicale")
at a cosine of at least ``SAME_NEED``; the smaller row joins the bigger one, which keeps its
label.

``SAME_NEED`` was read on the evaluation set of ``bench/analysis_quality.py`` (506 answers,
43 true needs, rows of ``need_rows`` per theme, 2026-11-30): of the pairs of rows at a
cosine of at least 0.8, 16 of 21 name the same true need (76 %), against 6 of 10 at 0.85
and 48 of 61 at 0.7 with 40 more pairs wrongly joined as the threshold falls; "médecin" and
"docteur" are at 0.85, "maison médicale" and "maison de santé" at 0.82, "médecin" and
"pédiatre" at 0.61, "médecin" and "dentiste" at 0.48. Slang the encoder barely knows is
not joined ("toubib": 0.52 to "médecin", below "pédiatre"). The word vectors
(``semantic``) cannot tell these apart ("médecin" is nearer "dentiste", 0.72, than
"docteur", 0.68): without the sentence package no row is joined. Pure: no app, no
database.
"""
from __future__ import annotations

import numpy as np

from participation.analysis import sentences

SAME_NEED = 0.8  # cosine of the sentence encoder at which two rows name one need


def joined_synonyms(members: dict[str, list[int]], names: dict[str, str]) -> dict[str, list[int]]:
    """``members`` (row key -> its answers, positions) with each row whose need (``names``:
    row key -> the need as residents write it, ``need_names.written_key``) is at a cosine of
    at least ``SAME_NEED`` of a bigger row's (``sentences.embed``) put in the nearest such
    row of another head noun (rows are read biggest first, ties by key; a row that joined
    another takes no other in; "médecin traitant" and "médecin" stay as ``need_rows.
    _joined`` left them); ``members`` unchanged without the sentence package or with fewer
    than two rows. Returns a new dict, answers sorted."""
    if len(members) < 2 or not sentences.available():
        return {key: sorted(answers) for key, answers in members.items()}
    order = sorted(members, key=lambda k: (-len(members[k]), k))
    vectors = np.asarray(sentences.embed([names[k].lower() for k in order]))
    near = vectors @ vectors.T
    kept: list[int] = []
    joined: dict[str, list[int]] = {}
    for i, key in enumerate(order):
        # rows of one head noun stay as ``need_rows._joined`` left them ("centre social")
        others = [j for j in kept if order[j].split(" ")[0] != key.split(" ")[0]]
        best = max(others, key=lambda j: near[i, j], default=None)
        if best is not None and near[i, best] >= SAME_NEED:
            joined[order[best]] += members[key]
            continue
        kept.append(i)
        joined[key] = list(members[key])
    return {key: sorted(answers) for key, answers in joined.items()}
