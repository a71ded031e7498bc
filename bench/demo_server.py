"""The app under measure and its reference, for the benches: the demo loaded on a fresh
database (SQLite, or a temporary schema of a PostgreSQL database), the app or a bare Flask
route served by gunicorn on a free loopback port, and the CPU time its workers used.

Used by ``http_pages.py`` (and its parts ``page_load``, ``answer_writes``,
``resident_burst``), ``section_bench.py``, ``national_home.py`` and ``national_setup.py``.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
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
