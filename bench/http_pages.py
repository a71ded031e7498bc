"""Requests per second of the app's public pages against a bare Flask route.

Both are served in the same run by gunicorn with the same settings (gthread workers, threads),
on 127.0.0.1 only, and loaded by the same bounded load generator (threads, http.client,
keep-alive, a fixed number of requests). The app runs on a temporary SQLite database with the
demo territory loaded.

    python bench/http_pages.py [--requests 2000] [--concurrency 8] [--workers 2] [--threads 4]
"""
from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BARE_PAGE = '<!doctype html><html lang="fr"><title>ok</title><p>ok</p></html>'


def make_bare_app():
    """The reference: one trivial Flask route, nothing else."""
    from flask import Flask

    bare = Flask(__name__)
    bare.add_url_rule("/", "index", lambda: BARE_PAGE)
    return bare


def prepare_database(workdir: Path) -> tuple[dict, int]:
    """Migrate a fresh SQLite database, load the demo, return the env and a quartier id."""
    env = os.environ | {
        "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite'}", "SECRET_KEY": "bench",
        "INSTANCE_PATH": str(workdir), "FLASK_APP": "wsgi.py",
        "EMAIL_BACKEND": "disabled", "SMS_BACKEND": "disabled",
        "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p),
    }
    for args in (["translate", "compile"], ["db", "upgrade"], ["demo", "load"]):
        subprocess.run([sys.executable, "-m", "flask", *args], cwd=ROOT, env=env, check=True,
                       capture_output=True)
    import sqlite3

    with sqlite3.connect(workdir / "bench.sqlite") as conn:
        quartier_id = conn.execute("SELECT id FROM quartier ORDER BY id LIMIT 1").fetchone()[0]
    return env, quartier_id


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(target: str, env: dict, args) -> tuple[subprocess.Popen, int]:
    port = free_port()
    cmd = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}",
           "--workers", str(args.workers), "--threads", str(args.threads),
           "--worker-class", "gthread", "--keep-alive", "5", "--log-level", "warning",
           "--pythonpath", f"{ROOT},{ROOT / 'bench'}", target]
    process = subprocess.Popen(cmd, cwd=ROOT, env=env)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return process, port
        except OSError:
            if process.poll() is not None:
                raise SystemExit(f"gunicorn exited: {' '.join(cmd)}") from None
            time.sleep(0.2)
    process.terminate()
    raise SystemExit(f"gunicorn did not answer on port {port}")


@dataclass
class Result:
    name: str
    requests: int
    errors: int
    seconds: float
    latencies: list[float]

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

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


def load(name: str, port: int, path: str, requests: int, concurrency: int) -> Result:
    """``requests`` GETs of ``path`` spread over ``concurrency`` keep-alive connections."""
    _worker(port, path, 20, [], [])  # warm-up (imports, template cache) outside the measure
    latencies: list[float] = []
    errors: list = []
    per_thread = requests // concurrency
    threads = [threading.Thread(target=_worker, args=(port, path, per_thread, latencies, errors))
               for _ in range(concurrency)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - start
    return Result(name, per_thread * concurrency, len(errors), seconds, latencies)


def report(results: list[Result], bare: Result) -> None:
    print(f"{'target':<22}{'requests':>9}{'errors':>7}{'req/s':>9}{'p50 ms':>9}"
          f"{'p95 ms':>9}{'app/bare':>10}")
    for r in results + [bare]:
        ratio = f"{r.rps / bare.rps:.2f}" if r is not bare else "1.00"
        print(f"{r.name:<22}{r.requests:>9}{r.errors:>7}{r.rps:>9.0f}{r.percentile(50):>9.1f}"
              f"{r.percentile(95):>9.1f}{ratio:>10}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="pdq-bench-") as tmp:
        env, quartier_id = prepare_database(Path(tmp))
        servers = [start_gunicorn("wsgi:app", env, args),
                   start_gunicorn("http_pages:make_bare_app()", env, args)]
        (app_process, app_port), (bare_process, bare_port) = servers
        try:
            print(f"gunicorn gthread, {args.workers} workers x {args.threads} threads; "
                  f"{args.requests} requests per target, concurrency {args.concurrency}")
            results = [load("app /", app_port, "/", args.requests, args.concurrency),
                       load(f"app /quartiers/{quartier_id}", app_port,
                            f"/quartiers/{quartier_id}", args.requests, args.concurrency)]
            bare = load("bare flask /", bare_port, "/", args.requests, args.concurrency)
        finally:
            for process in (app_process, bare_process):
                process.terminate()
                process.wait(timeout=30)
        report(results, bare)
        print("load average during the run: {:.2f} {:.2f} {:.2f} on {} cores".format(
            *os.getloadavg(), os.cpu_count()))
    return 1 if any(r.errors for r in results + [bare]) else 0


if __name__ == "__main__":
    sys.exit(main())
