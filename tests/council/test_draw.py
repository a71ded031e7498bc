"""The draw algorithm, without the database: reproducible, parity-stratified, tamper-evident."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from participation.council import draw, verify_draw


def _inputs(women=11, men=11, seed="3 1 4 1 5 9", seats=8, subs=6, others=0):
    entries = [(i, "f") for i in range(1, women + 1)]
    entries += [(women + i, "h") for i in range(1, men + 1)]
    entries += [(women + men + i, "") for i in range(1, others + 1)]
    return draw.build_inputs(entries, seats, subs, True, seed=seed)


def test_same_inputs_same_result():
    first, second = draw.run_draw(_inputs()), draw.run_draw(_inputs())
    assert first == second
    assert len(first["seats"]) == 8 and len(first["substitutes"]) == 6
    assert not set(first["seats"]) & set(first["substitutes"])


def test_order_of_the_list_does_not_matter():
    inputs = _inputs()
    shuffled = dict(inputs, candidates=list(reversed(inputs["candidates"])))
    assert draw.run_draw(shuffled) == draw.run_draw(inputs)


def test_seed_spaces_are_not_significant():
    spaced = _inputs(seed=" 3  1 4 1 5 9")
    assert draw.run_draw(_inputs(seed="3 1 4 1 5 9")) == draw.run_draw(spaced)


@pytest.mark.parametrize("seats", [7, 8, 9])
def test_parity_respected_for_many_seeds(seats):
    for k in range(300):
        inputs = _inputs(women=5 + k % 9, men=5 + k % 7, seed=f"graine {k}", seats=seats,
                         others=k % 3)
        result = draw.run_draw(inputs)
        sex = {c["number"]: c["sex"] for c in inputs["candidates"]}
        assert draw.parity_ok([sex[n] for n in result["seats"]]), (k, result)
        # every prefix of the ranked list keeps parity while both sexes remain
        ranked = result["seats"] + result["substitutes"]
        assert draw.parity_ok([sex[n] for n in ranked[:seats + 2]])


def test_seeds_spread_the_seats():
    seen = set()
    for k in range(50):
        seen.update(draw.run_draw(_inputs(seed=str(k)))["seats"])
    assert len(seen) == 22  # every candidate got a seat under some seed


def test_changing_one_input_changes_the_result():
    base = draw.run_draw(_inputs())
    assert draw.run_draw(_inputs(seed="3 1 4 1 5 8")) != base
    inputs = _inputs()
    inputs["candidates"][0]["sex"] = "h"
    assert draw.fingerprint(inputs["candidates"]) != _inputs()["fingerprint"]
    inputs["candidates"].append({"number": 99, "sex": "f"})
    assert draw.run_draw(inputs)["fingerprint"] != base["fingerprint"]


def test_check_detects_tampering():
    inputs = _inputs()
    inputs["result"] = draw.run_draw(inputs)
    assert draw.check(inputs) == []
    forged = json.loads(json.dumps(inputs))
    forged["result"]["seats"][0], forged["result"]["substitutes"][0] = (
        forged["result"]["substitutes"][0], forged["result"]["seats"][0])
    assert draw.check(forged)
    added = json.loads(json.dumps(inputs))
    added["candidates"].append({"number": 50, "sex": "h"})
    assert any(p.startswith("fingerprint") for p in draw.check(added))


def test_standalone_script_runs_with_stdlib_only(tmp_path):
    """The public copies one file and runs it in an isolated interpreter."""
    shutil.copy(Path(verify_draw.__file__), tmp_path / "verify_draw.py")
    inputs = _inputs()
    inputs["result"] = draw.run_draw(inputs)
    (tmp_path / "tirage.json").write_text(json.dumps(inputs), encoding="utf-8")
    ok = subprocess.run([sys.executable, "-I", "verify_draw.py", "tirage.json"], cwd=tmp_path,
                        capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "CONFORME" in ok.stdout and inputs["fingerprint"] in ok.stdout
    inputs["seed"] = "autre graine"
    (tmp_path / "tirage.json").write_text(json.dumps(inputs), encoding="utf-8")
    bad = subprocess.run([sys.executable, "-I", "verify_draw.py", "tirage.json"], cwd=tmp_path,
                         capture_output=True, text=True)
    assert bad.returncode == 1 and "NON CONFORME" in bad.stdout


def test_substitute_keeps_parity():
    # 4 women, 3 men left after a woman resigned: a woman is proposed even if a man ranks first
    active = ["f"] * 3 + ["h"] * 4
    assert draw.propose_substitute(active, [(12, "h"), (4, "f")], True) == (4, "f")
    assert draw.propose_substitute(active, [(12, "h"), (4, "f")], False) == (12, "h")
    assert draw.propose_substitute(active, [], True) is None


def test_household_list_is_all_or_nothing(app):
    with app.test_request_context():
        _check_household_list()


def _check_household_list():
    rows = draw.parse_households_csv("reference;sexe\nLOG-1;F\nLOG-2;h\nLOG-3;\n")
    assert rows == [("LOG-1", "f"), ("LOG-2", "h"), ("LOG-3", "")]
    with pytest.raises(draw.ImportRejected) as exc:
        draw.parse_households_csv("reference;sexe\nLOG-1;F\n;H\nLOG-1;F\nLOG-4;X\n")
    assert [line for line, _ in exc.value.errors] == [3, 4, 5]
    assert "LOG-1 apparaît deux fois" in exc.value.errors[1][1]
