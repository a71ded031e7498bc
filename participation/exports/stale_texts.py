"""The section's texts to read again before exporting: every text the coordinator saved or
validated whose figures have changed since (``services.stale``), wherever it was saved.

- a block's own text saved on the section page (method, formats, a survey's block…);
- a challenge's draft validated on its page (``analysis.views.validate_draft``, key
  "theme-<code>"): compared with the draft the challenge's page computes now
  (``analysis.views.challenge_draft``), the page that flags it ("Les chiffres ont changé
  depuis la validation…");
- a year-on-year table validated with other figures (``section_evolution.reviewed``: state
  "change"): it left the section, and the coordinator is told where to validate it again.

The printed and downloaded section keep the coordinator's texts: the coordinator decides.
"""
from __future__ import annotations

from participation.exports import services


def mark_stale(model: dict, texts: dict[str, str], territory_id: int) -> None:
    """Each block whose saved text was computed over other figures than now gets ``stale``:
    {"changes" (``services.stale``: each changed figure, "« … » : 6 sur 6 au lieu de 5 sur
    5"), "computed": the paragraphs computed now, "challenge_id" (a challenge's
    validated draft, to re-validate on its page) or None}; ``model["stale"]`` lists those
    blocks, ``model["stale_reviews"]`` the (title, challenge_id) of the year-on-year tables
    validated with other figures, for the section's staff page. In place."""
    snapshots = services.section_snapshots(territory_id)
    model["stale"], model["stale_reviews"] = [], []
    for block in model["blocks"]:
        for name in ("evolution_review", "atouts_review"):
            review = block.get(name)
            if review and review["state"] == "change":
                model["stale_reviews"].append((review["title"], review["challenge_id"]))
        if not texts.get(block["key"]) or block["key"] not in snapshots:
            continue
        challenge = block.get("challenge_id")
        computed = _challenge_draft(challenge) if challenge else "\n".join(block["generated"])
        moved = services.stale(snapshots[block["key"]], computed)
        if moved:
            block["stale"] = {"changes": moved, "computed": computed.splitlines(),
                              "challenge_id": challenge}
            model["stale"].append(block)


def _challenge_draft(challenge_id: int) -> str:
    from participation.analysis.views import challenge_draft

    return challenge_draft(challenge_id)
