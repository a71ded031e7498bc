"""Item 3 of ``http_pages.py``: residents answering at once against gunicorn (the app), the
form GET and the answer POST timed (``answers.residents_at_once``), every acknowledged
answer checked stored, and the time the workers took to store the suggestions of the free
texts afterwards.
"""
from __future__ import annotations

import time

from bench.demo_server import server_cpu, sqlalchemy_url, start_gunicorn


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


def report_bursts(bursts: dict, args) -> None:
    """Print each database's burst (``run_residents``): latencies, acknowledged and stored
    answers, errors, connections, drain time and CPU per answer; nothing without bursts."""
    import answers

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
