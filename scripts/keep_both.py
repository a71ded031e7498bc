"""Resolve append-only merge conflicts by keeping both sides (ours first)."""
import sys
from pathlib import Path

for name in sys.argv[1:]:
    path = Path(name)
    lines = [ln for ln in path.read_text().splitlines(keepends=True)
             if not ln.startswith(("<<<<<<< ", "=======", ">>>>>>> "))]
    path.write_text("".join(lines))
    print("resolved", name)
