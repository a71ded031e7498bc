"""Where the app runs, and what it may write to its logs (security finding 6).

- ``APP_ENV``: "production" (the default) or "development" (``make run``). Tests set TESTING.
- Message backends (``message_backend``): e-mail goes to ``EMAIL_BACKEND`` when set
  ("memory", "disabled", "console" or "package.module:callable"), else to SMTP when
  ``SMTP_HOST`` is set, else to the console; SMS goes to ``SMS_BACKEND`` ("memory",
  "disabled", "console" — the default — or "package.module:callable"). The console backend
  prints neither the recipient nor the text, and only in development or tests.
- ``check_production``: a production server (gunicorn ``wsgi:app``) refuses to start when a
  channel would fall back to the console; ``flask`` commands (migrations, translations, cron
  jobs) still run, and a message they cannot send is logged as failed, by record id.
- ``log_exception``: an unhandled error is logged with the method, the path (no query string),
  the exception's type, the SQL statement when there is one, and the stack (file, line,
  function) — never the exception's text, form values or SQL parameters, which may hold a
  resident's words or contacts (SQLAlchemy's ``hide_parameters`` is set in config.py too).
- ``loaded_once``: the models a process reads once (word vectors, tagger, encoder, word
  tables) are loaded by one thread; another asking meanwhile waits for that load.
"""
from __future__ import annotations

import functools
import gc
import os
import threading
import traceback
from collections.abc import Callable
from typing import TypeVar

from flask import Flask, current_app, has_request_context, request
from sqlalchemy.exc import StatementError

BUILT_IN = {"email": ("memory", "disabled", "console", "smtp"),
            "sms": ("memory", "disabled", "console")}
SETTING = {"email": "EMAIL_BACKEND", "sms": "SMS_BACKEND"}


def setting(name: str, default: str = "", config=None) -> str:
    """A setting from the app config, else the environment, else ``default``."""
    config = current_app.config if config is None else config
    return str(config.get(name) or os.environ.get(name) or default)


def message_backend(channel: str, config=None) -> str:
    """The backend name of "email" or "sms": a built-in name or "package.module:callable"."""
    chosen = setting(SETTING[channel], config=config)
    if chosen:
        return chosen
    if channel == "email" and setting("SMTP_HOST", config=config):
        return "smtp"
    return "console"


def development(config=None) -> bool:
    config = current_app.config if config is None else config
    return config.get("APP_ENV") == "development" or bool(config.get("TESTING"))


def console_message(channel: str, subject: str, text: str) -> None:
    """The development console backend: says a message would go out, never to whom nor what
    it says (names and contacts stay out of the server's output)."""
    if not development():
        raise RuntimeError(f"no {channel} backend configured (see docs/security.md)")
    print(f"[{channel}] message not sent (console backend, development): "
          f"{len(subject) + len(text)} characters; recipient and text hidden", flush=True)


def production_problems(config) -> list[str]:
    """What a production configuration lacks, in French, one line per problem."""
    problems = []
    if message_backend("email", config) == "console":
        problems.append("EMAIL_BACKEND ou SMTP_HOST : aucun envoi d'e-mail configuré "
                        "(SMTP_HOST=…, ou EMAIL_BACKEND=disabled pour ne rien envoyer).")
    if message_backend("sms", config) == "console":
        problems.append("SMS_BACKEND : aucun envoi de SMS configuré "
                        "(SMS_BACKEND=paquet.module:fonction, ou SMS_BACKEND=disabled).")
    return problems


def check_production(app: Flask) -> None:
    """Refuse to start a production server whose messages would go to the console (and so
    to the log). Development, tests and ``flask`` commands are not checked."""
    if development(app.config) or os.environ.get("FLASK_RUN_FROM_CLI") == "true":
        return
    problems = production_problems(app.config)
    if problems:
        raise RuntimeError(
            "Configuration de production incomplète (APP_ENV=production) :\n- "
            + "\n- ".join(problems)
            + "\nPour un poste de développement : APP_ENV=development.")


