"""Residents' answers to the demo survey: in process against a bare one-commit route, and 50
residents answering at once against gunicorn (SQLite WAL, PostgreSQL). Used by
bench/http_pages.py, which prints the figures of one run side by side.

The answers are read from the database: for each question a resident is asked at first (no
condition), a valid value that opens no conditional question, so every POST is stored
(303 to the thank-you page) and never comes back with a new question.
"""
from __future__ import annotations

import http.client
import secrets
import statistics
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

from residents import Resident, hidden_fields
from sqlalchemy import create_engine, text


def answer_fields(app, slug: str) -> dict[str, str]:
    """``{field: value}`` answering every question shown at first of the survey ``slug``,
    each with the first value the app accepts that shows no new question (checked with the
    app's own ``read_submission``, whatever the conditions); ``{n}`` in a text value stands
    for the submission's number."""
    from sqlalchemy import select
    from werkzeug.datastructures import MultiDict

    from participation.extensions import db
    from participation.surveys.answering import visible_questions
    from participation.surveys.form_pages import read_submission
    from participation.surveys.models import Survey

    with app.test_request_context():
        survey = db.session.scalar(select(Survey).where(Survey.slug == slug))
        first = visible_questions(survey.questions, {})
        shown = ",".join(str(q.id) for q in first)
        fields: dict[str, str] = {}
        for question in (q for q in first if not q.personal):
            for candidate in _candidates(question):
                trial = fields | candidate
                _values, errors, _shown, newly = read_submission(
                    survey, MultiDict(trial | {"shown": shown}))
                if not newly and question.id not in errors:
                    fields = trial
                    break
        db.session.remove()
    return fields


def _candidates(question) -> list[dict[str, str]]:
    name = f"q{question.id}"
    options = [str(o.id) for o in question.options]
    if question.type in ("single", "multiple", "yes_no"):
        return [{name: option} for option in options]
    if question.type == "ranking":
        return [{f"{name}_rang1": option} for option in options]
    if question.type in ("scale", "number"):
        low = question.min_value if question.min_value is not None else 1
        return [{name: f"{low:g}"}]
    if question.type == "date":
        return [{name: "2026-06-27"}]
    return [{name: "il manque un médecin {n}"}]


def _filled(fields: dict[str, str], n: int) -> dict[str, str]:
    return {k: v.replace("{n}", str(n)) for k, v in fields.items()}


# --- in process ---------------------------------------------------------------------------

def make_bare_write_app(database_url: str):
    """The reference for writes: one Flask route that inserts one row and commits (same
    database kind and SQLite settings as the app: WAL, synchronous NORMAL)."""
    from flask import Flask, request
    from sqlalchemy import event

    engine = create_engine(database_url)
    if database_url.startswith("sqlite"):
        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection, _record):
            dbapi_connection.execute("PRAGMA journal_mode=WAL")
            dbapi_connection.execute("PRAGMA synchronous=NORMAL")
            dbapi_connection.execute("PRAGMA busy_timeout=30000")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE IF NOT EXISTS bench_write "
                          "(id INTEGER PRIMARY KEY, body TEXT)" if database_url.startswith(
                              "sqlite") else "CREATE TABLE IF NOT EXISTS bench_write "
                          "(id SERIAL PRIMARY KEY, body TEXT)"))
    bare = Flask("bare_write")

    @bare.post("/")
    def write():
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO bench_write (body) VALUES (:b)"),
                         {"b": request.form.get("body", "")})
        return "", 303

    return bare


