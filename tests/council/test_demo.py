"""The demo council: re-formed Pasteur-Foch council, verifiable draws, one meeting."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from participation.contributions.models import Contribution
from participation.council import draws, verify_draw
from participation.council.models import Candidacy, Council, Draw, Meeting


def test_demo_council_loads_once_and_verifies(demo_first_load, runner, client, tmp_path):
    from participation.extensions import db

    result = runner.invoke(args=["demo", "load"])  # a second time, over the first load
    assert result.exit_code == 0, result.output
    council = db.session.scalar(select(Council))
    assert db.session.scalar(select(func.count()).select_from(Council)) == 1
    assert db.session.scalar(select(func.count()).select_from(Candidacy)) == 12
    assert "discrétion" in council.charter.text.lower()
    assert len(council.active_members) == 8
    assert all(m.charter_version == 1 for m in council.active_members)
    for d in db.session.scalars(select(Draw)):
        assert draws.verify_stored_draw(d) == []
    meeting = db.session.scalar(select(Meeting))
    assert all(item.voted for item in meeting.items)
    assert db.session.scalar(select(func.count()).select_from(Contribution).where(
        Contribution.author_role == "conseil_citoyen")) == 2
    # what the public downloads verifies with the standalone script
    draw = db.session.scalar(select(Draw).order_by(Draw.id))
    (tmp_path / "tirage.json").write_bytes(client.get(f"/tirage/{draw.id}.json").data)
    (tmp_path / "verify_draw.py").write_bytes(client.get("/tirage/verify_draw.py").data)
    assert (tmp_path / "verify_draw.py").read_text() == Path(verify_draw.__file__).read_text()
    run = subprocess.run([sys.executable, "-I", "verify_draw.py", "tirage.json"],
                         cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode == 0 and "CONFORME" in run.stdout
    published = json.loads((tmp_path / "tirage.json").read_text())
    assert "Demo" not in json.dumps(published)
    page = client.get(f"/conseil/{council.id}")
    assert "Jean L." in page.text and "Demo-" not in page.text
    assert len(page.data) < 40_000
