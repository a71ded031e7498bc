"""Migration s24erase_7d2e9c41b5a3 marks the contributions erased before it: their only trace
was the placeholder text that replaced them, which the analyses then read as a resident's
words (field test t24field, defect 3)."""
from __future__ import annotations

import sqlite3

from tests.core.test_migrations import _flask

PLACEHOLDER = "[Texte effacé à la demande d'une personne dont il contenait les coordonnées]"


def _insert(database, texts: list[str]) -> None:
    """Contributions as stored before the revision (foreign keys off: no territory row)."""
    with sqlite3.connect(database) as conn:
        for text in texts:
            conn.execute(
                "INSERT INTO contribution (territory_id, text, kind, author_role, source_format,"
                " said_on, attribution_consent, status, created_at, updated_at) VALUES "
                "(1, ?, 'constat', 'habitant', 'saisie', '2024-06-01', 0, 'recue', "
                "'2024-06-01 10:00:00', '2024-06-01 10:00:00')", (text,))


def test_the_upgrade_marks_the_rows_erased_before_it(tmp_path):
    database = tmp_path / "before.sqlite"
    url = f"sqlite:///{database}"
    before = _flask(url, "db", "upgrade", "a8d3ba3fc6c0", tmp_path=tmp_path)
    assert before.returncode == 0, before.stderr
    _insert(database, [PLACEHOLDER, "il manque un médecin", "[Texte effacé] dit-elle"])
    after = _flask(url, "db", "upgrade", "7d2e9c41b5a3", tmp_path=tmp_path)
    assert after.returncode == 0, after.stderr
    with sqlite3.connect(database) as conn:
        rows = conn.execute("SELECT text, erased_at IS NOT NULL FROM contribution ORDER BY id")
        assert [(text, bool(erased)) for text, erased in rows] == [
            (PLACEHOLDER, True), ("il manque un médecin", False),
            ("[Texte effacé] dit-elle", False)]
