"""The refinement cache: in-process LRU with TTL, and Redis shared between workers."""

from __future__ import annotations

import secrets

import pytest

from ghl_real_estate_ai.intelligence.claude.cache import MemoryCache, RedisCache
from ghl_real_estate_ai.intelligence.claude.schema import ClaudeRefinement
from tests.fakes.anthropic_server import GOOD_ANALYSIS

VALUE = ClaudeRefinement.model_validate(GOOD_ANALYSIS)


class TestMemoryCache:
    async def test_the_least_recently_used_entry_is_evicted_first(self) -> None:
        cache = MemoryCache(max_entries=2)
        await cache.put("a", VALUE)
        await cache.put("b", VALUE)
        await cache.get("a")
        await cache.put("c", VALUE)
        assert await cache.get("b") is None
        assert await cache.get("a") == VALUE

    async def test_an_expired_entry_is_a_miss(self) -> None:
        cache = MemoryCache(ttl_s=0.0)
        await cache.put("a", VALUE)
        assert await cache.get("a") is None

    async def test_forgetting_an_owner_removes_what_it_made_or_reused_and_nothing_else(self) -> None:
        cache = MemoryCache()
        await cache.put("made", VALUE, owner="erased")
        await cache.put("shared", VALUE, owner="other")
        await cache.own("shared", "erased")
        await cache.put("theirs", VALUE, owner="other")
        assert await cache.forget(["erased"]) == 2
        assert await cache.get("made") is None and await cache.get("shared") is None
        assert await cache.get("theirs") == VALUE
        assert await cache.forget(["erased"]) == 0


class TestRedisCache:
    async def test_a_value_round_trips_through_redis(self) -> None:
        cache = RedisCache("redis://127.0.0.1:6379/0", ttl_s=30, prefix=f"test:{secrets.token_hex(4)}:")
        try:
            await cache._redis.ping()
        except Exception:
            pytest.skip("Redis not reachable")
        await cache.put("k", VALUE)
        assert await cache.get("k") == VALUE
        await cache._redis.aclose()

    async def test_forgetting_an_owner_removes_its_entries_from_redis(self, redis_url: str) -> None:
        cache = RedisCache(redis_url, ttl_s=30, prefix=f"test:{secrets.token_hex(4)}:")
        await cache.put("made", VALUE, owner="erased")
        await cache.put("theirs", VALUE, owner="other")
        await cache.own("theirs", "erased")
        await cache.put("untouched", VALUE, owner="other")
        assert await cache.forget(["erased"]) == 2
        assert await cache.get("made") is None and await cache.get("theirs") is None
        assert await cache.get("untouched") == VALUE
        assert await cache._redis.exists(f"{cache.prefix}owner:erased") == 0
        await cache._redis.aclose()

    async def test_an_unreachable_redis_is_a_miss_not_an_error(self) -> None:
        cache = RedisCache("redis://127.0.0.1:1/0")
        await cache.put("k", VALUE)
        assert await cache.get("k") is None
