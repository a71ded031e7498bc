"""Every page and export of ONE territory through nginx, with 1 and 2 gunicorn app servers,
on the national database and on a one-territory database holding the same territory.

    python bench/national_http.py \\
        --national-url postgresql://u:pw@127.0.0.1:5432/pdq_national \\
        --single-url postgresql://u:pw@127.0.0.1:5432/pdq_one [--seconds 5] [--concurrency 4]

Both databases come from ``bench/national.py`` (``--scale 1.0`` and ``--territories 1``):
territory ``nat-001`` (4 QPV, about 4,000 responses, 800 contributions) is identical in both,
so a page's national/single ratio shows what the 449 other territories cost it (1.00 when
every query is scoped by territory and indexed).

For each database and each number of app servers (1, then 2): the gunicorn servers
(``--workers`` × ``--threads`` each; rate limits and the residents' page cache in Redis
``--redis-url``, under prefixes of this bench, emptied first; the analyses' cache per process,
keyed by the territory's data version in PostgreSQL) are started
on loopback, nginx (Debian's ``/usr/sbin/nginx``) is started on loopback with
``deploy/nginx-site.conf`` filled in, the coordinator logs in through the proxy (the login
form, CSRF token and all), and each page is loaded for ``--seconds`` by ``--concurrency``
keep-alive clients (at least one request each). The first request of each page is timed
apart (``cold``: before any cache holds it), then ``2 × --concurrency`` requests at once warm
every worker's own cache of the analyses, unmeasured. Printed per page: requests, errors, req/s,
cold, p50 and p95 ms; then each page's national/single ratio of req/s, and its ratio to the
**bare route** (``bench/http_pages.py``'s one trivial Flask route, served by as many gunicorn
servers with the same settings behind an nginx of its own, measured the same way before the
first page and after every ``BARE_EVERY`` pages: a page is compared with the mean of the bare
measures just before and after it, so the machine's load drifts alike on both). Every server
and nginx are stopped at the end (also on error or Ctrl-C). Starting and stopping the
servers and nginx, and the login: ``bench/national_setup.py``; here, the measures and the
report.
"""
from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.national import libpq_url  # noqa: E402
from bench.national_setup import (  # noqa: E402
    NGINX,
    print_logs,
    start_bare,
    start_setup,
    stop,
)

HEAVY = ("/exports/section",)  # seconds per request on a large contract: one client
PUBLIC_PAGES = 5  # the first pages of territory_pages(): residents', without a session
BARE_EVERY = 6  # pages between two measures of the bare route


@dataclass
class Measure:
    page: str
    latencies: list[float] = field(default_factory=list)
    errors: list = field(default_factory=list)
    cold: float = 0.0
    seconds: float = 0.0

    def line(self) -> str:
        n = len(self.latencies)
        p50 = statistics.median(self.latencies) * 1000 if n else 0
        p95 = (statistics.quantiles(self.latencies, n=20)[18] if n > 1
               else self.latencies[0] if n else 0) * 1000
        rate = n / self.seconds if self.seconds else 0
        errors = f"  errors: {sorted(set(map(str, self.errors)))}" if self.errors else ""
        return (f"{self.page:<44}{n:>6}{len(self.errors):>5}{rate:>8.1f}{self.cold * 1000:>9.0f}"
                f"{p50:>9.0f}{p95:>9.0f}{errors}")

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0


