"""The first request of an analysis page on a second app server, after the first one computed
it: analyses kept in each process (before) against shared through Redis (``core.sharedmemo``).

Two app instances (``create_app`` twice, as two app servers or two gunicorn workers would be)
on the same demo database, each with a coordinator logged in through the login form. Per
page: a new pair, the page asked on the first (cold: computed) then on the second ("2nd
server, first request"), then again on the second (its own LRU); and a new pair asked the
page at once (two threads: the time until both answered). "in process": no
``CACHE_REDIS_URL`` (as before this change: the second computes again); "shared": both on
one Redis db under a prefix of this run (deleted at the end). A first app warms the process
(imports, word lists, spaCy) beforehand and the drawn charts' cache is emptied before each
cold request, so each figure is the cost of the analyses themselves in a warm worker.

    PYTHONPATH=. python bench/shared_memo_bench.py [--redis redis://127.0.0.1:6379/11]
        [--database-url URL] [--runs 3]

Without ``--database-url`` a temporary SQLite database is migrated and the demo loaded.
Prints medians over ``--runs`` pairs in milliseconds (wall), and the shared entries' bytes.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.section_bench import use_demo_database  # noqa: E402


def _pair(redis_url: str | None, prefix: str) -> list:
    """Two app instances, with the shared analyses' cache on ``redis_url`` (or none)."""
    from participation import create_app

    config = {"RATELIMIT_ENABLED": False, "CACHE_REDIS_URL": redis_url,
              "ANALYSIS_SHARED_PREFIX": prefix, "PAGE_CACHE_PREFIX": prefix + "pages:"}
    return [create_app(config) for _ in range(2)]


def _ms(client, path: str) -> float:
    """Wall milliseconds of one GET (asserting a 200)."""
    start = time.perf_counter()
    status = client.get(path).status_code
    assert status == 200, (path, status)
    return (time.perf_counter() - start) * 1000


def _one_pair(redis_url: str | None, prefix: str, path: str) -> tuple[float, float, float]:
    """(first server cold, second server's first request, its second request) in ms."""
    from bench.section_bench import _client
    from participation.analysis.charts import _drawn
    from participation.extensions import db

    apps = _pair(redis_url, prefix)
    first, second = (_client(app) for app in apps)
    _drawn.cache_clear()
    cold = _ms(first, path)
    _drawn.cache_clear()  # another process has drawn none of them
    found, again = _ms(second, path), _ms(second, path)
    for app in apps:
        with app.app_context():
            db.engine.dispose()
    return cold, found, again


def _at_once(redis_url: str | None, prefix: str, path: str) -> float:
    """Milliseconds until both servers answered the page asked on both at once (cold)."""
    import threading

    from bench.section_bench import _client
    from participation.analysis.charts import _drawn
    from participation.extensions import db

    apps = _pair(redis_url, prefix)
    clients = [_client(app) for app in apps]
    _drawn.cache_clear()
    threads = [threading.Thread(target=_ms, args=(c, path)) for c in clients]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for app in apps:
        with app.app_context():
            db.engine.dispose()
    return (time.perf_counter() - start) * 1000


def measure(pages: list[str], redis_url: str, runs: int) -> list[tuple]:
    """(page, mode, medians of (cold, 2nd server first, 2nd server again, both at once))
    per page and mode, in ms."""
    rows = []
    for path in pages:
        for mode, url in (("in process", None), ("shared", redis_url)):
            runs_ms = [(*_one_pair(url, f"pdq-bench-memo-{uuid.uuid4().hex}:", path),
                        _at_once(url, f"pdq-bench-memo-{uuid.uuid4().hex}:", path))
                       for _ in range(runs)]
            rows.append((path, mode, tuple(statistics.median(r[i] for r in runs_ms)
                                           for i in range(4))))
    return rows


def _pages() -> list[str]:
    """The busiest challenge's page, the section and its DOCX (``section_bench._pages``)."""
    from bench.section_bench import _pages as section_pages
    from participation import create_app
    from participation.extensions import db
    from participation.territory.models import Territory

    app = create_app({"RATELIMIT_ENABLED": False, "CACHE_REDIS_URL": None})
    with app.app_context():
        territory_id = db.session.scalar(db.select(Territory.id).order_by(Territory.id))
        pages = section_pages(territory_id)
    return [pages[2], "/exports/section", "/exports/section.docx"]


def _shared_bytes(redis_url: str) -> tuple[int, int]:
    """(entries, bytes) under this run's prefixes; the keys deleted."""
    import redis

    client = redis.Redis.from_url(redis_url)
    names = list(client.scan_iter("pdq-bench-memo-*"))
    size = sum(client.memory_usage(name) or 0 for name in names)
    if names:
        client.delete(*names)
    return len(names), size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/11")
    parser.add_argument("--database-url", help="a database with the demo loaded")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="pdq-shared-memo-bench-") as tmp:
        use_demo_database(Path(tmp), args.database_url)
        pages = _pages()
        _one_pair(None, "warm:", pages[1])  # the process warmed (imports, word lists)
        rows = measure(pages, args.redis, args.runs)
        entries, size = _shared_bytes(args.redis)
    print(f"{'page':<26} {'analyses kept':<11} {'1st server cold':>16} "
          f"{'2nd server 1st':>15} {'2nd server again':>17} {'both at once':>13}"
          f"   (ms, medians of {args.runs})")
    for path, mode, (cold, found, again, both) in rows:
        print(f"{path:<26} {mode:<13} {cold:>14.0f} {found:>15.0f} {again:>17.0f} "
              f"{both:>13.0f}")
    print(f"shared entries written: {entries}, {size / 1e6:.2f} MB in Redis (all runs)")
    print("load average:", " ".join(f"{x:.2f}" for x in os.getloadavg()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
