"""Gunicorn settings of the HTTP benches: each worker says when it has loaded the app.

``gunicorn -c bench/gunicorn_ready.py``: ``post_worker_init`` creates the file
``$BENCH_READY_DIR/<worker pid>`` once the worker's application is loaded, so a bench starts
measuring only when every worker serves (the listening socket accepts connections long
before: a worker still importing the app would otherwise burn a core during the first
target's measure; so would the word vectors the app's workers load in a thread as they
start, ``pending.preload``: waited for too). Other settings come from the command line.
"""
import os
import threading
from pathlib import Path


def post_worker_init(worker):
    if os.environ.get("BENCH_PRELOAD_SUGGESTIONS") == "1":  # the app, as gunicorn.conf.py
        from participation.analysis.pending import preload
        from participation.core.runtime import freeze_loaded_heap

        freeze_loaded_heap()
        preload()
        for thread in threading.enumerate():  # measured once loaded: 2 s of CPU or more
            if thread.name == "pdq-models":  # that would weigh on the first target only
                thread.join()
    directory = os.environ.get("BENCH_READY_DIR")
    if directory:
        try:
            Path(directory, str(worker.pid)).touch()
        except OSError:  # the bench gave up waiting and removed it: serve anyway
            worker.log.warning("bench ready directory %s is gone", directory)
