"""Migration conds_7c3d1e9a4b20 on a SQLite database holding a survey with the former single
conditions: each becomes its expression and AST, and no option or answer is lost (foreign
keys on: the table is never rebuilt)."""
from __future__ import annotations

import json
import sqlite3

from tests.core.test_migrations import _flask

QUESTION = ("INSERT INTO survey_question (id, survey_id, position, name, type, label, help, "
            "required, personal, has_other, contribution_kind, codebook, translations, "
            "condition_question_id, condition_op, condition_value) "
            "VALUES (?, 1, ?, ?, ?, ?, '', 0, 0, 0, 'constat', '', '', ?, ?, ?)")


def _fill(path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO survey (id, slug, title, intro, languages, status, territory_id, "
                 "created_at, updated_at) VALUES (1, 's', 'S', '', 'fr', 'open', 1, "
                 "'2024-01-01', '2024-01-01')")
    for row in [(1, 0, "info", "yes_no", "Info ?", None, None, None),
                (2, 1, "canal", "short_text", "Canal ?", 1, "equals", "oui"),
                (3, 2, "age", "number", "Âge ?", None, None, None),
                (4, 3, "adulte", "short_text", "Adulte ?", 3, "at_least", "18"),
                (5, 4, "note", "number", "Note ?", 3, "equals", "7"),
                (6, 5, "pourquoi", "short_text", "Pourquoi ?", 1, "includes", "non")]:
        conn.execute(QUESTION, row)
    conn.execute("INSERT INTO survey_option (id, question_id, position, name, label, "
                 "translations) VALUES (1, 1, 0, 'oui', 'Oui', ''), (2, 1, 1, 'non', 'Non', '')")
    conn.execute("INSERT INTO survey_response (id, survey_id, token, channel, submitted_at) "
                 "VALUES (1, 1, 't', 'web', '2024-01-01')")
    conn.execute("INSERT INTO survey_answer (id, response_id, question_id, option_id, is_other, "
                 "text) VALUES (1, 1, 1, 1, 0, NULL), (2, 1, 2, NULL, 0, 'Facebook')")
    conn.commit()
    conn.close()


def test_single_conditions_become_expressions_and_nothing_is_lost(tmp_path):
    path = tmp_path / "old.sqlite"
    url = f"sqlite:///{path}"
    before = _flask(url, "db", "upgrade", "a12c4e7f9b31", tmp_path=tmp_path)
    assert before.returncode == 0, before.stderr
    _fill(path)
    after = _flask(url, "db", "upgrade", tmp_path=tmp_path)
    assert after.returncode == 0, after.stderr
    conn = sqlite3.connect(path)
    rows = {r[0]: (r[1], json.loads(r[2]) if r[2] else None) for r in conn.execute(
        "SELECT name, relevant, relevant_ast FROM survey_question")}
    assert rows["canal"] == ("${info} = 'oui'",
                             {"op": "=", "args": [{"ref": "info"}, {"lit": "oui"}]})
    assert rows["adulte"] == ("${age} >= 18",
                              {"op": ">=", "args": [{"ref": "age"}, {"lit": 18.0}]})
    assert rows["note"] == ("${age} = 7", {"op": "=", "args": [{"ref": "age"}, {"lit": 7.0}]})
    assert rows["pourquoi"][0] == "selected(${info}, 'non')"
    assert rows["info"] == ("", None)
    counts = [conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
              for t in ("survey_option", "survey_answer")]
    assert counts == [2, 2]
    assert conn.execute("SELECT COUNT(*) FROM survey_question WHERE condition_op IS NOT NULL"
                        ).fetchone()[0] == 0
    conn.close()
