"""Gunicorn settings of the HTTP benches: each worker says when it has loaded the app.

``gunicorn -c bench/gunicorn_ready.py``: ``post_worker_init`` creates the file
``$BENCH_READY_DIR/<worker pid>`` once the worker's application is loaded, so a bench starts
measuring only when every worker serves (the listening socket accepts connections long
before: a worker still importing the app would otherwise burn a core during the first
target's measure). Other settings come from the command line.
"""
import os
import threading
from pathlib import Path


def post_worker_init(worker):
    """As gunicorn.conf.py, the app's workers load the suggestions' word vectors in a thread
    while serving; the bench measures a server in its steady state, so the worker says it is
    ready once they are loaded (loading them takes 2 s of CPU, 20 s and more on a loaded
    machine, while the worker's requests wait for the interpreter lock: a burst measured
    meanwhile waited 25 s, bench/README.md)."""
    if os.environ.get("BENCH_PRELOAD_SUGGESTIONS") == "1":  # the app, as gunicorn.conf.py
        from participation.analysis.pending import preload

        loading = preload()
        if loading is not None:
            threading.Thread(target=_ready_after, args=(worker, loading), daemon=True).start()
            return
    _ready(worker)


def _ready_after(worker, loading: threading.Thread) -> None:
    loading.join()
    _ready(worker)


def _ready(worker) -> None:
    directory = os.environ.get("BENCH_READY_DIR")
    if directory:
        try:
            Path(directory, str(worker.pid)).touch()
        except OSError:  # the bench gave up waiting and removed it: serve anyway
            worker.log.warning("bench ready directory %s is gone", directory)
