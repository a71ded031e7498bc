"""Two app servers (workers of one machine, or servers sharing Redis) asking the shared memo
(``core.memo.memo``) for the same cold entry at once: the second waits for the first's result
instead of computing it again (tests/core/test_shared_memo.py, tests/core/test_disk_memo.py)."""
from __future__ import annotations

import threading

from participation.core import memo


def ask_cold_entry_at_once(servers, territory_id: int) -> tuple[list, dict]:
    """Both ``servers`` ask ``memo.memo(territory_id, "test.lock", compute)``, the second once
    the first is computing; asserts the second is still waiting 0.5 s later with one call
    made, then lets the first finish. Returns (the calls made, server -> result)."""
    calls, results = [], {}
    started, finish = threading.Event(), threading.Event()

    def compute():
        calls.append(1)
        started.set()
        assert finish.wait(20)
        return {"n": len(calls)}

    def ask(server):
        with server.test_request_context():
            results[server] = memo.memo(territory_id, "test.lock", compute)

    first, second = (threading.Thread(target=ask, args=(s,)) for s in servers)
    first.start()
    assert started.wait(20)
    second.start()
    second.join(0.5)
    assert second.is_alive() and calls == [1]  # waiting for the first, not computing
    finish.set()
    first.join(20)
    second.join(20)
    return calls, results