def safe_error_summary(exc: BaseException) -> str:
    """The exception's type, plus the SQL statement (placeholders only) for SQL errors."""
    name = type(exc).__name__
    if isinstance(exc, StatementError):
        orig = type(exc.orig).__name__ if exc.orig is not None else ""
        return f"{name} ({orig}) [SQL: {exc.statement}]"
    return name


def init_runtime(app: Flask) -> None:
    """Check the production settings and log unhandled errors without personal data."""
    check_production(app)

    def log_exception(exc_info) -> None:
        _type, exc, tb = exc_info
        where = f"{request.method} {request.path}" if has_request_context() else "-"
        stack = "".join(traceback.format_list(traceback.extract_tb(tb)))
        app.logger.error("Exception on %s: %s\n%s", where, safe_error_summary(exc), stack)

    app.log_exception = log_exception


def limit_blas_threads(threads: int) -> None:
    """At most ``threads`` threads (``BLAS_THREADS``, 1 by default; 0 leaves the libraries'
    own choice) in the process's BLAS for its life: the libraries already loaded (numpy's
    OpenBLAS) through ``threadpoolctl``, those loaded later (scipy's own OpenBLAS, read by
    the first grouping or linear program) through ``OPENBLAS_NUM_THREADS``, unless the
    environment sets it. Called at the end of ``create_app``.

    Why: the analyses multiply small matrices (a challenge's answers by 512 dimensions; the
    grouping's similarities), where OpenBLAS's second thread mostly waits, spinning, on a
    server of 2 cores that its 2 workers' 4 request threads share: the section's first
    computation took 3.0 s of CPU for 1.7 s of wall time with 2 BLAS threads (bench/
    section_bench.py, 2026-11-30, bench/README.md). Same results: OpenBLAS never splits a
    dot product between threads (the test processes have always run with one)."""
    if threads > 0:
        from threadpoolctl import threadpool_limits

        os.environ.setdefault("OPENBLAS_NUM_THREADS", str(threads))
        threadpool_limits(limits=threads, user_api="blas")


def freeze_loaded_heap() -> int:
    """Move every object alive now to the garbage collector's permanent generation
    (``gc.freeze``, Python 3.7+) and return how many are there: a gunicorn worker calls it
    once it has loaded the app (``post_worker_init``) and again once its word vectors are
    loaded (``analysis.pending.preload``).

    Why: a worker holds 230,000 to 310,000 tracked objects after loading (the app, pandas,
    the vectors), nearly all alive until it exits, and every full collection walked them
    all: 140 to 170 ms of CPU each (measured 2026-11-30), during which the worker's four
    request threads wait (the interpreter lock); one fell inside most bursts of 50 answers.
    Frozen, a full collection walks only what was allocated since. Objects frozen here
    that later become unreachable in a cycle are never collected: the load's own, once."""
    gc.freeze()
    return gc.get_freeze_count()


T = TypeVar("T")


def loaded_once(func: Callable[[], T]) -> Callable[[], T]:
    """``functools.lru_cache(maxsize=1)`` of a loader without arguments, its calls under one
    lock: a thread asking while another loads waits for that load instead of loading again.
    A web worker's first import or analysis page during its start-up thread's
    ``tagging.load_resources`` (``analysis.pending.preload``) loaded the same word vectors,
    tagger and encoder a second time beside it (about 6 s of CPU, bench/import_speed.py).
    Keeps ``cache_info`` and ``cache_clear``; a loaded value costs one uncontended lock."""
    cached = functools.lru_cache(maxsize=1)(func)
    lock = threading.Lock()

    @functools.wraps(func)
    def loaded() -> T:
        with lock:
            return cached()

    loaded.cache_info, loaded.cache_clear = cached.cache_info, cached.cache_clear
    return loaded
