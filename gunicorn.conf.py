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
# gunicorn's control socket (gunicorn >= 24) is one path per user by default: two app servers
# on one machine would share it, and stopping one removed the other's. Off unless a path is
# given (nothing of the app uses it).
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = not control_socket


def on_starting(server):
    """Refuse to start several workers without a shared rate-limit storage."""
    from participation.config import shared_limits_problem

    problem = shared_limits_problem(server.cfg.workers)
    if problem:
        raise RuntimeError(problem)


def post_worker_init(worker):
    """Freeze the loaded app's objects out of the garbage collector's full collections
    (``participation.core.runtime.freeze_loaded_heap``), then start loading the suggestions'
    and analyses' models (word vectors, sentence encoder, word tables) in a thread as the
    worker starts (``participation.analysis.pending.preload``; frozen too once loaded); once
    they are loaded, what coordinators looked at before this start (a release, a restart) is
    computed in the background (``participation.analysis.warming.resume``)."""
    from participation.analysis.pending import preload
    from participation.analysis.warming import resume
    from participation.core.runtime import freeze_loaded_heap

    freeze_loaded_heap()
    resume(worker.wsgi, after=preload())
