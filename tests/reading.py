"""Reading a page as a person does: the no-break spaces of French typography
(``participation.core.typography``: U+00A0 before ":" and inside « », U+202F before "! ? ;")
look like spaces. ``plain(html)`` maps them to ordinary spaces so that a test can look for
"Votre numéro : 1" in a French page; a test of the typography itself reads the raw text."""
from __future__ import annotations

NO_BREAK = str.maketrans({"\u00a0": " ", "\u202f": " "})


def plain(text: str) -> str:
    return text.translate(NO_BREAK)


def section_text(page, title: str) -> str:
    """The words of a WebTest ``page`` from the <h2> starting with ``title`` to the next
    <h2>, runs of spaces made one."""
    heading = next(h for h in page.html.select("h2") if h.get_text().startswith(title))
    parts = []
    for sibling in heading.find_next_siblings():
        if sibling.name == "h2":
            break
        parts.append(sibling.get_text(" ", strip=True))
    return " ".join(" ".join(parts).split())


def table_rows(table) -> list[list[str]]:
    """The body rows of a parsed <table> (BeautifulSoup), each cell (th or td) as its words
    read by a person: runs of spaces, no-break ones too, made one."""
    return [[" ".join(plain(c.get_text(" ")).split()) for c in tr.find_all(["th", "td"])]
            for tr in table.find("tbody").find_all("tr")]
