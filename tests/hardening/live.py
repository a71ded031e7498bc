"""A real HTTP server on loopback for burst tests: the test app served by werkzeug's threaded
server (one thread per request, each with its own database session and connection), and a
helper firing N requests at the same instant."""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import requests
from werkzeug.serving import make_server


class LiveServer:
    """``with LiveServer(app) as base: ...`` -> "http://127.0.0.1:<port>"."""

    def __init__(self, app):
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        return f"http://127.0.0.1:{self.server.server_port}"

    def __exit__(self, *_exc) -> None:
        self.server.shutdown()
        self.thread.join(timeout=10)
        self.server.server_close()


def burst(calls) -> list[requests.Response]:
    """Run every ``call()`` in its own thread, all released at once by a barrier; the
    responses in the order of ``calls``. Redirects are not followed."""
    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait()
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


def logged_in(base: str, email: str, password: str) -> requests.Session:
    """A browser session of a staff user on the live server."""
    browser = requests.Session()
    response = browser.post(f"{base}/accounts/login", data={"email": email,
                                                            "password": password},
                            allow_redirects=False)
    assert response.status_code == 302, response.text[:300]
    return browser
