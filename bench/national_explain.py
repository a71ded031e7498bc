"""Which queries of one territory's pages are not scoped or not indexed, on the national
database: every SELECT they run is explained (``EXPLAIN (ANALYZE, BUFFERS)``, PostgreSQL)
and each scan of a large table that is sequential or reads more than 2 % of it (one
territory holds about 0.2 %) is printed with its page and statement, then the slowest
statements.

    python bench/national_explain.py --database-url postgresql://…/pdq_national [--min-rows 20000]

The pages are those of ``bench/national_http.py`` (``territory_pages``), requested in-process
(Flask test client, the territory's coordinator logged in). A territory's query should touch
its own rows only: on the national database a sequential scan of ``survey_answer`` (12 million
rows) or ``contribution`` (300,000) means a missing index or a missing territory filter.
"""
from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import event  # noqa: E402

from bench.national import libpq_url  # noqa: E402
from bench.national_http import territory_pages  # noqa: E402
from bench.national_setup import PASSWORD  # noqa: E402


def app_for(url: str):
    from participation import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": libpq_url(url).replace(
        "postgresql://", "postgresql+psycopg://"), "SECRET_KEY": "explain",
        "EMAIL_BACKEND": "disabled", "SMS_BACKEND": "disabled", "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False, "ANALYSIS_CACHE_SIZE": 0})


def record(app, pages: list[str], email: str) -> dict[str, list]:
    """``{page: [(statement, parameters)]}`` of the SELECTs each page runs."""
    from participation.extensions import db

    seen: dict[str, list] = defaultdict(list)
    current = [None]

    def on_execute(conn, cursor, statement, parameters, context, executemany):
        if current[0] and statement.lstrip().upper().startswith(("SELECT", "WITH")):
            seen[current[0]].append((statement, parameters))

    client = app.test_client()
    client.post("/accounts/login", data={"email": email, "password": PASSWORD})
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", on_execute)
        for page in pages:
            current[0] = page
            status = client.get(page).status_code
            print(f"{status} {page}: {len(seen[page])} statements", flush=True)
        current[0] = None
        event.remove(db.engine, "before_cursor_execute", on_execute)
    return seen


def seq_scans(plan: dict, sizes: dict[str, float], min_rows: int, share: float = 0.02):
    """Scans of relations of at least ``min_rows`` rows, in a JSON plan tree, that are
    sequential or read more than ``share`` of the table (rows returned and removed by a
    filter, every loop): one territory of 450 holds about 0.2 % of each table."""
    size = sizes.get(plan.get("Relation Name"), 0)
    loops = plan.get("Actual Loops", 1)
    read = (plan.get("Actual Rows", 0) + plan.get("Rows Removed by Filter", 0)) * loops
    if size >= min_rows and (plan["Node Type"] == "Seq Scan" or read > share * size):
        yield plan | {"read": read}
    for child in plan.get("Plans", []):
        yield from seq_scans(child, sizes, min_rows, share)


def explain(url: str, seen: dict[str, list], min_rows: int, top: int = 12) -> int:
    """Print each page's statements that scan a large table whole, then the ``top`` slowest
    statements; returns the number of such scans."""
    import psycopg

    found, timed = 0, []
    with psycopg.connect(libpq_url(url)) as conn:
        sizes = dict(conn.execute("SELECT relname, reltuples FROM pg_class WHERE relkind = 'r'"))
        done = set()
        for page, statements in seen.items():
            for statement, parameters in statements:
                if statement in done:
                    continue
                done.add(statement)
                plan = conn.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + statement,
                                    parameters).fetchone()[0][0]
                timed.append((plan["Execution Time"], page, statement, plan["Plan"]))
                for node in seq_scans(plan["Plan"], sizes, min_rows):
                    found += 1
                    sql = " ".join(statement.split())[:600]
                    print(f"\n{page}: {node['Node Type']} on {node['Relation Name']} "
                          f"({sizes[node['Relation Name']]:,.0f} rows, {node['read']:,} read), "
                          f"statement {plan['Execution Time']:.0f} ms:\n  {sql}")
        conn.rollback()
    print(f"\nThe {top} slowest statements (execution time on the server):")
    for ms, page, statement, plan in sorted(timed, key=lambda t: -t[0])[:top]:
        print(f"{ms:8.1f} ms  {page}  [{' > '.join(_nodes(plan))}]\n"
              f"           {' '.join(statement.split())[:300]}")
    return found


def _nodes(plan: dict, depth: int = 0) -> list[str]:
    """The plan's node types with their relation or index, depth first (first 6)."""
    name = plan["Node Type"] + (f" {plan.get('Index Name') or plan.get('Relation Name')}"
                                if plan.get("Relation Name") or plan.get("Index Name") else "")
    names = [name]
    for child in plan.get("Plans", []):
        names += _nodes(child, depth + 1)
    return names[:6]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--territory", default="nat-001")
    parser.add_argument("--min-rows", type=int, default=20000)
    args = parser.parse_args(argv)
    pages = territory_pages(args.database_url, args.territory)
    seen = record(app_for(args.database_url), pages, f"coordination@{args.territory}.example")
    found = explain(args.database_url, seen, args.min_rows)
    print(f"\n{found} scan(s) of a table of {args.min_rows:,} rows or more, sequential or "
          "reading more than 2 % of it")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
