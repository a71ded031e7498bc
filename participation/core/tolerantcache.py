"""Flask-Caching's Redis backend that never turns a Redis outage into an error page.

Used for the residents' page cache and the survey form drafts (``core.pagecache``,
``surveys.form_drafts``) when ``CACHE_REDIS_URL``/``REDIS_URL`` is set. Redis unreachable or
slower than ``ANALYSIS_SHARED_TIMEOUT`` (0.2 s, connect and read, the same as the analyses'
shared cache): a read is a miss (the page is rendered), a write keeps nothing; one warning
per outage, then Redis is left alone for ``ANALYSIS_SHARED_RETRY_SECONDS`` (30 s) so that
each request does not wait for the timeout again. Without it (cachelib's ``RedisCache``),
every resident's page answered 500 while Redis was down.
"""
from __future__ import annotations

import logging
import time
from typing import Any

import redis
from flask_caching.backends.rediscache import RedisCache

log = logging.getLogger(__name__)


class Breaker:
    """Calls to one Redis that fail fast while it is down: after a ``redis.RedisError``,
    ``call`` gives ``missed`` without trying for ``retry`` seconds; one warning when it goes
    down (``what``: the cache's name, ``instead``: what is done meanwhile), one when it
    answers again. Shared by the page cache (here) and the analyses' shared cache
    (``core.sharedmemo``); ``errors``: the exceptions that mean the store is down (the
    analyses' cache on disk, ``core.diskmemo``, gives its own)."""

    def __init__(self, what: str, instead: str, retry: float = 30.0,
                 errors: tuple[type[BaseException], ...] = (redis.RedisError,)) -> None:
        self.what, self.instead, self.retry, self.errors = what, instead, retry, errors
        self.down_until, self.down = float("-inf"), False

    def call(self, func, missed, *args, **kwargs):
        """``func(*args, **kwargs)``, or ``missed`` while Redis is down."""
        if time.time() < self.down_until:
            return missed
        try:
            found = func(*args, **kwargs)
        except self.errors as error:
            self.down_until = time.time() + self.retry
            if not self.down:
                self.down = True
                log.warning("%s unreachable (%s): %s for %.0f s", self.what, error,
                            self.instead, self.retry)
            return missed
        if self.down:
            self.down = False
            log.warning("%s reachable again", self.what)
        return found


class TolerantRedisCache(RedisCache):
    """``RedisCache`` whose ``get``/``set``/``delete``/``has`` give a miss (None, False)
    instead of raising ``redis.RedisError``."""

    breaker = Breaker("Page cache", "pages rendered")

    @classmethod
    def factory(cls, app, config: dict[str, Any], args: list, kwargs: dict[str, Any]):
        """A client with short timeouts on ``CACHE_REDIS_URL`` (Flask-Caching's hook)."""
        timeout = float(app.config.get("ANALYSIS_SHARED_TIMEOUT", 0.2))
        client = redis.Redis.from_url(config["CACHE_REDIS_URL"], socket_timeout=timeout,
                                      socket_connect_timeout=timeout)
        kwargs.update(host=client, key_prefix=config.get("CACHE_KEY_PREFIX") or "")
        cache = cls(*args, **kwargs)
        cache.breaker = Breaker("Page cache", "pages rendered",
                                float(app.config.get("ANALYSIS_SHARED_RETRY_SECONDS", 30.0)))
        return cache

    def _tolerant(self, func, missed, *args, **kwargs):
        """``func(*args, **kwargs)``, or ``missed`` while Redis is down (``Breaker``)."""
        return self.breaker.call(func, missed, *args, **kwargs)

    def get(self, key: str) -> Any:
        return self._tolerant(super().get, None, key)

    def set(self, key: str, value: Any, timeout: int | None = None) -> Any:
        return self._tolerant(super().set, False, key, value, timeout)

    def delete(self, key: str) -> bool:
        return self._tolerant(super().delete, False, key)

    def has(self, key: str) -> bool:
        return self._tolerant(super().has, False, key)
