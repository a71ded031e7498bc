"""Start and stop the production server (gunicorn) on a free loopback port, for tests and
benches. The server runs in its own process group so it can be killed whole (SIGKILL)."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).with_name("gunicorn")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(database_url: str, env: dict | None = None, workers: int = 2, threads: int = 4,
          app: str = "write_app:app", timeout: float = 30,
          worker_timeout: int = 30) -> tuple[subprocess.Popen, int]:
    """Run gunicorn on ``database_url``; returns once /healthz answers. ``worker_timeout``
    (seconds) is gunicorn's ``--timeout``: a request running longer kills its worker.

    The port is bound here and its socket handed to gunicorn (``--bind fd://N``): a port
    found free then released could be taken meanwhile by another job's server, which would
    answer the readiness check in place of this one."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    full_env = _server_env(database_url, env, workers)
    cmd = [str(GUNICORN), "--bind", f"fd://{listener.fileno()}", "--workers", str(workers),
           "--threads", str(threads), "--timeout", str(worker_timeout), "--graceful-timeout", "5",
           "--log-level", "warning", app]
    log = tempfile.TemporaryFile()
    with listener:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=full_env, start_new_session=True,
                                stdout=subprocess.DEVNULL, stderr=log,
                                pass_fds=(listener.fileno(),))
    proc.log = log
    _wait_ready(proc, port, timeout)
    return proc, port


def _server_env(database_url: str, env: dict | None, workers: int) -> dict:
    """The environment of a measuring server: this one, the database, loopback-friendly
    limits and message backends, then ``env`` on top."""
    full_env = os.environ | {
        "DATABASE_URL": database_url, "PYTHONPATH": f"{ROOT}:{ROOT / 'bench'}",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-secret-key"),
        "PUBLIC_SUBMIT_LIMIT": "100000/minute",
        # a production server refuses console message backends (core/runtime.py)
        "EMAIL_BACKEND": "disabled", "SMS_BACKEND": "disabled"} | (env or {})
    if workers > 1 and not (full_env.get("REDIS_URL") or full_env.get("RATELIMIT_STORAGE_URI")):
        # gunicorn.conf.py refuses several workers counting limits apart: without a shared
        # store (Redis), a measuring server runs with the limits off, as bench/README says.
        full_env["RATELIMIT_ENABLED"] = "0"
    return full_env


def _wait_ready(proc: subprocess.Popen, port: int, timeout: float) -> None:
    """Return once /healthz answers on ``port``; RuntimeError with the end of gunicorn's log
    if it exits, or (the server killed) after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            proc.log.seek(0)
            raise RuntimeError("gunicorn exited: " + proc.log.read().decode()[-2000:])
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    kill(proc)
    raise RuntimeError("gunicorn did not answer in time")


def kill(proc: subprocess.Popen, sig: int = signal.SIGKILL) -> None:
    """Signal the whole process group (master and workers), then reap the master."""
    try:
        os.killpg(proc.pid, sig)
    except ProcessLookupError:
        pass
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)
    proc.log.close()
