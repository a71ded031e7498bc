"""The shape of one block of the section model (``docs/exports.md``): a new block, and a
block's texts with residents' contact details masked.
"""
from __future__ import annotations

from participation.privacy.masking import mask_contacts


def new_block(key: str, title: str, order: int, paragraphs=(), tables=(), images=(),
              level: int = 2) -> dict:
    """A block of the section model: {key, title, order (its place: 10 method … 90 annex),
    level (2 or 3: the heading), paragraphs [str], tables [{caption, header, rows}], images};
    ``docs/exports.md`` gives the shape."""
    return {"key": key, "title": title, "order": order, "level": level,
            "paragraphs": list(paragraphs), "tables": list(tables), "images": list(images)}


def mask_block(block: dict) -> dict:
    """The block's paragraphs and table cells with the contact details residents wrote in
    them masked (``privacy.masking``): the section is a public document (in place)."""
    block["paragraphs"] = [mask_contacts(p) for p in block["paragraphs"]]
    for table in block.get("tables") or ():
        table["rows"] = [[mask_contacts(cell) for cell in row] for row in table["rows"]]
    return block
