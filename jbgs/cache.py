"""Django's Redis cache, keeping its Redis clients.

Django's RedisCacheClient builds a new `redis.Redis` for every cache operation, and building
one fills its table of ~170 response callbacks: about 70 µs, more than the operation itself
on loopback. Every bid clears its lot's cached state and every watcher's poll reads it, so
the clients are kept, one per connection pool (a client is safe to share; its pool hands
out connections).
"""

import functools
import logging
import time

from django.core.cache.backends import redis
from redis.exceptions import RedisError

log = logging.getLogger(__name__)


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient


def _fail_soft(default):
    """A cache operation that, with Redis unreachable, answers as an empty cache would (a
    miss, nothing stored) instead of failing the request: pages, bids and the token
    endpoint work from the database, only slower. /healthz still reports Redis down."""

    def wrap(method):
        @functools.wraps(method)
        def operation(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except RedisError:
                now = time.monotonic()
                if now - self._last_warning > 10:  # once in a while, not once per request
                    self._last_warning = now
                    log.warning("Redis cache unreachable: answering as an empty cache", exc_info=True)
                return default(*args, **kwargs) if callable(default) else default

        return operation

    return wrap


class FailSoftRedisCache(RedisCache):
    """The portal's cache (settings.CACHES): kept clients, and an unreachable Redis treated
    as an empty cache."""

    _last_warning = 0.0

    get = _fail_soft(lambda key, default=None, version=None: default)(RedisCache.get)
    get_many = _fail_soft(dict)(RedisCache.get_many)
    has_key = _fail_soft(False)(RedisCache.has_key)
    set = _fail_soft(None)(RedisCache.set)
    set_many = _fail_soft(list)(RedisCache.set_many)
    add = _fail_soft(False)(RedisCache.add)
    touch = _fail_soft(False)(RedisCache.touch)
    delete = _fail_soft(False)(RedisCache.delete)
    delete_many = _fail_soft(None)(RedisCache.delete_many)
    incr = _fail_soft(lambda key, delta=1, version=None: delta)(RedisCache.incr)

    @_fail_soft(0)
    def count(self, key, timeout: int, version=None) -> int:
        """Add one to a counter that lives `timeout` seconds from its first count, and return
        it: INCR and EXPIRE NX in one round trip, where add() then incr() took three (incr
        asks whether the key exists first). Unreachable Redis: 0, nothing counted."""
        key = self.make_and_validate_key(key, version=version)
        pipe = self._cache.get_client(key, write=True).pipeline(transaction=False)
        pipe.incr(key)
        pipe.expire(key, timeout, nx=True)
        return pipe.execute()[0]

    @_fail_soft(lambda deleted, added, timeout, version=None: [])
    def delete_and_add(self, deleted: list[str], added: list[str], timeout: int, version=None) -> list[str]:
        """Delete the keys `deleted` and add each key of `added` (holding 1 for `timeout`
        seconds) unless it exists, in one round trip where delete() and add() take one each:
        what a change does when it drops what was cached of it and marks what it announced.
        The keys of `added` that were added. Unreachable Redis: none, nothing deleted."""
        pipe = self._cache.get_client(None, write=True).pipeline(transaction=False)
        if deleted:
            pipe.delete(*[self.make_and_validate_key(key, version=version) for key in deleted])
        for key in added:
            pipe.set(self.make_and_validate_key(key, version=version), 1, nx=True, ex=timeout)
        answers = pipe.execute()[1 if deleted else 0:]
        return [key for key, done in zip(added, answers, strict=True) if done]
