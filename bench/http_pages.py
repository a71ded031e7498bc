"""Residents' pages and answers against bare Flask routes, side by side in one run.

1. Pages: requests per second of the home, quartier, survey form and thank-you pages against
   a bare Flask route, both served by gunicorn with the same settings (gthread workers,
   threads) on 127.0.0.1, loaded by the same bounded load generator (threads, http.client,
   keep-alive, a fixed number of requests). The app runs on a temporary SQLite database with
   the demo territory loaded and its flash survey open.
2. Answers in process (Flask test client): the real answer POST against a bare route doing
   one INSERT and one commit, on the same kind of database.
3. 50 residents answering at once against gunicorn: p50/p95 of the form GET and the answer
   POST, on SQLite (WAL) and, with ``--postgres URL`` (or DATABASE_URL on PostgreSQL), in a
   temporary schema of that database.

    python bench/http_pages.py [--requests 2000] [--concurrency 8] [--workers 2] [--threads 4]
        [--writes 300] [--residents 50] [--rounds 10] [--postgres URL] [--skip-pages]
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from bench.answer_writes import report_writes, run_writes  # noqa: E402
from bench.demo_server import postgres_schema, prepare_database  # noqa: E402
from bench.page_load import report, run_pages  # noqa: E402
from bench.resident_burst import report_bursts, run_residents  # noqa: E402


def parse_args(argv: list[str] | None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--slices", type=int, default=10,
                        help="interleaved rounds per target (requests split among them)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--writes", type=int, default=300)
    parser.add_argument("--residents", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--postgres", default=os.environ.get("DATABASE_URL", "") if
                        os.environ.get("DATABASE_URL", "").startswith("postgres") else "")
    parser.add_argument("--skip-pages", action="store_true")
    parser.add_argument("--skip-writes", action="store_true")
    parser.add_argument("--skip-residents", action="store_true",
                        help="answers in process only, not the 50 residents at once")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    errors = 0
    with tempfile.TemporaryDirectory(prefix="pdq-bench-") as tmp:
        env, quartier_id, slug = prepare_database(Path(tmp))
        print(f"gunicorn gthread, {args.workers} workers x {args.threads} threads; "
              f"{args.requests} requests per page, concurrency {args.concurrency}")
        if not args.skip_pages:
            results, bare = run_pages(env, quartier_id, slug, args)
            report(results, bare)
            errors += sum(r.errors for r in results + [bare])
        if not args.skip_writes:
            writes, fields = run_writes(env, slug, args.writes)
            bursts = {} if args.skip_residents else {
                "SQLite (WAL)": run_residents(env, slug, fields, args)}
            if args.postgres and not args.skip_residents:
                with postgres_schema(args.postgres) as url:
                    pg_env, _quartier, pg_slug = prepare_database(Path(tmp), url)
                    bursts["PostgreSQL"] = run_residents(pg_env, pg_slug, fields, args)
            report_writes(writes)
            report_bursts(bursts, args)
            errors += sum(len(b.errors) for b in bursts.values())
        print("load average at the end: {:.2f} {:.2f} {:.2f} on {} cores".format(
            *os.getloadavg(), os.cpu_count()))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
