"""Resolve a merge conflict by keeping our side only."""
import sys
from pathlib import Path

for name in sys.argv[1:]:
    out, mode = [], None
    for ln in Path(name).read_text().splitlines(keepends=True):
        if ln.startswith("<<<<<<< "):
            mode = "ours"
            continue
        if ln.startswith("=======") and mode:
            mode = "theirs"
            continue
        if ln.startswith(">>>>>>> "):
            mode = None
            continue
        if mode != "theirs":
            out.append(ln)
    Path(name).write_text("".join(out))
    print("kept ours in", name)
