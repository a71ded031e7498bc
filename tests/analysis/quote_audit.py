"""The quotes an output prints, read back from it and checked against the contributions
(issue #13, item 4: "every quote an exact substring of a real contribution, attributed only
with consent").

A quote is what the product prints as a person's words: « text », optionally signed
("« … » — Habitante — Cité Pasteur, 40-59 ans" in the section and under a blockquote,
"« … » (Habitante …)" in a draft's "Citations" line), a verbatim of a group, a text of the
three columns. It must be a substring of the text of one of the territory's contributions as
published (``mask_contacts``: a phone or e-mail is masked in every output), spaces compared
as runs (a page collapses them), a quote cut short ending with "…" compared without it. A
signature must be the attribution of such a contribution that consented to it
(``Contribution.attribution``: "" without consent).
"""
from __future__ import annotations

import html
import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field

from docx import Document

from participation.contributions.models import Contribution
from participation.extensions import db
from participation.privacy.masking import mask_contacts

SPACES = re.compile(r"[\s\u00a0\u202f]+")
CUT = "…"


def squash(text: str) -> str:
    """``text`` with its runs of spaces (no-break ones too) as one space, trimmed."""
    return SPACES.sub(" ", text or "").strip()


@dataclass
class Audit:
    """The territory's contributions as published, the faults found so far (where, what,
    quote, signature), the quotes checked per output (``seen``: its name without ids) and
    the signatures found right (``signed``)."""

    texts: list[tuple[str, str]]  # (squashed masked text, attribution or "")
    faults: list[tuple] = field(default_factory=list)
    seen: Counter = field(default_factory=Counter)
    signed: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, territory_id: int) -> Audit:
        rows = db.session.scalars(db.select(Contribution).where(
            Contribution.territory_id == territory_id)).all()
        return cls([(squash(mask_contacts(c.text)), c.attribution) for c in rows])

    def matching(self, quote: str) -> list[str]:
        """The attributions ("" for none) of the contributions whose text holds ``quote``."""
        quote = squash(quote)
        if quote.endswith(CUT):
            quote = quote[:-1].rstrip()
        return [signed for text, signed in self.texts if quote and quote in text]

    def check(self, where: str, quote: str, signature: str = "") -> None:
        """One quote printed in ``where``, signed ``signature`` ("" unsigned)."""
        self.seen[" ".join(w for w in where.split() if not w.isdigit())] += 1
        found, signature = self.matching(quote), squash(signature)
        if not found:
            self.faults.append((where, "not a contribution's words", quote, signature))
        elif signature and signature not in {squash(s) for s in found if s}:
            self.faults.append((where, "signed without consent", quote, signature))
        elif signature:
            self.signed.append(signature)

    def line(self, where: str, line: str) -> None:
        """Every quote of a line that prints quotes (``quotes_in``); a quote whose » is not
        on its line (cut in two paragraphs) is a fault."""
        for quote, signature in quotes_in(line, self):
            if signature is None:
                self.faults.append((where, "quote not closed on its line", quote, ""))
            else:
                self.check(where, quote, signature)


def _end_of(line: str, start: int, audit: Audit) -> int:
    """The index of the » closing the quote opened at ``start``: the first one whose words
    are some contribution's, else the first one (-1 when there is none)."""
    ends = [m.start() for m in re.finditer("»", line[start + 1:])]
    ends = [start + 1 + e for e in ends]
    for end in ends:
        if audit.matching(line[start + 1:end]):
            return end
    return ends[0] if ends else -1


def _signature(rest: str) -> tuple[str, int]:
    """The signature at the start of ``rest`` (what follows a quote's »): " — A" to the line's
    end or " (A)"; returns it and how many characters it takes."""
    match = re.match(r"[\s\u00a0]*—[\s\u00a0]*(.+)$", rest)
    if match:
        return match.group(1), len(rest)
    match = re.match(r"[\s\u00a0]*\(([^()]*)\)", rest)
    return (match.group(1), match.end()) if match else ("", 0)


def quotes_in(line: str, audit: Audit) -> list[tuple[str, str | None]]:
    """The (quote, signature) of a line of quotes: "« a » — A", "« a », « b »", "Citations :
    « a » (A) « b »"; signature None for a quote left open at the line's end."""
    found, index = [], line.find("«")
    while index >= 0:
        end = _end_of(line, index, audit)
        if end < 0:
            found.append((line[index + 1:], None))
            break
        signature, taken = _signature(line[end + 1:])
        found.append((line[index + 1:end], signature))
        index = line.find("«", end + 1 + taken)
    return found


def docx_lines(body: bytes) -> list[str]:
    """The lines of a DOCX: its paragraphs and each line of its tables' cells."""
    doc = Document(io.BytesIO(body))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return [line for text in [p.text for p in doc.paragraphs] + cells
            for line in text.splitlines()]


def odt_lines(body: bytes) -> list[str]:
    """The lines of an ODT's paragraphs and headings (line breaks, runs of spaces and tabs
    read)."""
    with zipfile.ZipFile(io.BytesIO(body)) as odt:
        xml = odt.read("content.xml").decode()
    xml = re.sub(r'<text:s text:c="(\d+)"/>', lambda m: " " * int(m.group(1)), xml)
    xml = xml.replace("<text:s/>", " ").replace("<text:tab/>", "\t")
    xml = xml.replace("<text:line-break/>", "\n").replace("</text:p>", "\n")
    xml = re.sub(r"</text:h>|<text:h\b", lambda m: "\n" + m.group(), xml)  # headings apart
    return html.unescape(re.sub(r"<[^>]+>", "", xml)).splitlines()
