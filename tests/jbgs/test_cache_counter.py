"""The cache's one-round-trip operations (jbgs.cache.FailSoftRedisCache). The counter, which
limits bids per account and lot: it counts within its window, its first count sets its
lifetime, and without Redis it counts nothing instead of failing the bid. delete_and_add,
which a bid runs after its commit: it drops the lot's cached state and marks whom it told."""

import pytest
from django.core.cache import cache


def ttl(key: str) -> int:
    return cache._cache.get_client().ttl(cache.make_and_validate_key(key))


def test_a_counter_counts_and_lives_from_its_first_count():
    assert [cache.count("test:counter", 20) for _ in range(3)] == [1, 2, 3]
    assert 18 <= ttl("test:counter") <= 20
    cache._cache.get_client().expire(cache.make_and_validate_key("test:counter"), 5)
    assert cache.count("test:counter", 20) == 4 and ttl("test:counter") <= 5  # later counts do not extend it
    assert cache.get("test:counter") == 4


def test_without_redis_nothing_is_counted(settings):
    settings.CACHES = {**settings.CACHES, "default": {
        **settings.CACHES["default"], "LOCATION": "redis://127.0.0.1:1/0"}}  # nothing listens there
    with pytest.raises(Exception):  # noqa: B017 (any error: the client cannot connect)
        cache._cache.get_client().ping()
    assert cache.count("test:counter", 20) == 0
    assert cache.delete_and_add(["test:state"], ["test:told"], 60) == []


def test_delete_and_add_deletes_and_adds_only_what_is_new():
    cache.set("test:state", {"price": 1})
    cache.set("test:told:1", 1, 60)
    assert cache.delete_and_add(["test:state"], ["test:told:1", "test:told:2"], 60) == ["test:told:2"]
    assert cache.get("test:state") is None and cache.get("test:told:2") == 1 and 58 <= ttl("test:told:2") <= 60
    assert cache.delete_and_add([], ["test:told:2", "test:told:3"], 60) == ["test:told:3"]
    assert cache.delete_and_add(["test:state"], [], 60) == []