def in_process_writes(app, bare, slug: str, fields: dict[str, str], count: int,
                      slices: int = 10) -> dict:
    """The real answer POST (CSRF on, form read, conditions, one-time token, commit) through
    Flask's test client, until its response is returned, against the bare one-commit route;
    ``count`` each, in ``slices`` interleaved rounds (a burst of load from other jobs weighs
    on both alike). Returns per second (wall time) the app, the app with the work done after
    the response (the queued suggestions drained in one batch at the end: ``app`` must run
    with ``SUGGESTIONS_DELAY = -1`` so no thread drains meanwhile) and the bare route; the
    CPU seconds per request of each (``time.process_time``: the steadier figure on a loaded
    machine); and the median over the rounds of each round's app/bare ratio, by wall and by
    CPU time."""
    client, bare_client = app.test_client(), bare.test_client()
    hidden = hidden_fields(client.get(f"/s/{slug}").get_data(as_text=True))
    per_slice, n = max(count // slices, 1), 0
    app_side, bare_side, after = [], [], 0.0
    for _ in range(slices):
        wall, cpu = time.perf_counter(), time.process_time()
        for _ in range(per_slice):
            data = hidden | _filled(fields, n) | {"token": secrets.token_urlsafe(24),
                                                   "autre": "1"}
            n += 1
            response = client.post(f"/s/{slug}", data=data)
            middle = time.perf_counter()
            response.close()  # what gunicorn does once the response is sent
            after += time.perf_counter() - middle
            if response.status_code not in (302, 303):
                raise SystemExit(f"answer not stored: HTTP {response.status_code}")
        app_side.append((time.perf_counter() - wall, time.process_time() - cpu))
        wall, cpu = time.perf_counter(), time.process_time()
        for i in range(per_slice):
            bare_client.post("/", data={"body": f"réponse {i}"}).close()
        bare_side.append((time.perf_counter() - wall, time.process_time() - cpu))
    return _rates(app_side, bare_side, after, per_slice * slices, _drain_seconds(app))


def _rates(app_side: list, bare_side: list, after: float, done: int, drain: float) -> dict:
    """``in_process_writes``' figures from each round's (wall, CPU) seconds."""
    app_wall = sum(w for w, _c in app_side) - after
    pairs = list(zip(app_side, bare_side, strict=True))
    return {"app": done / app_wall, "app_closed": done / (app_wall + after + drain),
            "bare": done / sum(w for w, _c in bare_side), "count": done,
            "app_cpu": sum(c for _w, c in app_side) / done,
            "bare_cpu": sum(c for _w, c in bare_side) / done,
            "median": statistics.median(b[0] / a[0] for a, b in pairs),
            "median_cpu": statistics.median(b[1] / a[1] for a, b in pairs)}


def _drain_seconds(app) -> float:
    """Seconds to store the suggestions the answers queued (``analysis.pending.drain``, one
    batch: what a web worker's thread does after the responses, see README)."""
    from participation.analysis.pending import drain

    with app.app_context():
        start = time.perf_counter()
        drain()
        return time.perf_counter() - start


# --- 50 residents at once against gunicorn ------------------------------------------------

@dataclass
class Burst:
    """Latencies (seconds) of the form GETs and answer POSTs of every round; ``connects``:
    the seconds each new TCP connection took to open (a SYN dropped by a full listen queue
    shows as 1 s, 3 s...); ``reconnects``: requests sent again on a new connection because
    the server had closed the kept-alive one (as a browser does)."""

    gets: list[float] = field(default_factory=list)
    posts: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    connects: list[float] = field(default_factory=list)
    reconnects: int = 0
    stored: int = 0  # responses found in the database after the run (bench/http_pages.py)
    drained: float | None = None  # seconds after the run until no suggestion was queued
    cpu: float = 0.0  # server CPU seconds (workers), from the first round until drained
    lock: threading.Lock = field(default_factory=threading.Lock)


class TimedResident(Resident):
    """A browser: its cookies, and one keep-alive connection reused from the form's GET to
    the answer's POST and across rounds (opened again when the server closed it)."""

    def __init__(self, host: str, port: int, timeout: float, burst: Burst):
        super().__init__(host, port, timeout)
        self.burst, self.conn = burst, None

    def _connection(self) -> http.client.HTTPConnection:
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            start = time.perf_counter()
            self.conn.connect()
            with self.burst.lock:
                self.burst.connects.append(time.perf_counter() - start)
        return self.conn

    def _request(self, method: str, path: str, body: str | None = None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
                   "Accept-Language": "fr"}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):
            fresh = self.conn is None
            conn = self._connection()
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                data = response.read().decode("utf-8", "replace")
            except (ConnectionError, http.client.RemoteDisconnected):
                conn.close()
                self.conn = None
                if fresh or attempt == 2:  # not a closed keep-alive connection: an error
                    raise
                with self.burst.lock:
                    self.burst.reconnects += 1
                continue
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            if response.will_close:
                conn.close()
                self.conn = None
            return response.status, response.headers.get("Location", ""), data
        raise AssertionError("unreachable")

    def get_form(self, path: str) -> dict[str, str]:
        status, _location, html = self._request("GET", path)
        if status != 200:
            raise RuntimeError(f"GET {path}: HTTP {status}")
        return hidden_fields(html)

    def post(self, path: str, data: dict[str, str]) -> int:
        status, _location, _body = self._request("POST", path, urllib.parse.urlencode(data))
        return status


def _resident(port: int, path: str, fields: dict, number: int, rounds: int,
              barrier: threading.Barrier, burst: Burst) -> None:
    resident = TimedResident("127.0.0.1", port, 30, burst)
    for round_no in range(rounds):
        try:
            barrier.wait(timeout=120)
            start = time.perf_counter()
            hidden = resident.get_form(path + "?autre=1")  # the cookie of the last round
            got = time.perf_counter() - start
            barrier.wait(timeout=120)  # everyone has the form: all answer at once
            data = hidden | _filled(fields, number * 1000 + round_no) | {"autre": "1"}
            start = time.perf_counter()
            status = resident.post(path, data)
            posted = time.perf_counter() - start
        except (OSError, RuntimeError, http.client.HTTPException,
                threading.BrokenBarrierError) as exc:
            with burst.lock:
                burst.errors.append(repr(exc))
            continue
        with burst.lock:
            burst.gets.append(got)
            if status in (302, 303):
                burst.posts.append(posted)
            else:
                burst.errors.append(f"POST HTTP {status}")
    if resident.conn is not None:
        resident.conn.close()


def residents_at_once(port: int, slug: str, fields: dict, residents: int, rounds: int) -> Burst:
    """``rounds`` times: ``residents`` threads GET the form together, then all POST their
    answers together (a barrier before each step)."""
    burst = Burst()
    barrier = threading.Barrier(residents)
    threads = [threading.Thread(target=_resident, daemon=True, args=(
        port, f"/s/{slug}", fields, n, rounds, barrier, burst)) for n in range(residents)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    return burst


def percentiles(latencies: list[float]) -> tuple[float, float]:
    """(p50, p95) in milliseconds."""
    if len(latencies) < 2:
        return (latencies[0] * 1000, latencies[0] * 1000) if latencies else (0.0, 0.0)
    cuts = statistics.quantiles(latencies, n=100)
    return cuts[49] * 1000, cuts[94] * 1000
