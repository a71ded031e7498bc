"""The section's per-challenge blocks: the contracts' three columns (propositions,
manquements, mobilisation of the partners) and each challenge's evolution blocks
(``docs/exports.md``, orders 40-59).
"""
from __future__ import annotations

import pandas as pd
from flask_babel import gettext as _

from participation.analysis import column_texts, frames, summary
from participation.core import smallcounts, typography
from participation.core.memo import content_memo, digest, row_hashes
from participation.exports.section_block import new_block
from participation.exports.section_evolution import evolution_blocks


def theme_blocks(data: pd.DataFrame, tags: pd.DataFrame, challenges: pd.DataFrame,
                 common: frozenset[str] = frozenset()) -> list[dict]:
    """Per challenge, the contracts' three columns (cells may be empty), and its evolution
    (``common``: the territory's terms that name no need, ``kept.common_terms``)."""
    header = [_("Propositions des habitants pour y remédier"),
              _("Manquements / dysfonctionnements relevés par les habitants"),
              _("Mobilisation des partenaires en réponse aux besoins")]
    blocks = [new_block("themes", _("Ce que les habitants ont dit, thème par thème"), 40)]
    current = challenges[challenges["current"]]
    hashes = row_hashes(data)
    members = frames.challenge_members(tags, challenges)  # every challenge's rows at once
    for position, node in enumerate(current.itertuples()):
        sub = data[data["id"].isin(members.get(int(node.id), ()))]
        if not sub.empty:
            blocks += content_memo("section.theme",
                                   lambda n=node, p=position, s=sub: _theme(s, n, p, header,
                                                                            common),
                                   digest(hashes[sub.index].to_numpy(), header,
                                          frozenset(common)), repr(tuple(node)), position)
    return blocks


def _theme(sub: pd.DataFrame, node, position: int, header: list[str],
           common: frozenset[str] = frozenset()) -> list[dict]:
    """One challenge's three-column block and its evolution block (none without rows), from
    its contributions ``sub``; kept by ``sub`` and the node (``core.memo.content_memo``)."""
    minimum = smallcounts.min_count()
    keys = ("propositions", "manquements", "mobilisation")
    cols = summary.three_columns(sub, minimum)
    depth = max(len(cols[k]) for k in cols)
    rows = [[(typography.said(cols[k][i]) if i < len(cols[k]) else "") for k in keys]
            for i in range(depth)]
    caption = _caption(sub, header, minimum)
    if not rows and not caption:
        return []
    block = new_block(f"theme-{node.code}", f"{node.code} · {node.name}",
                      40 + (position + 1) / 1000, (),
                      [{"caption": caption, "header": header, "rows": rows}], level=3)
    # its draft is read and validated on the challenge's page (analysis.summary_page)
    block["challenge_id"] = int(node.id)
    return [block, *evolution_blocks(sub, node, block["order"], common)]


def _caption(sub: pd.DataFrame, header: list[str], minimum: int) -> str:
    """What a challenge's three columns leave out, said under them: a column of 1 to
    ``minimum`` - 1 contributions, "moins de 5", one text as an example; the answers in
    other languages and the fragments a column does not quote (``column_texts.notes``)."""
    keys = ("propositions", "manquements", "mobilisation")
    few = summary.few_columns(sub, minimum)
    left_out = column_texts.left_out(sub, summary.three_masks(sub))
    said = [_("« %(column)s » : moins de %(n)s contributions, un texte pour exemple.",
              column=title, n=minimum)
            for key, title in zip(keys, header, strict=True) if key in few]
    said += [f"« {title} » : {note}" for key, title in zip(keys, header, strict=True)
             for note in column_texts.notes(left_out[key], minimum)]
    return " ".join(said)
