"""Reading a CSV as a spreadsheet does when told to split on several separators at once.

LibreOffice's import dialog (and Excel's text wizard) let a person tick "Tabulation" beside
"Point-virgule": every one of them then separates cells, except inside a cell that starts
with a double quote, read up to its closing quote (a quote doubled inside). ``rows(text,
separators)`` -> the cells of each line so read; a file is safe when it reads the same with
``";\\t"`` as with ``";"`` (the test compares with the ``csv`` module's reading).
"""
from __future__ import annotations


def _quoted(text: str, start: int) -> tuple[str, int]:
    """The quoted cell starting at ``text[start] == '"'`` -> (its value, index after it)."""
    value, index = [], start + 1
    while index < len(text):
        if text[index] == '"' and text[index + 1:index + 2] == '"':
            value.append('"')
            index += 2
        elif text[index] == '"':
            return "".join(value), index + 1
        else:
            value.append(text[index])
            index += 1
    return "".join(value), index


def rows(text: str, separators: str) -> list[list[str]]:
    """Every non-empty line of ``text`` as its cells, split on any of ``separators``."""
    found, row, cell, index = [], [], [], 0
    while index < len(text):
        char = text[index]
        if char == '"' and not cell:
            value, index = _quoted(text, index)
            cell.append(value)
            continue
        if char in separators:
            row.append("".join(cell))
            cell = []
        elif char in "\r\n":
            row.append("".join(cell))
            found.append(row)
            row, cell = [], []
            index += 1 if text[index:index + 2] != "\r\n" else 2
            continue
        else:
            cell.append(char)
        index += 1
    if cell or row:
        found.append([*row, "".join(cell)])
    return [r for r in found if r != [""]]
