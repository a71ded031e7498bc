"""Item 1 of ``http_pages.py``: requests per second of the residents' pages against a bare
Flask route, both under gunicorn with the same settings, loaded in interleaved rounds by the
same bounded load generator (threads, http.client, keep-alive, a fixed number of requests),
with the CPU time of the server's workers per request.
"""
from __future__ import annotations

import http.client
import statistics
import threading
import time
from dataclasses import dataclass, field

from bench.demo_server import server_cpu, start_gunicorn


@dataclass
class Result:
    name: str
    requests: int
    errors: int
    seconds: float
    latencies: list[float]
    cpu: float = 0.0  # CPU seconds of the server's workers during the measure
    rounds: list[float] = field(default_factory=list)  # req/s of each interleaved round

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    @property
    def cpu_us(self) -> float:
        """Server CPU per request, in µs."""
        return self.cpu / self.requests * 1e6

    def percentile(self, q: int) -> float:
        return statistics.quantiles(self.latencies, n=100)[q - 1] * 1000


def _worker(port: int, path: str, count: int, latencies: list, errors: list) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for _ in range(count):
        start = time.perf_counter()
        try:
            conn.request("GET", path, headers={"Accept-Language": "fr"})
            response = conn.getresponse()
            body = response.read()
            if response.status != 200 or b"<html" not in body[:200]:
                errors.append(response.status)
        except (OSError, http.client.HTTPException):
            errors.append("connection")
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        latencies.append(time.perf_counter() - start)
    conn.close()


def load(name: str, port: int, path: str, requests: int, concurrency: int,
         pid: int = 0) -> Result:
    """``requests`` GETs of ``path`` spread over ``concurrency`` keep-alive connections;
    ``pid``: the gunicorn arbiter whose workers' CPU time is measured too."""
    warm = [threading.Thread(target=_worker, args=(port, path, 5, [], []))
            for _ in range(concurrency)]  # warm-up outside the measure, on as many connections
    for t in warm:  # as the measure: every worker renders and keeps its first page here
        t.start()
    for t in warm:
        t.join()
    latencies: list[float] = []
    errors: list = []
    per_thread = requests // concurrency
    threads = [threading.Thread(target=_worker, args=(port, path, per_thread, latencies, errors))
               for _ in range(concurrency)]
    cpu = server_cpu(pid) if pid else 0.0
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - start
    cpu = server_cpu(pid) - cpu if pid else 0.0
    return Result(name, per_thread * concurrency, len(errors), seconds, latencies, cpu)


def report(results: list[Result], bare: Result) -> None:
    """Throughput ratios (whole run; median of the interleaved rounds, steadier when other
    jobs load the machine in bursts) and the server's CPU per request against bare's."""
    print(f"{'target':<30}{'errors':>7}{'req/s':>7}{'p50 ms':>8}{'p95 ms':>8}"
          f"{'app/bare':>9}{'median':>8}{'CPU µs/req':>11}{'bare/app CPU':>13}")
    for r in results + [bare]:
        rounds = statistics.median(a / b for a, b in zip(r.rounds, bare.rounds, strict=True))
        cpu_ratio = f"{bare.cpu_us / r.cpu_us:.2f}" if r.cpu else "-"
        print(f"{r.name:<30}{r.errors:>7}{r.rps:>7.0f}{r.percentile(50):>8.1f}"
              f"{r.percentile(95):>8.1f}{r.rps / bare.rps:>9.2f}{rounds:>8.2f}"
              f"{r.cpu_us:>11.0f}{cpu_ratio:>13}")


def run_pages(env: dict, quartier_id: int, slug: str, args) -> tuple[list[Result], Result]:
    """The four residents' pages and the bare route, each under its own gunicorn."""
    servers = [start_gunicorn("wsgi:app", env, args),
               start_gunicorn("demo_server:make_bare_app()", env, args)]
    (app_process, app_port), (bare_process, bare_port) = servers
    targets = [("home /", "/"), (f"quartier /quartiers/{quartier_id}",
                                 f"/quartiers/{quartier_id}"),
               ("survey form /s/<slug>", f"/s/{slug}"),
               ("thank-you /s/<slug>/merci", f"/s/{slug}/merci")]
    targets = [(name, app_port, path, app_process.pid) for name, path in targets] + [
        ("bare flask /", bare_port, "/", bare_process.pid)]
    try:
        results = interleaved(targets, args.requests, args.concurrency, args.slices)
    finally:
        for process in (app_process, bare_process):
            process.terminate()
            process.wait(timeout=30)
    return results[:-1], results[-1]


def interleaved(targets: list[tuple[str, int, str, int]], requests: int, concurrency: int,
                slices: int) -> list[Result]:
    """Load each target ``(name, port, path, arbiter pid)`` in turn, ``slices`` rounds of
    ``requests // slices`` each, so a burst of load from other jobs on the machine weighs on
    every target alike."""
    parts: dict[str, list[Result]] = {target[0]: [] for target in targets}
    for _ in range(slices):
        for name, port, path, pid in targets:
            parts[name].append(load(name, port, path, requests // slices, concurrency, pid))
    return [Result(name, sum(r.requests for r in rs), sum(r.errors for r in rs),
                   sum(r.seconds for r in rs), [t for r in rs for t in r.latencies],
                   sum(r.cpu for r in rs), [r.rps for r in rs])
            for name, rs in parts.items()]
