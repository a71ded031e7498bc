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
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
BARE_PAGE = '<!doctype html><html lang="fr"><title>ok</title><p>ok</p></html>'


def make_bare_app():
    """The reference: one trivial Flask route, nothing else."""
    from flask import Flask

    bare = Flask(__name__)
    bare.add_url_rule("/", "index", lambda: BARE_PAGE)
    return bare


def app_env(workdir: Path, database_url: str) -> dict:
    """The app's environment for the CLI and gunicorn: limits off (a measuring server, see
    README), pages cached in process unless REDIS_URL is set, a prefix of its own."""
    return os.environ | {
        "DATABASE_URL": database_url, "SECRET_KEY": "bench",
        "INSTANCE_PATH": str(workdir), "FLASK_APP": "wsgi.py", "RATELIMIT_ENABLED": "0",
        "EMAIL_BACKEND": "disabled", "SMS_BACKEND": "disabled",
        "PAGE_CACHE_PREFIX": f"bench-{uuid.uuid4().hex[:8]}:",
        "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p),
    }


def prepare_database(workdir: Path, database_url: str | None = None) -> tuple[dict, int, str]:
    """Migrate a fresh database, load the demo and open its flash survey (no closing date):
    returns the env, a quartier id and the survey's slug."""
    database_url = database_url or f"sqlite:///{workdir / 'bench.sqlite'}"
    env = app_env(workdir, database_url)
    for args in (["translate", "compile"], ["db", "upgrade"], ["demo", "load"]):
        subprocess.run([sys.executable, "-m", "flask", *args], cwd=ROOT, env=env, check=True,
                       capture_output=True)
    from sqlalchemy import create_engine, text

    engine = create_engine(sqlalchemy_url(database_url))
    with engine.begin() as conn:
        quartier_id = conn.execute(text("SELECT min(id) FROM quartier")).scalar()
        survey_id, slug = conn.execute(text("SELECT id, slug FROM survey ORDER BY id")).first()
        conn.execute(text("UPDATE survey SET status = 'open', opens_at = NULL, "
                          "closes_at = NULL WHERE id = :id"), {"id": survey_id})
        conn.execute(text("UPDATE page_version SET token = :t"), {"t": uuid.uuid4().hex})
    engine.dispose()
    return env, quartier_id, slug


def sqlalchemy_url(url: str) -> str:
    return "postgresql+psycopg://" + url.split("://", 1)[1] if url.startswith(
        "postgresql://") else url


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(target: str, env: dict, args) -> tuple[subprocess.Popen, int]:
    """Gunicorn serving ``target`` on a free port; returns once every worker has loaded the
    app (``gunicorn_ready.py``)."""
    port = free_port()
    ready = Path(env["INSTANCE_PATH"], f"ready-{port}")  # inside the run's temporary dir
    ready.mkdir()
    cmd = [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "bench" / "gunicorn_ready.py"),
           "--bind", f"127.0.0.1:{port}",
           "--workers", str(args.workers), "--threads", str(args.threads),
           "--worker-class", "gthread", "--keep-alive", "5", "--log-level", "warning",
           "--pythonpath", f"{ROOT},{ROOT / 'bench'}", target]
    extra = {"BENCH_READY_DIR": str(ready)}
    if target == "wsgi:app":  # as gunicorn.conf.py: word vectors loaded before serving
        extra["BENCH_PRELOAD_SUGGESTIONS"] = "1"
    process = subprocess.Popen(cmd, cwd=ROOT, env=env | extra)
    deadline = time.monotonic() + 300  # loading the app takes a minute on a loaded machine
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited: {' '.join(cmd)}")
        if len(list(ready.iterdir())) >= args.workers:
            return process, port
        time.sleep(0.2)
    process.terminate()
    raise SystemExit(f"gunicorn's workers did not load the app on port {port}")


def server_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by the worker processes of the gunicorn
    arbiter ``pid`` (Linux ``/proc``; 0.0 elsewhere)."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # a process that ended meanwhile
        if int(fields[1]) == pid:  # ppid, then utime and stime at fields 11 and 12
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 0.0


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
               start_gunicorn("http_pages:make_bare_app()", env, args)]
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


def run_writes(env: dict, slug: str, count: int) -> tuple[dict, dict]:
    """In process: the answer POST and the bare one-commit route, ``count`` each; returns
    the rates and the answer fields (reused by the residents' bench: same demo ids)."""
    import answers

    from participation import create_app

    url = env["DATABASE_URL"]
    os.environ.update(EMAIL_BACKEND="disabled", SMS_BACKEND="disabled")
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_ENABLED": False,
                      "SECRET_KEY": "bench", "SUGGESTIONS_DELAY": -1})
    bare = answers.make_bare_write_app(url.replace("bench.sqlite", "bare.sqlite"))
    fields = answers.answer_fields(app, slug)
    from participation.core.runtime import freeze_loaded_heap

    freeze_loaded_heap()  # as a gunicorn worker once loaded (gunicorn.conf.py)
    answers.in_process_writes(app, bare, slug, fields, 20)  # warm-up
    return answers.in_process_writes(app, bare, slug, fields, count), fields


