"""One quick answer writer at a time on a SQLite file, queued by the kernel
(``core.database.SQLiteWriters``): other threads and other processes (gunicorn workers) wait
until the holder leaves, then go at once instead of sleeping in SQLite's busy handler."""
from __future__ import annotations

import subprocess
import sys
import threading

from sqlalchemy import create_engine

from participation.core.database import SQLiteWriters

TRY_LOCK = """import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_RDWR)
try:
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
except BlockingIOError:
    sys.exit(3)
"""


def _other_process_can_lock(path: str) -> bool:
    return subprocess.run([sys.executable, "-c", TRY_LOCK, path]).returncode == 0


def test_another_process_and_another_thread_wait_for_the_writer(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'app.sqlite'}")
    writers = SQLiteWriters.of(engine)
    assert SQLiteWriters.of(engine) is writers  # one per process and file
    lock_file = str(tmp_path / "app.sqlite-writers.lock")
    order: list[str] = []
    entered = threading.Event()

    def second_writer() -> None:
        entered.set()
        with SQLiteWriters.of(engine):
            order.append("second")

    with writers:
        assert not _other_process_can_lock(lock_file)
        thread = threading.Thread(target=second_writer)
        thread.start()
        entered.wait(10)
        thread.join(0.2)  # it waits on the lock, however long the first holds it
        order.append("first")
    thread.join(10)
    assert order == ["first", "second"]
    assert _other_process_can_lock(lock_file)


def test_no_lock_on_other_databases():
    memory = create_engine("sqlite://")
    postgres = create_engine("postgresql+psycopg://user:secret@127.0.0.1:1/none")
    for engine in (memory, postgres):
        assert not isinstance(SQLiteWriters.of(engine), SQLiteWriters)
