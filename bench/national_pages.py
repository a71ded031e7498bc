"""Each page and export of one territory, in process, on the national year and on the same
territory alone: what the 449 other territories cost a page, without the noise of a loaded
HTTP run.

    PYTHONPATH=. python bench/national_pages.py --national-url postgresql://…/national \
        --single-url postgresql://…/one [--runs 5] [--cached]

The two databases are loaded by ``bench/national.py`` (the national year, and ``--territories
1``: territory ``nat-001`` is identical in both, see docs/deployment.md). One app per
database (``national_explain.app_for``: the analyses' kept results off unless ``--cached``,
so every request reads its rows again), the territory's coordinator logged in through the
login route; the pages are those of ``national_http.territory_pages`` (read on the single
database, the ids are the same). Each page is requested once on each app (models, code
paths, plans warm), then ``--runs`` times alternately on the two: the median wall time of
each (the database's work included: it is where a missing territory filter or index would
show) and the median CPU time of this process. Prints per page: status, single and national
milliseconds, national/single; then the median of the ratios and how many pages lie within
0.67-1.5. A page whose status differs, or is not 200, is printed and makes the exit status 1.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.national_explain import app_for  # noqa: E402
from bench.national_http import territory_pages  # noqa: E402
from bench.national_setup import PASSWORD  # noqa: E402

EMAIL = "coordination@{slug}.example"


def client_for(url: str, slug: str, cached: bool):
    """A test client of an app on ``url``, the territory's coordinator logged in."""
    app = app_for(url)
    if cached:
        app.config["ANALYSIS_CACHE_SIZE"] = 64
    client = app.test_client()
    client.post("/accounts/login", data={"email": EMAIL.format(slug=slug),
                                         "password": PASSWORD})
    return client


def timed(client, path: str) -> tuple[int, float, float]:
    """(status, wall ms, CPU ms of this process) of one GET."""
    wall, cpu = time.perf_counter(), time.process_time()
    status = client.get(path, headers={"Accept-Language": "fr"}).status_code
    return status, (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def measure(clients: dict, path: str, runs: int) -> dict[str, tuple[int, float, float]]:
    """``{label: (status, median wall ms, median CPU ms)}`` of ``path`` on each client,
    requested once unmeasured, then ``runs`` times in turn."""
    samples: dict[str, list] = {label: [] for label in clients}
    for client in clients.values():
        timed(client, path)
    for _ in range(runs):
        for label, client in clients.items():
            samples[label].append(timed(client, path))
    return {label: (found[-1][0], statistics.median(s[1] for s in found),
                    statistics.median(s[2] for s in found)) for label, found in samples.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--national-url", required=True)
    parser.add_argument("--single-url", required=True)
    parser.add_argument("--territory", default="nat-001")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cached", action="store_true",
                        help="keep the analyses' results (as a running server does)")
    args = parser.parse_args(argv)
    clients = {"single": client_for(args.single_url, args.territory, args.cached),
               "national": client_for(args.national_url, args.territory, args.cached)}
    print(f"{'page':<44}{'status':>7}{'single ms':>11}{'national ms':>13}{'nat/single':>11}"
          f"{'CPU single':>11}{'CPU nat':>9}", flush=True)
    ratios, failed = [], 0
    for path in territory_pages(args.single_url, args.territory):
        found = measure(clients, path, args.runs)
        (s_status, s_ms, s_cpu), (n_status, n_ms, n_cpu) = found["single"], found["national"]
        ratio = n_ms / s_ms if s_ms else float("nan")
        ratios.append(ratio)
        failed += s_status != 200 or n_status != 200
        status = str(n_status) if n_status == s_status else f"{s_status}/{n_status}"
        print(f"{path:<44}{status:>7}{s_ms:>11.1f}{n_ms:>13.1f}{ratio:>11.2f}{s_cpu:>11.1f}"
              f"{n_cpu:>9.1f}", flush=True)
    inside = sum(0.67 <= r <= 1.5 for r in ratios)
    print(f"national/single wall time: median {statistics.median(ratios):.2f} over "
          f"{len(ratios)} pages, {inside} within 0.67-1.5, highest {max(ratios):.2f}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
