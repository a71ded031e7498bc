"""What else a process forgets with its kept analyses (``core.memo.forget``, after an erasure).

Modules that keep results per text in the process (the sentence encoder's vectors, the
suggestion model's per-text terms: ``analysis.textcache``) register how to empty them with
``on_forget``; ``forget_in_process`` runs every one of them. ``core.memo`` calls it in
``forget()`` and when another process's erasure moved the shared generation on
(``core.sharedmemo``): no text of an erased person stays in a worker's memory, even under a
key only the same text would find. No dependency: importing it costs nothing.
"""
from __future__ import annotations

import logging
from collections.abc import Callable

log = logging.getLogger(__name__)
_HOOKS: list[Callable[[], object]] = []


def on_forget(clear: Callable[[], object]) -> Callable[[], object]:
    """Run ``clear()`` (no argument, its result ignored) at every ``forget_in_process``;
    returns it, so it can decorate a function. Registering the same callable twice keeps
    one."""
    if clear not in _HOOKS:
        _HOOKS.append(clear)
    return clear


def forget_in_process() -> None:
    """Run every registered ``clear`` (in registration order). One that fails is logged and
    the others still run: an erasure never fails because a cache could not be emptied."""
    for clear in list(_HOOKS):
        try:
            clear()
        except Exception:  # noqa: BLE001 (the next caches must be emptied all the same)
            log.exception("Could not empty a per-text cache after an erasure: %r", clear)
