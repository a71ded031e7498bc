"""Every ratio of issue #16 (and the analysis budgets of #13) measured side by side in one run.

    PYTHONPATH=. python bench/all.py --postgres postgresql://u:pw@127.0.0.1:5432/db \
        [--national-url postgresql://…/national --single-url postgresql://…/one] [--out DIR]

Runs, one after the other on the same machine and in the same minutes, each bench as its
README documents it (``bench/README.md``), its whole output kept in ``--out`` (a new
temporary folder by default, printed):

1. ``http_pages.py --postgres URL``: residents' pages against the bare Flask route under the
   same gunicorn; answers in process against a bare one-commit route; 50 residents at once on
   SQLite (WAL) and PostgreSQL;
2. ``surveys_bench.py`` on SQLite and on PostgreSQL: 10,000 Kobo rows against
   ``pandas.read_csv`` plus a plain bulk insert of the same answer rows;
3. ``analysis_bench.py --only-counts`` on SQLite and on PostgreSQL: per-challenge breakdowns
   against a plain pandas groupby (in memory; counted in SQL against read_sql + groupby);
4. ``section_bench.py``: the analysis pages and the section's documents on the demo, first
   load after a new answer, against their budgets (0.5 s a page, 1.5 s a document);
5. with ``--national-url`` and ``--single-url`` (databases loaded by ``bench/national.py``,
   see docs/deployment.md): ``national_http.py``, every page and export of one territory
   through nginx with 1 and 2 app servers, on the national year and on the same territory
   alone.

Then prints one table: each figure, its target (from issue #16's text), met or not, and the
load average around each bench (figures of a loaded machine mean little). Exit status 1 when a
bench failed to run or printed an error count; a target not met is printed, not an error.
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLOAT = r"([0-9]+(?:\.[0-9]+)?)"


@dataclass
class Figure:
    """One printed figure: what it is, its value, its target as text and whether it is met
    (``None`` when the bench's output did not contain it)."""

    name: str
    value: float | None
    target: str
    met: bool | None
    unit: str = ""

    def line(self) -> str:
        shown = "—" if self.value is None else f"{self.value:g}{self.unit}"
        mark = {True: "met", False: "NOT met", None: "missing"}[self.met]
        return f"{self.name:<58}{shown:>12}  {self.target:<14}{mark}"


def at_least(name: str, value: float | None, floor: float, unit: str = "×") -> Figure:
    return Figure(name, value, f">= {floor:g}{unit}", None if value is None else
                  value >= floor, unit)


def at_most(name: str, value: float | None, ceiling: float, unit: str = "×") -> Figure:
    return Figure(name, value, f"<= {ceiling:g}{unit}", None if value is None else
                  value <= ceiling, unit)


def grab(pattern: str, text: str, group: int = 1) -> float | None:
    """The first match of ``pattern`` in ``text`` as a float, or None."""
    found = re.search(pattern, text, re.MULTILINE)
    return float(found.group(group)) if found else None


def run(label: str, command: list[str], out: Path, env: dict | None = None) -> str:
    """Run one bench (cwd: the project, PYTHONPATH set), keep its output in
    ``out/label.txt``, return it; prints the load average before and after."""
    print(f"== {label}: {' '.join(command)}  (load {os.getloadavg()[0]:.2f})", flush=True)
    environ = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    done = subprocess.run([sys.executable, *command], cwd=ROOT, env=environ,
                          capture_output=True, text=True)
    text = done.stdout + done.stderr
    (out / f"{label}.txt").write_text(text, encoding="utf-8")
    print(f"   exit {done.returncode}, load {os.getloadavg()[0]:.2f}", flush=True)
    if done.returncode:
        print("   " + "\n   ".join(text.splitlines()[-12:]))
    return text if done.returncode == 0 else text + "\nBENCH FAILED\n"


def pages_figures(text: str) -> list[Figure]:
    """Item 1 and 2 figures from ``http_pages.py``'s output."""
    rows = {"home /": "home page", "quartier /quartiers/1": "quartier page",
            "survey form /s/<slug>": "survey form", "thank-you /s/<slug>/merci": "thank-you page"}
    figures = [at_least(f"1. {name}: req/s app/bare route",
                        grab(rf"^{re.escape(row)}\s+\d+\s+\d+\s+{FLOAT}\s+{FLOAT}\s+{FLOAT}",
                             text, 3), 0.5) for row, name in rows.items()]
    figures.append(at_least("2. answer POST in process: app/bare (whole run)",
                            grab(rf"answer POST \d+/s \(app/bare {FLOAT}", text), 0.25))
    figures.append(at_least("2. answer POST: server CPU bare/app",
                            grab(rf"bare/app {FLOAT} \(median", text), 0.25))
    for name, row in (("SQLite", r"SQLite \(WAL\)"), ("PostgreSQL", "PostgreSQL")):
        p95 = grab(rf"^{row}\s+\d+\s+\d+\s+\d+\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)", text)
        figures.append(at_most(f"2. 50 residents at once, POST p95, {name}", p95, 300, " ms"))
    return figures


def imports_figure(text: str, dialect: str) -> Figure:
    return at_most(f"3. 10,000 Kobo rows / (read_csv + bulk insert), {dialect}",
                   grab(rf"kobo import \({dialect}\).*?ratio {FLOAT}x", text), 3)


def analysis_figures(text: str, dialect: str) -> list[Figure]:
    figures = [at_most(f"4. breakdowns / pandas groupby, counted in SQL, {dialect}",
                       grab(rf"in the database \({dialect}\).*?ratio {FLOAT}", text), 1.5)]
    if dialect == "sqlite":
        figures.insert(0, at_most("4. breakdowns / pandas groupby, in memory",
                                  grab(rf"plain groupby {FLOAT} s, ratio {FLOAT}", text, 2),
                                  1.5))
    return figures


def section_figures(text: str) -> list[Figure]:
    """#13 item 6: each page's and document's wall time after one new answer."""
    figures = []
    for found in re.finditer(rf"^(/\S+)\s+200\s+{FLOAT}/{FLOAT}\s+{FLOAT}/{FLOAT}\s+{FLOAT}/"
                             rf"{FLOAT}\s+{FLOAT}", text, re.MULTILINE):
        path, after, budget = found.group(1), float(found.group(4)), float(found.group(8))
        figures.append(at_most(f"#13. {path}: s after 1 answer", after, budget, " s"))
    return figures or [Figure("#13. section bench", None, "budgets", None)]


def national_figures(text: str) -> list[Figure]:
    """Item 5: national/single req/s per page (median, and pages within 0.67-1.5), and the
    mean req/s per page with 1 and 2 app servers."""
    figures = []
    ratios = {1: [], 2: []}
    for line in re.finditer(r"^/\S*\s+([0-9.]+)\s+[0-9.\-]+\s+[0-9.\-]+\s+([0-9.]+)",
                            text, re.MULTILINE):
        ratios[1].append(float(line.group(1)))
        ratios[2].append(float(line.group(2)))
    for servers, values in ratios.items():
        if values:
            inside = sum(0.67 <= v <= 1.5 for v in values)
            figures.append(Figure(f"5. national/single req/s, median of {len(values)} pages, "
                                  f"{servers} srv", statistics.median(values), "0.67-1.5×",
                                  0.67 <= statistics.median(values) <= 1.5, "×"))
            figures.append(Figure(f"5. pages within 0.67-1.5×, {servers} srv", inside,
                                  f"of {len(values)}", None if not values else
                                  inside == len(values)))
    for label in ("single", "national"):
        found = re.search(rf"mean req/s per page, {label}: 1 server\(s\) {FLOAT}, "
                          rf"2 server\(s\) {FLOAT}", text)
        if found:
            one, two = float(found.group(1)), float(found.group(2))
            figures.append(at_least(f"5. {label}: mean req/s 2 servers / 1 server",
                                    round(two / one, 2), 1.0))
    return figures or [Figure("5. national rehearsal", None, "1 and 2 srv", None)]


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", required=True, help="PostgreSQL URL (a database of "
                        "its own: the benches create temporary schemas and tables in it)")
    parser.add_argument("--national-url", help="the national year (bench/national.py)")
    parser.add_argument("--single-url", help="the same first territory alone")
    parser.add_argument("--out", help="folder for each bench's whole output")
    parser.add_argument("--section-runs", type=int, default=3)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    out = Path(args.out or tempfile.mkdtemp(prefix="pdq-bench-"))
    out.mkdir(parents=True, exist_ok=True)
    pg = {"DATABASE_URL": args.postgres}
    sqlite = {"DATABASE_URL": ""}
    texts = {
        "pages": run("http_pages", ["bench/http_pages.py", "--postgres", args.postgres], out),
        "imports_sqlite": run("surveys_sqlite", ["bench/surveys_bench.py", "--submissions",
                              "0", "--rows", "10000", "--repeat", "3"], out, sqlite),
        "imports_pg": run("surveys_postgresql", ["bench/surveys_bench.py", "--submissions",
                          "0", "--rows", "10000", "--repeat", "3"], out, pg),
        "analysis_sqlite": run("analysis_sqlite", ["bench/analysis_bench.py",
                               "--only-counts", "--repeat", "3"], out, sqlite),
        "analysis_pg": run("analysis_postgresql", ["bench/analysis_bench.py",
                           "--only-counts", "--repeat", "3"], out, pg),
        "section": run("section", ["bench/section_bench.py", "--runs",
                                   str(args.section_runs)], out, sqlite),
    }
    if args.national_url and args.single_url:
        texts["national"] = run("national_http", [
            "bench/national_http.py", "--national-url", args.national_url, "--single-url",
            args.single_url, "--seconds", "4", "--concurrency", "4"], out)
    return report(texts, out)


def report(texts: dict[str, str], out: Path) -> int:
    """Print the table of every figure; 1 when a bench failed or counted errors."""
    figures = pages_figures(texts["pages"])
    figures += [imports_figure(texts["imports_sqlite"], "sqlite"),
                imports_figure(texts["imports_pg"], "postgresql")]
    figures += analysis_figures(texts["analysis_sqlite"], "sqlite")
    figures += analysis_figures(texts["analysis_pg"], "postgresql")
    figures += section_figures(texts["section"])
    if "national" in texts:
        figures += national_figures(texts["national"])
    print(f"\n{'figure (issue #16 item, or #13)':<58}{'value':>12}  {'target':<14}met")
    for figure in figures:
        print(figure.line())
    print(f"whole outputs in {out}; load average at the end: "
          + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    failed = [label for label, text in texts.items() if "BENCH FAILED" in text]
    if failed:
        print("benches that failed: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
