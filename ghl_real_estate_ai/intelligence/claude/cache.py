"""Answers cached by a hash of the sanitised input: in-process LRU with TTL, or Redis when configured.

Each entry also records its owners: the conversations (by `cache_owner`, a hash of location and
conversation key) whose messages produced or reused it, so erasing a contact removes the entries made
from its words (the `evidence` Claude quotes is the prospect's own text).
"""

from __future__ import annotations

import hashlib
import time
from collections import OrderedDict
from collections.abc import Iterable
from typing import Protocol

from ghl_real_estate_ai.intelligence.claude.schema import ClaudeRefinement


def cache_owner(location_id: str, conversation_key: str) -> str:
    return hashlib.sha256(f"{location_id}\x1f{conversation_key}".encode()).hexdigest()


class RefinementCache(Protocol):
    async def get(self, key: str) -> ClaudeRefinement | None: ...

    async def put(self, key: str, value: ClaudeRefinement, owner: str | None = None) -> None: ...

    async def own(self, key: str, owner: str) -> None:
        """`owner`'s conversation reused the entry: erasing it removes the entry too."""
        ...

    async def forget(self, owners: Iterable[str]) -> int:
        """Remove every entry these owners made or reused; how many. Raises when it cannot."""
        ...


class MemoryCache:
    def __init__(self, max_entries: int = 1024, ttl_s: float = 900.0) -> None:
        self.max_entries = max_entries
        self.ttl_s = ttl_s
        self._entries: OrderedDict[str, tuple[float, ClaudeRefinement]] = OrderedDict()
        self._owned: dict[str, set[str]] = {}  # owner -> keys (pruned with the entries)

    async def get(self, key: str) -> ClaudeRefinement | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        stored_at, value = entry
        if time.monotonic() - stored_at > self.ttl_s:
            self._drop(key)
            return None
        self._entries.move_to_end(key)
        return value

    async def put(self, key: str, value: ClaudeRefinement, owner: str | None = None) -> None:
        self._entries[key] = (time.monotonic(), value)
        self._entries.move_to_end(key)
        if owner is not None:
            await self.own(key, owner)
        while len(self._entries) > self.max_entries:
            self._drop(next(iter(self._entries)))

    async def own(self, key: str, owner: str) -> None:
        if key in self._entries:
            self._owned.setdefault(owner, set()).add(key)

    async def forget(self, owners: Iterable[str]) -> int:
        keys = {key for owner in owners for key in self._owned.pop(owner, set())}
        present = [key for key in keys if key in self._entries]
        for key in present:
            self._drop(key)
        return len(present)

    def _drop(self, key: str) -> None:
        self._entries.pop(key, None)
        for owner in [owner for owner, keys in self._owned.items() if key in keys]:
            self._owned[owner].discard(key)
            if not self._owned[owner]:
                del self._owned[owner]


class RedisCache:
    """Shared between workers. A Redis failure is a cache miss, never an error for the agent; for an
    erasure it is an error (the caller must know the entries are still there)."""

    def __init__(self, url: str, ttl_s: float = 900.0, prefix: str = "enterprisehub:claude:") -> None:
        from redis.asyncio import Redis

        self._redis = Redis.from_url(url)
        self.ttl_s = ttl_s
        self.prefix = prefix

    def _owner_key(self, owner: str) -> str:
        return f"{self.prefix}owner:{owner}"

    async def get(self, key: str) -> ClaudeRefinement | None:
        try:
            raw = await self._redis.get(self.prefix + key)
        except Exception:  # cache trouble must not become the agent's trouble
            return None
        return ClaudeRefinement.model_validate_json(raw) if raw else None

    async def put(self, key: str, value: ClaudeRefinement, owner: str | None = None) -> None:
        try:
            await self._redis.set(self.prefix + key, value.model_dump_json(), ex=max(1, int(self.ttl_s)))
        except Exception:  # cache trouble must not become the agent's trouble
            return
        if owner is not None:
            await self.own(key, owner)

    async def own(self, key: str, owner: str) -> None:
        try:
            # The owner's set lives as long as the entries it names (the TTL restarts with each entry).
            async with self._redis.pipeline(transaction=True) as pipe:
                pipe.sadd(self._owner_key(owner), key)
                pipe.expire(self._owner_key(owner), max(1, int(self.ttl_s)))
                await pipe.execute()
        except Exception:  # cache trouble must not become the agent's trouble
            return

    async def forget(self, owners: Iterable[str]) -> int:
        removed = 0
        for owner in owners:
            members = await self._redis.smembers(self._owner_key(owner))
            keys = [self.prefix + (m.decode() if isinstance(m, bytes) else str(m)) for m in members]
            if keys:
                removed += int(await self._redis.delete(*keys))
            await self._redis.delete(self._owner_key(owner))
        return removed