def territory_pages(url: str, slug: str) -> list[str]:
    """Every page and export of the territory ``slug``, ids read from the database."""
    with psycopg.connect(libpq_url(url)) as conn:
        tid = conn.execute("SELECT id FROM territory WHERE slug = %s", [slug]).fetchone()[0]
        one = lambda sql: conn.execute(sql, [tid]).fetchone()[0]  # noqa: E731
        quartier = one("SELECT min(id) FROM quartier WHERE territory_id = %s")
        survey = one("SELECT max(id) FROM survey WHERE territory_id = %s AND status = 'open'")
        slug_open = one("SELECT slug FROM survey WHERE territory_id = %s AND status = 'open'")
        challenge = one("SELECT min(id) FROM challenge WHERE territory_id = %s "
                        "AND parent_id IS NULL")
        event = one("SELECT min(id) FROM event WHERE territory_id = %s")
        johari = one("SELECT min(id) FROM johari_exercise WHERE territory_id = %s")
    public = ["/", f"/quartiers/{quartier}", f"/s/{slug_open}", f"/s/{slug_open}/merci",
              f"/contributions/quartier/{quartier}/vous-avez-dit"]
    staff = ["/staff", "/territory/", "/surveys/", f"/surveys/{survey}/results",
             f"/surveys/{survey}/results.csv", f"/surveys/{survey}/figures.xlsx",
             "/contributions/", "/events/", f"/events/{event}/results", "/johari/",
             f"/johari/{johari}/fenetre", "/analysis/", f"/analysis/challenge/{challenge}",
             f"/analysis/quartier/{quartier}", "/analysis/format/enquete", "/analysis/words",
             "/analysis/review", "/exports/"]
    exports = [f"/exports/{name}.{fmt}" for name in
               ("contributions", "survey_figures", "synthese_enjeux", "johari_postits",
                "conseil_candidatures", "conseil_membres") for fmt in ("csv", "xlsx")]
    return public + staff + exports + ["/exports/section", "/exports/section.docx"]


def _get(conn, path: str, cookie: str) -> int:
    headers = {"Accept-Language": "fr"} | ({"Cookie": cookie} if cookie else {})
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    response.read()
    return response.status


