"""The section's year-on-year blocks of a challenge, and the coordinator's review of them:
one enters the section only as validated on the challenge's page (``docs/analysis.md``).
"""
from __future__ import annotations

import pandas as pd
from flask_babel import gettext as _

from participation.analysis import evolution_words as words
from participation.analysis import kept, years
from participation.core import smallcounts
from participation.exports import services
from participation.exports.section_block import new_block


def evolution_blocks(frame: pd.DataFrame, node, order: float,
                     common: frozenset[str] = frozenset()) -> list[dict]:
    """A challenge in its two latest consultations (``years.evolution``), one block per table
    (``years.PARTS``: residents' needs, then their atouts): the bases, each row's count with
    its base and share, the change in points, the answers in other languages not counted,
    what is new and what is gone. No block for a table without two years of at least the
    minimum count of its contributions; ``common``: the territory's terms that name no need
    (``kept.common_terms``), nor does ``node``'s name. A block's ``review`` ({challenge_id,
    digest: ``years.digest``}) is what the coordinator validates on the challenge's page
    before it enters the section (``reviewed``)."""
    minimum = smallcounts.min_count()
    found = []
    for rank, part in enumerate(years.PARTS):
        if years.compared_years(frame[years.residents_words(frame, part)], minimum) is None:
            continue  # nothing to compare
        evo = kept.evolution(frame, minimum, common, part, node.name)
        found.append(_evolution_block(evo, node, order + (rank + 1) * 1e-7, minimum))
    return found


def _evolution_block(evo: dict, node, order: float, minimum: int) -> dict:
    """One year-on-year block of ``node`` (a challenge) from ``years.evolution``'s ``evo``:
    key "evolution-<code>" (needs) or "evolution-atouts-<code>", its sentences and table."""
    before, last, bases = evo["previous"], evo["last"], evo["bases"]

    def cell(count, pct, year):
        if count is None:
            return smallcounts.fewer(minimum)
        return _("%(n)s sur %(base)s (%(pct)s %%)", n=count, base=bases[year], pct=pct)

    rows = [[r.label, cell(r.previous, r.previous_pct, before), cell(r.last, r.last_pct, last),
             "—" if r.change is None else f"{r.change:+d}"] for r in evo["rows"].itertuples()]
    table = {"caption": words.caption(evo), "header": words.header(evo), "rows": rows}
    atouts = evo.get("part") == "atouts"
    title = (_("%(code)s · %(name)s : évolution des atouts de %(y1)s à %(y2)s", code=node.code,
               name=node.name, y1=before, y2=last) if atouts else
             _("%(code)s · %(name)s : évolution de %(y1)s à %(y2)s", code=node.code,
               name=node.name, y1=before, y2=last))
    key = f"evolution-atouts-{node.code}" if atouts else f"evolution-{node.code}"
    block = new_block(key, title, order, _evolution_paragraphs(evo, minimum),
                      [table] if rows else [], level=3)
    block["review"] = {"challenge_id": int(node.id), "digest": years.digest(evo)}
    return block


def _evolution_paragraphs(evo: dict, minimum: int) -> list[str]:
    """The sentences of an evolution block: the bases (what is counted), the answers in
    other languages not counted, that no row is published when none reaches ``minimum``,
    then what is new and what is gone, quoted."""
    last = evo["last"]
    quoted = lambda labels: ", ".join(f"« {label} »" for label in labels)  # noqa: E731
    paragraphs = [words.bases_sentence(evo), *words.unread(evo, minimum)]
    if evo["rows"].empty:
        paragraphs.append(words.none_published(evo, minimum))
    if evo["new"]:
        paragraphs.append(_("Nouveau en %(y)s :", y=last) + " " + quoted(evo["new"]) + ".")
    if evo["gone"]:
        paragraphs.append(_("Ne revient plus en %(y)s :", y=last) + " " + quoted(evo["gone"])
                          + ".")
    return paragraphs


def reviewed(model: dict, texts: dict[str, str] | None) -> dict:
    """The evolution blocks as the coordinator decided on the challenge's page
    (``services.evolution_choice``): one enters the section only when its figures were
    validated as they are now (same ``years.digest``), with its table ("tableau") or
    without it ("texte"); excluded ("exclu"), never validated, or validated with other
    figures, it is left out and its challenge's block says so to the coordinator
    (``evolution_review``, ``atouts_review`` for the atouts' table: {title, challenge_id,
    state: "exclu", "nouveau" or "change"}).
    In place; returns ``model``."""
    themes = {b["challenge_id"]: b for b in model["blocks"] if b.get("challenge_id")}
    shown = []
    for block in model["blocks"]:
        review = block.pop("review", None)
        if review is None:  # an evolution kept without its figures' digest never enters
            if not block["key"].startswith("evolution-"):
                shown.append(block)
            continue
        choice, digest = services.evolution_choice(texts or {}, block["key"])
        if choice in ("tableau", "texte") and digest == review["digest"]:
            block["tables"] = block["tables"] if choice == "tableau" else []
            shown.append(block)
            continue
        state = "exclu" if choice == "exclu" else ("change" if choice else "nouveau")
        if review["challenge_id"] in themes:  # the atouts' table has its own notice
            name = "atouts_review" if block["key"].startswith("evolution-atouts-") \
                else "evolution_review"
            themes[review["challenge_id"]][name] = {
                "title": block["title"], "challenge_id": review["challenge_id"],
                "state": state}
    model["blocks"] = shown
    return model
