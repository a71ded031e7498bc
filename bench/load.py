"""N residents submitting a form concurrently for T seconds against the production server.

    python bench/load.py                      # 50 clients, 60 s, own gunicorn + SQLite
    python bench/load.py --clients 20 --seconds 10 --database-url postgresql://...
    python bench/load.py --url http://127.0.0.1:8000/enquetes/12/repondre \\
        --field q1=oui --field q4="il manque un médecin {n}" \\
        --database-url ... --count-sql "SELECT count(*) FROM survey_response"

Without ``--url`` it starts gunicorn (bench/server.py) with the write probe of
bench/write_app.py on a fresh database, and stops it at the end. Each client GETs the form,
POSTs it back with its hidden fields (CSRF, one-time token) and ``--field`` values (``{n}``
becomes a unique number). Prints throughput, latency, errors (must be 0) and acknowledged vs
stored (must be equal); exits 1 otherwise. Bounded: every request times out, the run stops
by itself after T seconds.
"""
from __future__ import annotations

import argparse
import itertools
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import server  # noqa: E402
from residents import Resident, acknowledged  # noqa: E402

DEFAULT_COUNT = "SELECT count(*) FROM contribution WHERE source_type = 'write_probe'"


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--url", help="form URL of a running server (default: start one)")
    parser.add_argument("--field", action="append", default=[],
                        help="name=value posted with the form; {n} is a unique number")
    parser.add_argument("--database-url", help="database to count stored rows in")
    parser.add_argument("--count-sql", default=DEFAULT_COUNT)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args(argv)
    if not args.field:
        args.field = ["text=Réponse de charge {n}"]
    return args


def prepare_database(url: str) -> str:
    """Create the tables and a territory on a database for the write probe."""
    from participation import create_app
    from participation.config import TestConfig
    from participation.extensions import db
    from participation.territory.models import Territory

    app = create_app(TestConfig.as_dict() | {"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        db.create_all()
        territory = db.session.scalar(db.select(Territory).where(Territory.slug == "bench"))
        if territory is None:
            territory = Territory(name="Banc d'essai", slug="bench")
            db.session.add(territory)
            db.session.commit()
        db.engine.dispose()
        return str(territory.id)


def count_stored(url: str, sql: str) -> int:
    from sqlalchemy import create_engine, text

    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text(sql)).scalar()
    finally:
        engine.dispose()


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.acked = self.errors = 0
        self.latencies: list[float] = []
        self.error_samples: list[str] = []
        self.sequence = itertools.count(1)

    def add(self, ok: bool, latency: float, detail: str = "") -> None:
        with self.lock:
            if ok:
                self.acked += 1
                self.latencies.append(latency)
            else:
                self.errors += 1
                if len(self.error_samples) < 5:
                    self.error_samples.append(detail)


def client_loop(host: str, port: int, path: str, fields: list[str], deadline: float,
                stats: Stats) -> None:
    resident = Resident(host, port, timeout=30)
    pairs = [f.split("=", 1) for f in fields]
    while time.monotonic() < deadline:
        n = next(stats.sequence)
        values = {name: value.replace("{n}", str(n)) for name, value in pairs}
        start = time.monotonic()
        try:
            status, _location = resident.submit(path, values)
            stats.add(acknowledged(status), time.monotonic() - start, f"HTTP {status}")
        except Exception as exc:  # noqa: BLE001 (every failure is an error to report)
            stats.add(False, 0.0, repr(exc))


def run(host: str, port: int, path: str, args) -> tuple[Stats, float]:
    stats = Stats()
    deadline = time.monotonic() + args.seconds
    threads = [threading.Thread(target=client_loop, daemon=True,
                                args=(host, port, path, args.field, deadline, stats))
               for _ in range(args.clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=args.seconds + 30)
    return stats, time.monotonic() - started


def report(stats: Stats, elapsed: float, stored: int, args) -> bool:
    lat = sorted(stats.latencies) or [0.0]
    p95 = lat[min(len(lat) - 1, int(len(lat) * 0.95))]
    print(f"clients {args.clients}, duration {elapsed:.1f} s")
    print(f"throughput {stats.acked / elapsed:.1f} submissions/s "
          f"({2 * stats.acked / elapsed:.1f} requests/s, GET form + POST)")
    print(f"latency per submission: median {statistics.median(lat) * 1000:.0f} ms, "
          f"p95 {p95 * 1000:.0f} ms")
    print(f"errors {stats.errors}" + (f"  e.g. {stats.error_samples}" if stats.errors else ""))
    print(f"acknowledged {stats.acked}, stored {stored}")
    ok = stats.errors == 0 and stored == stats.acked
    print("OK" if ok else "FAILED")
    return ok


def main(argv=None) -> int:
    args = parse_args(argv)
    proc = None
    db_url = args.database_url
    if args.url:
        parts = urlsplit(args.url)
        host, port, path = parts.hostname, parts.port or 80, parts.path or "/"
    else:
        db_url = db_url or f"sqlite:///{tempfile.mkdtemp(prefix='pdq-load-')}/load.sqlite"
        territory_id = prepare_database(db_url)
        proc, port = server.start(db_url, {"WRITE_TERRITORY_ID": territory_id},
                                  workers=args.workers, threads=args.threads)
        host, path = "127.0.0.1", "/_ecriture/"
        print(f"gunicorn {args.workers} workers x {args.threads} threads on port {port}, "
              f"database {db_url.split('@')[-1]}")
    try:
        before = count_stored(db_url, args.count_sql) if db_url else 0
        stats, elapsed = run(host, port, path, args)
    finally:
        if proc is not None:
            server.kill(proc, sig=15)
    stored = count_stored(db_url, args.count_sql) - before if db_url else stats.acked
    if not db_url:
        print("(no --database-url: stored rows not counted)")
    return 0 if report(stats, elapsed, stored, args) else 1


if __name__ == "__main__":
    sys.exit(main())
