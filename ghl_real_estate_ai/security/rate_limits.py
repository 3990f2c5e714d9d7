"""Fixed one-minute windows of request counts, in this process or shared by every process through Redis.

A quota is a name (whose requests) and a limit per window. `take` counts one request against each quota
that counts, and answers None (go ahead) or the seconds until the window ends (refused).
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from redis.asyncio import Redis
from redis.exceptions import RedisError

WINDOW_S = 60
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Quota:
    name: str
    limit: int
    count: bool = True  # False: only check it (e.g. failed authentications, counted after the answer)


class Limiter(Protocol):
    async def take(self, quotas: Sequence[Quota]) -> int | None: ...


def _retry_after(now: float) -> int:
    return max(1, math.ceil(WINDOW_S - now % WINDOW_S))


class InProcessLimiter:
    """Counts in this process only (the default without Redis): memory is one counter per active name."""

    def __init__(self, now: Callable[[], float] = time.time) -> None:
        self._now = now
        self._window = -1
        self._counts: dict[str, int] = {}

    async def take(self, quotas: Sequence[Quota]) -> int | None:
        now = self._now()
        window = int(now // WINDOW_S)
        if window != self._window:
            self._window, self._counts = window, {}
        refused = False
        for quota in quotas:
            seen = self._counts.get(quota.name, 0) + (1 if quota.count else 0)
            if quota.count:
                self._counts[quota.name] = seen
            refused = refused or seen > quota.limit
        return _retry_after(now) if refused else None


class RedisLimiter:
    """Counts shared by every process through Redis (INCRBY + EXPIRE per window).

    When Redis fails, this process counts alone until it answers again (limits stay, a little looser)."""

    def __init__(
        self, redis: Redis, prefix: str = "enterprisehub:rate:", now: Callable[[], float] = time.time
    ) -> None:
        self._redis = redis
        self._prefix = prefix
        self._now = now
        self._fallback = InProcessLimiter(now)

    async def take(self, quotas: Sequence[Quota]) -> int | None:
        now = self._now()
        window = int(now // WINDOW_S)
        try:
            async with self._redis.pipeline(transaction=False) as pipe:
                for quota in quotas:
                    key = f"{self._prefix}{window}:{quota.name}"
                    pipe.incrby(key, 1 if quota.count else 0)
                    pipe.expire(key, WINDOW_S * 2)
                replies = await pipe.execute()
        except (RedisError, OSError) as error:
            logger.warning(
                "rate limits counted in this process only: Redis failed (%s)", type(error).__name__
            )
            return await self._fallback.take(quotas)
        counts = replies[::2]
        refused = any(int(count) > quota.limit for count, quota in zip(counts, quotas, strict=True))
        return _retry_after(now) if refused else None

    async def close(self) -> None:
        await self._redis.aclose()


def build_limiter(redis_url: str | None) -> InProcessLimiter | RedisLimiter:
    if redis_url is None:
        return InProcessLimiter()
    return RedisLimiter(Redis.from_url(redis_url, socket_timeout=1.0, socket_connect_timeout=1.0))
