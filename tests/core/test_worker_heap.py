"""A gunicorn worker freezes what it loaded out of the garbage collector's full collections
(``core.runtime.freeze_loaded_heap``): each one walked the whole loaded app, 140 to 170 ms
with the worker's request threads waiting (bench/README.md, writes)."""
from __future__ import annotations

import gc
import runpy
from pathlib import Path
from types import SimpleNamespace

from participation.core.runtime import freeze_loaded_heap

ROOT = Path(__file__).resolve().parents[2]


def test_freezing_moves_every_live_object_out_of_the_collections():
    kept = [object()]
    try:
        frozen = freeze_loaded_heap()
        # another thread of the worker (a live server left by an earlier test) may free frozen
        # objects between the two reads: the count can only have gone down (CI, 2026-11-30:
        # 716109 returned, 716107 read)
        assert 0 < gc.get_freeze_count() <= frozen
        assert not any(obj is kept for obj in gc.get_objects())
    finally:
        gc.unfreeze()
    assert any(obj is kept for obj in gc.get_objects())


def test_a_gunicorn_worker_freezes_the_loaded_app(monkeypatch):
    """gunicorn.conf.py's ``post_worker_init``, as gunicorn calls it once the worker has
    loaded ``wsgi:app`` (the models' loading thread left out: ``pending.preload``'s own
    test)."""
    from participation.analysis import pending

    monkeypatch.setattr(pending, "preload", lambda: None)
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    gc.unfreeze()
    try:
        worker = SimpleNamespace(wsgi=SimpleNamespace(config={}, extensions={}))  # no warmer
        settings["post_worker_init"](worker)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