def run_residents(env: dict, slug: str, fields: dict, args):
    """50 residents at once against gunicorn (the app) on ``env``'s database."""
    import answers

    process, port = start_gunicorn("wsgi:app", env, args)
    before = stored_answers(env["DATABASE_URL"], slug)
    try:
        warm = answers.residents_at_once(port, slug, fields, args.residents, 1)
        queue_drained(env["DATABASE_URL"])  # the warm-up's suggestions out of the count
        cpu = server_cpu(process.pid)
        burst = answers.residents_at_once(port, slug, fields, args.residents, args.rounds)
        burst.drained = queue_drained(env["DATABASE_URL"])
        burst.cpu = server_cpu(process.pid) - cpu
    finally:
        process.terminate()
        process.wait(timeout=30)
    stored = stored_answers(env["DATABASE_URL"], slug) - before - len(warm.posts)
    if stored != len(burst.posts) or warm.errors:
        burst.errors.append(f"{len(burst.posts)} acknowledged but {stored} stored "
                            f"(warm-up errors: {warm.errors[:3]})")
    if burst.drained is None:
        burst.errors.append("suggestions still queued two minutes after the last answer")
    burst.stored = stored
    return burst


def queue_drained(database_url: str, patience: float = 120) -> float | None:
    """Seconds from the end of the last round until the workers' suggestion threads have
    emptied ``pending_suggestion`` (``analysis.pending``: they drain once no answer came
    for half a second, after the burst); None if still queued after ``patience`` seconds."""
    from sqlalchemy import create_engine, text

    engine = create_engine(sqlalchemy_url(database_url))
    start = time.perf_counter()
    try:
        while time.perf_counter() - start < patience:
            with engine.connect() as conn:
                if not conn.execute(text("SELECT count(*) FROM pending_suggestion")).scalar():
                    return time.perf_counter() - start
            time.sleep(0.1)
        return None
    finally:
        engine.dispose()


def stored_answers(database_url: str, slug: str) -> int:
    """Responses stored in the database for the survey ``slug`` (each one-time token is
    unique: a response stored twice would be two rows)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(sqlalchemy_url(database_url))
    with engine.connect() as conn:
        count = conn.execute(text("SELECT count(*) FROM survey_response r JOIN survey s ON "
                                  "s.id = r.survey_id WHERE s.slug = :slug"),
                             {"slug": slug}).scalar()
    engine.dispose()
    return count


def postgres_schema(base_url: str):
    """A fresh schema of ``base_url``'s database and the URL that uses it; drop it after."""
    from contextlib import contextmanager

    from sqlalchemy import create_engine, text

    @contextmanager
    def schema():
        name = f"bench_{uuid.uuid4().hex[:10]}"
        engine = create_engine(sqlalchemy_url(base_url))
        with engine.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{name}"'))
        separator = "&" if "?" in base_url else "?"
        try:
            yield f"{base_url}{separator}options={quote(f'-csearch_path={name}')}"
        finally:
            with engine.begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{name}" CASCADE'))
            engine.dispose()

    return schema()


def report_writes(writes: dict, bursts: dict, args) -> None:
    import answers

    bare = writes["bare"]
    print(f"\nanswers in process ({writes['count']} each, 10 interleaved rounds): bare "
          f"one-commit route {bare:.0f}/s; answer POST {writes['app']:.0f}/s (app/bare "
          f"{writes['app'] / bare:.2f}, median of the rounds {writes['median']:.2f}); with the "
          f"suggestions drained in one batch after {writes['app_closed']:.0f}/s "
          f"(app/bare {writes['app_closed'] / bare:.2f})")
    app_cpu, bare_cpu = writes["app_cpu"], writes["bare_cpu"]
    print(f"CPU per request: answer POST {app_cpu * 1000:.2f} ms, bare route "
          f"{bare_cpu * 1000:.2f} ms: bare/app {bare_cpu / app_cpu:.2f} (median of the "
          f"rounds {writes['median_cpu']:.2f})")
    if not bursts:
        return
    print(f"{args.residents} residents answering at once, {args.rounds} rounds "
          f"(all GET the form together, then all POST together):")
    print(f"{'database':<16}{'GET p50':>9}{'GET p95':>9}{'POST p50':>10}{'POST p95':>10}"
          f"{'acked':>7}{'stored':>8}{'errors':>8}{'connects':>10}{'max ms':>8}"
          f"{'reconn.':>8}{'drained s':>10}{'CPU ms/ans':>11}")
    for name, burst in bursts.items():
        g50, g95 = answers.percentiles(burst.gets)
        p50, p95 = answers.percentiles(burst.posts)
        print(f"{name:<16}{g50:>9.0f}{g95:>9.0f}{p50:>10.0f}{p95:>10.0f}"
              f"{len(burst.posts):>7}{burst.stored:>8}{len(burst.errors):>8}"
              f"{len(burst.connects):>10}{max(burst.connects, default=0) * 1000:>8.0f}"
              f"{burst.reconnects:>8}"
              f"{'never' if burst.drained is None else f'{burst.drained:.1f}':>10}"
              f"{burst.cpu / max(len(burst.posts), 1) * 1000:>11.1f}"
              + (f"  e.g. {burst.errors[:3]}" if burst.errors else ""))
    print("(connects: TCP connections opened, each resident keeps its own alive as a browser "
          "does; max ms: the slowest to open; reconn.: requests sent again on a new "
          "connection after the server closed the kept one; drained s: seconds after the "
          "last round until the workers had stored the suggestions of every free text; "
          "CPU ms/ans: the workers' CPU (user + system) from the first round until drained, "
          "form GETs and suggestions included, per answer)")


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
            report_writes(writes, bursts, args)
            errors += sum(len(b.errors) for b in bursts.values())
        print("load average at the end: {:.2f} {:.2f} {:.2f} on {} cores".format(
            *os.getloadavg(), os.cpu_count()))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
