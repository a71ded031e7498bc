"""The section's residents' quotes (``docs/exports.md``, order 80), and the coordinator's
texts with quotes no longer published left out.
"""
from __future__ import annotations

import pandas as pd
from flask_babel import gettext as _

from participation.analysis import citations, frames, kept, quoting, said_rows
from participation.core import typography
from participation.exports.section_block import new_block


def quotes_block(data: pd.DataFrame, labels: dict, names: frozenset[str] = frozenset(),
                 common: frozenset[str] = frozenset()) -> dict:
    """Five residents' quotes, one from each of the five biggest needs residents raised
    (``quoting.representative_quotes``) in the table of what the territory's residents said
    (``analysis.kept.said``: each answer once, under the need it names first, the rows a
    challenge's page prints for its own answers; ``names``: the territory's places,
    ``common``: its terms said about every subject, never a need). A quote is one paragraph:
    its line breaks and runs of spaces one space (as a page shows them), never a quote cut
    over two paragraphs of the DOCX/ODT."""
    rows = data.reset_index(drop=True)
    said = kept.said(rows, names, common)
    quotes = quoting.representative_quotes(rows, labels["author_role"], n=5,
                                           wording=frames.wording(),
                                           groups=said_rows.quoted_groups(said))
    lines = [f"« {typography.said(' '.join(q.text.split()))} »"  # one paragraph each
             + (f" — {q.attribution}" if q.attribution else "")
             for q in quotes.itertuples()]
    return new_block("citations", _("Paroles d'habitants"), 80, lines)


def checked_quotes(territory_id: int, texts: dict[str, str] | None) -> dict[str, str] | None:
    """The coordinator's texts as printed: in each "Citations" line, a quote that is no
    longer any contribution's words (erased since) left out, a signature no longer
    consented (withdrawn, purged) too (``analysis.citations.kept``); read at every print,
    so an erasure reaches texts validated before it."""
    if not texts or not any("«" in text for text in texts.values()):
        return texts
    published = citations.published(territory_id)
    return {key: citations.kept(text, published) if "«" in text else text
            for key, text in texts.items()}
