"""The participation section of the contract, as a list of blocks (the *section model*).

The built-in blocks come from the contributions of every format: method and calendar, one
block per format with its figures, per-theme three-column tables, forces/faiblesses per
quartier (split by commune), quotes. Features add richer blocks (survey results, Johari page,
conseil citoyen page) through ``registry.SECTION_BLOCKS``. Coordinators' edited texts
(``SectionText``) replace the generated paragraphs of the block with the same key: staff's
words, printed as written, only the residents' words they quote masked (``mask_quoted``). The
renderers (``render.py``) turn the model into HTML, DOCX and ODT. Each kind of block has its
module (``section_formats``, ``section_themes``, ``section_evolution``, ``section_forces``,
``section_quotes``, the block's shape in ``section_block``); this one assembles them.
"""
from __future__ import annotations

from flask_babel import gettext as _

from participation.analysis import frames, grouping, kept, published
from participation.core import smallcounts
from participation.core.memo import memo
from participation.exports.registry import SECTION_BLOCKS
from participation.exports.section_block import mask_block
from participation.exports.section_evolution import reviewed
from participation.exports.section_forces import forces_block, validated_cells
from participation.exports.section_formats import format_blocks, method_block
from participation.exports.section_quotes import checked_quotes, quotes_block
from participation.exports.section_themes import theme_blocks
from participation.privacy.masking import mask_quoted


def generated_section(territory) -> dict:
    """The section model as computed from the data (no coordinator's wording applied); each
    frame read once (``frames.read_once``: the surveys' blocks read them again)."""
    with frames.read_once():
        return _generated_section(territory)


def _generated_section(territory) -> dict:
    data = frames.contributions_frame(territory.id)
    labels = frames.labels()
    contract = territory.current_contract
    blocks: list[dict] = []
    if not data.empty:
        tags, challenges = frames.validated_tags(territory.id), frames.challenges_frame(contract)
        common = kept.common_terms(data, tags, challenges)
        withheld = frozenset(published.withheld_formats(territory.id))  # as the analyses' index
        blocks += [method_block(data, labels, withheld),
                   *format_blocks(data, labels, withheld),
                   *theme_blocks(data, tags, challenges, common),
                   forces_block(data, tags, challenges),
                   quotes_block(data, labels, grouping.place_terms(
                       frames.quartiers_frame(territory.id)), common)]
    for func in SECTION_BLOCKS:
        blocks.extend(func(territory))
    for block in blocks:
        mask_block(block)
        block["generated"] = list(block["paragraphs"])  # the edit form compares with it
    title = _("La participation des habitants")
    name = contract.name if contract else territory.name
    return {"title": title, "subtitle": f"{name} — {territory.name}",
            "blocks": sorted(blocks, key=lambda b: b.get("order", 100)),
            "min_count": smallcounts.min_count()}


def build_section(territory, texts: dict[str, str] | None = None) -> dict:
    """The section model: title, blocks sorted by ``order``; edited texts applied (and
    repeated in the forces/faiblesses cells no contribution filled, ``validated_cells``),
    their quotes checked against the contributions (``checked_quotes``).

    The generated part is kept until the territory's data changes (``core.memo``)."""
    model = memo(territory.id, "section", lambda: generated_section(territory))
    texts = checked_quotes(territory.id, texts)
    for block in model["blocks"]:
        if texts and texts.get(block["key"]):
            # staff's own words, as written; the residents' words they quote masked
            block["paragraphs"] = [mask_quoted(p) for p in texts[block["key"]].splitlines()
                                   if p.strip()]
    return validated_cells(reviewed(model, texts), texts)
