"""Gunicorn settings for production: ``gunicorn -c gunicorn.conf.py wsgi:app``.

Several workers only with shared rate-limit counts: set ``REDIS_URL`` (or
``RATELIMIT_STORAGE_URI``); with the default ``memory://`` each worker would count on its own
and a 30/minute limit would let 60 requests through with 2 workers, so the server refuses to
start (``participation.config.shared_limits_problem``). See README, "Production".
"""
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def on_starting(server):
    """Refuse to start several workers without a shared rate-limit storage."""
    from participation.config import shared_limits_problem

    problem = shared_limits_problem(server.cfg.workers)
    if problem:
        raise RuntimeError(problem)


def post_worker_init(worker):
    """Load the word vectors of the challenge suggestions (``analysis.semantic``: about 2 s of
    CPU, measured 2026-11-29) before the worker serves anyone: else the first residents'
    answers of a burst wait behind that load in the worker's suggestion thread
    (``analysis.pending``). Skipped when a worker of its own drains the suggestions
    (``SUGGESTIONS_DELAY=-1``)."""
    if float(os.environ.get("SUGGESTIONS_DELAY", "0.5")) < 0:
        return
    from participation.analysis import semantic

    semantic.available()
