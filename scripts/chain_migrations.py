"""Re-chain Alembic revisions that branch from the same parent into one line.

Feature branches each add a revision on top of the same parent; after merging them, run this
to put those siblings one after the other (ordered by file name) so `flask db upgrade` has one
head. Prints what it changed.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

VERSIONS = Path(__file__).resolve().parent.parent / "migrations" / "versions"
REV = re.compile(r'^revision\s*=\s*[\'"]([^\'"]+)[\'"]', re.M)
DOWN = re.compile(r'^down_revision\s*=\s*([^\n]+)$', re.M)


def main() -> int:
    files = sorted(VERSIONS.glob("*.py"))
    revs = {}
    for f in files:
        text = f.read_text()
        rev = REV.search(text).group(1)
        down = DOWN.search(text).group(1).strip().strip("'\"")
        revs[rev] = (f, None if down == "None" else down)
    children: dict[str | None, list[str]] = {}
    for rev, (_f, down) in revs.items():
        children.setdefault(down, []).append(rev)
    changed = 0
    for parent, kids in list(children.items()):
        if len(kids) < 2:
            continue
        kids.sort(key=lambda r: revs[r][0].name)
        previous = parent
        for kid in kids:
            # follow this kid's own line to its head before chaining the next sibling
            f, _down = revs[kid]
            if _down != previous:
                text = f.read_text()
                text = DOWN.sub(f"down_revision = '{previous}'", text, count=1)
                text = re.sub(r"^Revises: .*$", f"Revises: {previous}", text, count=1, flags=re.M)
                f.write_text(text)
                print(f"{f.name}: down_revision -> {previous}")
                changed += 1
            head = kid
            while children.get(head):
                head = children[head][0]
            previous = head
    if not changed:
        print("already a single chain")
    return 0


if __name__ == "__main__":
    sys.exit(main())
