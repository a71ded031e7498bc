"""The servers of ``bench/national_http.py``: gunicorn app servers and nginx in front of them.

For one database and a number of app servers: the gunicorn servers (``--workers`` ×
``--threads`` each; rate limits and the residents' page cache in Redis ``--redis-url``, under
prefixes of this bench, emptied first) are started on loopback (``bench/server.py``), nginx
(Debian's ``/usr/sbin/nginx``, or ``$NGINX``) is started on loopback with
``deploy/nginx-site.conf`` filled in, and the coordinator logs in through the proxy (the login
form, CSRF token and all). The bare route (``bench/http_pages.py``'s one trivial Flask route)
gets servers and an nginx of its own. Every process started is appended to the caller's
``started`` list as ``(process, port)`` and stopped by ``stop`` (``RuntimeError`` when a
server or nginx does not answer).
"""
from __future__ import annotations

import http.client
import os
import re
import signal
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import server  # noqa: E402

NGINX = os.environ.get("NGINX", "/usr/sbin/nginx")
PASSWORD = "national-bench-2026"  # bench/national.py's --password default


def make_bare_app():
    """The reference: ``bench/demo_server.py``'s one trivial route, and ``/healthz`` for the
    readiness checks of ``bench/server.py`` and of nginx. Gunicorn spec
    ``national_setup:make_bare_app()``."""
    from demo_server import make_bare_app as bare_app

    bare = bare_app()
    bare.add_url_rule("/healthz", "healthz", lambda: "ok")
    return bare


def start_bare(servers: int, args, workdir: Path, started: list) -> int:
    """``servers`` gunicorn servers of the bare route (the app's settings, no word vectors
    to load) and nginx in front of them; returns nginx's port."""
    ports = []
    for _ in range(servers):
        started.append(server.start("sqlite://", {"SUGGESTIONS_DELAY": "-1"},
                                    workers=args.workers, threads=args.threads,
                                    app="national_setup:make_bare_app()", timeout=120))
        ports.append(started[-1][1])
    workdir.mkdir(exist_ok=True)
    started.append(start_nginx(workdir, ports))
    return started[-1][1]


def nginx_conf(workdir: Path, port: int, upstreams: list[int]) -> Path:
    """A self-contained nginx.conf (loopback, files under ``workdir``) around the site block
    kept in deploy/nginx-site.conf."""
    site = (ROOT / "deploy" / "nginx-site.conf").read_text()
    site = (site.replace("{upstream_servers}", "\n    ".join(
        f"server 127.0.0.1:{p};" for p in upstreams))
        .replace("{listen}", f"127.0.0.1:{port}").replace("{server_name}", "localhost")
        .replace("{static_root}", str(ROOT / "static")))
    temp = workdir / "nginx-temp"
    temp.mkdir(exist_ok=True)
    conf = workdir / "nginx.conf"
    conf.write_text(
        f"worker_processes 1;\npid {workdir}/nginx.pid;\nerror_log {workdir}/error.log warn;\n"
        "events { worker_connections 512; }\nhttp {\n  access_log off;\n"
        f"  client_body_temp_path {temp}/body;\n  proxy_temp_path {temp}/proxy;\n"
        f"  fastcgi_temp_path {temp}/fcgi;\n  uwsgi_temp_path {temp}/uwsgi;\n"
        f"  scgi_temp_path {temp}/scgi;\n  types {{ text/css css; application/javascript js; }}\n"
        f"{site}\n}}\n")
    return conf


def start_nginx(workdir: Path, upstreams: list[int]) -> tuple[subprocess.Popen, int]:
    """nginx on a free loopback port in front of ``upstreams`` (ports); returns once its
    ``/healthz`` answers 200 (``RuntimeError`` when it exits or is silent for 10 s)."""
    port = server.free_port()
    conf = nginx_conf(workdir, port, upstreams)
    proc = subprocess.Popen([NGINX, "-c", str(conf), "-g", "daemon off;"],
                            start_new_session=True, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("nginx exited: " + proc.stderr.read().decode()[-1000:])
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return proc, port
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("nginx did not answer")


def start_setup(url: str, servers: int, args, workdir: Path, started: list) -> tuple[int, str]:
    """Start ``servers`` app servers on ``url`` and nginx in front of them (appended to
    ``started``); returns nginx's port and the coordinator's session cookie."""
    prefix = f"pdq-national-bench-{workdir.name}:"
    env = {"REDIS_URL": args.redis_url, "RATELIMIT_KEY_PREFIX": "pdq-national-bench",
           "PAGE_CACHE_PREFIX": prefix, "TRUSTED_PROXIES": "1",
           "PUBLIC_SUBMIT_LIMIT": "100000/minute"}
    clear_cache(args.redis_url, prefix)
    ports = []
    for _ in range(servers):
        started.append(server.start(url, env, workers=args.workers, threads=args.threads,
                                    app="wsgi:app", timeout=120, worker_timeout=300))
        ports.append(started[-1][1])
    workdir.mkdir(exist_ok=True)
    started.append(start_nginx(workdir, ports))
    port = started[-1][1]
    return port, login(port, f"coordination@{args.territory}.example")


def clear_cache(url: str, prefix: str) -> None:
    """Forget the pages this setup cached in Redis in a previous run (its own prefix only)."""
    import redis

    client = redis.Redis.from_url(url)
    for key in client.scan_iter(match=prefix + "*", count=1000):
        client.delete(key)


def login(port: int, email: str) -> str:
    """Log in through the proxy with the rendered form; returns the Cookie header."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", "/accounts/login")
    page = conn.getresponse()
    cookies = _cookies(page)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.read().decode()).group(1)
    body = urllib.parse.urlencode({"csrf_token": token, "email": email, "password": PASSWORD})
    conn.request("POST", "/accounts/login", body, {
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookies})
    answer = conn.getresponse()
    answer.read()
    if answer.status != 302:
        raise RuntimeError(f"login refused ({answer.status})")
    return _cookies(answer, cookies)


def _cookies(response, previous: str = "") -> str:
    """The ``Cookie`` header: ``previous`` updated with the response's ``Set-Cookie``."""
    jar = dict(c.split("=", 1) for c in previous.split("; ") if "=" in c)
    for header in response.headers.get_all("Set-Cookie") or []:
        name, value = header.split(";", 1)[0].split("=", 1)
        jar[name] = value
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def print_logs(workdir: Path, started: list) -> None:
    """The last lines of every nginx error log and gunicorn log of this setup."""
    for log in sorted(workdir.glob("*/error.log")):
        print(f"--- {log}:", *log.read_text().splitlines()[-15:], sep="\n    ")
    for proc, port in started:
        if getattr(proc, "log", None) is not None:
            proc.log.seek(0)
            lines = proc.log.read().decode(errors="replace").splitlines()[-15:]
            print(f"--- gunicorn :{port}:", *lines, sep="\n    ")


def stop(proc) -> None:
    """Stop a gunicorn server (its whole process group, ``server.kill``) or nginx (SIGTERM
    to its group, SIGKILL after 15 s)."""
    if getattr(proc, "log", None) is not None:
        server.kill(proc)
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=15)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(proc.pid, signal.SIGKILL)
