"""Answers cached by a hash of the sanitised input: in-process LRU with TTL, or Redis when configured."""

from __future__ import annotations

import time
from collections import OrderedDict
from typing import Protocol

from ghl_real_estate_ai.intelligence.claude.schema import ClaudeRefinement


class RefinementCache(Protocol):
    async def get(self, key: str) -> ClaudeRefinement | None: ...

    async def put(self, key: str, value: ClaudeRefinement) -> None: ...


class MemoryCache:
    def __init__(self, max_entries: int = 1024, ttl_s: float = 900.0) -> None:
        self.max_entries = max_entries
        self.ttl_s = ttl_s
        self._entries: OrderedDict[str, tuple[float, ClaudeRefinement]] = OrderedDict()

    async def get(self, key: str) -> ClaudeRefinement | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        stored_at, value = entry
        if time.monotonic() - stored_at > self.ttl_s:
            del self._entries[key]
            return None
        self._entries.move_to_end(key)
        return value

    async def put(self, key: str, value: ClaudeRefinement) -> None:
        self._entries[key] = (time.monotonic(), value)
        self._entries.move_to_end(key)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)


class RedisCache:
    """Shared between workers. A Redis failure is a cache miss, never an error for the agent."""

    def __init__(self, url: str, ttl_s: float = 900.0, prefix: str = "enterprisehub:claude:") -> None:
        from redis.asyncio import Redis

        self._redis = Redis.from_url(url)
        self.ttl_s = ttl_s
        self.prefix = prefix

    async def get(self, key: str) -> ClaudeRefinement | None:
        try:
            raw = await self._redis.get(self.prefix + key)
        except Exception:  # cache trouble must not become the agent's trouble
            return None
        return ClaudeRefinement.model_validate_json(raw) if raw else None

    async def put(self, key: str, value: ClaudeRefinement) -> None:
        try:
            await self._redis.set(self.prefix + key, value.model_dump_json(), ex=max(1, int(self.ttl_s)))
        except Exception:  # cache trouble must not become the agent's trouble
            return
