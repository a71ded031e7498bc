"""Item 2 of ``http_pages.py``: the real answer POST against a bare route doing one INSERT
and one commit, in process (Flask test client), on the same kind of database
(``answers.in_process_writes``).
"""
from __future__ import annotations

import os


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


def report_writes(writes: dict) -> None:
    """Print ``run_writes``'s rates: answers per second and CPU per request, app and bare."""
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