def measure(port: int, path: str, cookie: str, seconds: float, concurrency: int) -> Measure:
    """Load ``path`` for ``seconds`` with ``concurrency`` keep-alive clients."""
    result = Measure(path)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    start = time.perf_counter()
    if _get(conn, path, cookie) != 200:
        result.errors.append("cold")
    result.cold = time.perf_counter() - start
    clients = 1 if path.startswith(HEAVY) else concurrency
    if clients > 1:  # warm-up, untimed: every worker computes its own analyses' cache once
        _burst(port, path, cookie, 2 * concurrency)
    deadline = time.perf_counter() + seconds

    def client():
        own = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        while True:
            began = time.perf_counter()
            try:
                status = _get(own, path, cookie)
            except (OSError, http.client.HTTPException) as error:
                status = type(error).__name__
                own = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
            result.latencies.append(time.perf_counter() - began)
            if status != 200:
                result.errors.append(status)
            if time.perf_counter() >= deadline:
                return

    threads = [threading.Thread(target=client) for _ in range(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - began
    return result


def _burst(port: int, path: str, cookie: str, count: int) -> None:
    """``count`` requests of ``path`` at once (not measured)."""
    def one():
        _get(http.client.HTTPConnection("127.0.0.1", port, timeout=300), path, cookie)

    threads = [threading.Thread(target=one) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def run_servers(servers: int, args, workdir: Path) -> dict[str, list[Measure]]:
    """Both databases behind their own nginx with ``servers`` app servers each; each page
    measured on the single database then on the national one, back to back (the machine's
    load drifts: pairs keep the ratio fair). Everything started is stopped at the end."""
    started, results = [], {"single": [], "national": [], "bare": []}
    try:
        setups = {label: start_setup(url, servers, args, workdir / f"{label}-{servers}", started)
                  for label, url in (("single", args.single_url),
                                     ("national", args.national_url))}
        bare = start_bare(servers, args, workdir / f"bare-{servers}", started)
        pages = territory_pages(args.national_url, args.territory)
        public = pages[:PUBLIC_PAGES]
        if pages != territory_pages(args.single_url, args.territory):
            raise SystemExit("the territory differs between the two databases (ids)")
        pages = [page for page in pages if re.search(args.pages, page)]
        for i, page in enumerate(pages):
            if i % BARE_EVERY == 0:
                _measure_bare(bare, args, results["bare"])
            for label, (port, cookie) in setups.items():
                # residents are anonymous: their pages are asked without the staff session
                results[label].append(measure(port, page, "" if page in public else cookie,
                                              args.seconds, args.concurrency))
                print(f"    {label:<9}", results[label][-1].line(), flush=True)
        _measure_bare(bare, args, results["bare"])
    finally:
        if any(m.errors for ms in results.values() for m in ms):
            print_logs(workdir, started)
        for proc, _ in reversed(started):
            stop(proc)
    return results


def _measure_bare(port: int, args, measures: list) -> None:
    measures.append(measure(port, "/", "", args.seconds, args.concurrency))
    measures[-1].page = "bare flask /"
    print(f"    {'bare':<9}", measures[-1].line(), flush=True)


def bare_rate(bare: list, index: int) -> float:
    """The bare route's req/s around page ``index``: the mean of the measures just before
    and after its block of ``BARE_EVERY`` pages."""
    block = index // BARE_EVERY
    return (bare[block].rate + bare[min(block + 1, len(bare) - 1)].rate) / 2


def parse(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--national-url", required=True)
    parser.add_argument("--single-url", required=True)
    parser.add_argument("--territory", default="nat-001", help="slug of the territory")
    parser.add_argument("--seconds", type=float, default=5.0, help="per page and setup")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server")
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--servers", default="1,2", help="app server counts to measure")
    parser.add_argument("--pages", default="", help="only the pages matching this regex")
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL",
                                                              "redis://127.0.0.1:6379/0"))
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    if not shutil.which(NGINX):
        raise SystemExit(f"{NGINX} not found: apt-get install -y nginx")
    header = f"    {'page':<44}{'n':>6}{'err':>5}{'req/s':>8}{'cold ms':>9}{'p50 ms':>9}" \
             f"{'p95 ms':>9}"
    table: dict[tuple[str, int], list[Measure]] = {}
    with tempfile.TemporaryDirectory(prefix="pdq-national-") as tmp:
        for servers in [int(s) for s in args.servers.split(",")]:
            print(f"== {servers} app server(s) × {args.workers} workers × {args.threads} "
                  f"threads behind nginx; load {os.getloadavg()[0]:.1f}")
            print("             " + header.strip(), flush=True)
            for label, measures in run_servers(servers, args, Path(tmp)).items():
                table[label, servers] = measures
    ratios(table)
    return 1 if any(m.errors for ms in table.values() for m in ms) else 0


def ratios(table) -> None:
    """Per page: req/s national / single, and national / bare route, for each number of
    servers; and totals."""
    counts = sorted({s for _, s in table})
    print(f"\n{'page':<44}" + "".join(
        f"{f'nat/single {s}srv':>17}{'single/bare':>12}{'nat/bare':>9}" for s in counts))
    pages = [m.page for m in table["single", counts[0]]]
    for i, page in enumerate(pages):
        cells = []
        for s in counts:
            single, national = table["single", s][i].rate, table["national", s][i].rate
            bare = bare_rate(table["bare", s], i)
            cells.append(f"{national / single:>17.2f}" if single else f"{'-':>17}")
            cells += [f"{single / bare:>12.2f}", f"{national / bare:>9.2f}"] if bare else [
                f"{'-':>12}", f"{'-':>9}"]
        print(f"{page:<44}" + "".join(cells))
    for label in ("single", "national", "bare"):
        total = {s: statistics.mean(m.rate for m in table[label, s]) for s in counts}
        print(f"mean req/s per page, {label}: " + ", ".join(
            f"{s} server(s) {v:.1f}" for s, v in total.items()))
    print(f"load average at the end: {os.getloadavg()}")


if __name__ == "__main__":
    sys.exit(main())
