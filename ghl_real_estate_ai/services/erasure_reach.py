"""What an erasure reaches beyond the tables: the Claude refinement cache and the hub's retained events.

Both live in Redis when REDIS_URL is set (every process sees them, so a standalone `enterprisehub worker`
erasing on a GHL ContactDelete reaches what the API process cached), else in this process only. Each
place says how many entries it removed; a failure raises, so the erasure's transaction rolls back and is
asked again rather than reported done while copies remain.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from ghl_real_estate_ai.clock import system_clock
from ghl_real_estate_ai.domain.contact_export import ContactTraces
from ghl_real_estate_ai.intelligence.claude.cache import RedisCache, RefinementCache, cache_owner
from ghl_real_estate_ai.realtime.broker import Broker
from ghl_real_estate_ai.realtime.factory import retention
from ghl_real_estate_ai.realtime.hub import location_channels
from ghl_real_estate_ai.realtime.redis_broker import RedisBroker
from ghl_real_estate_ai.settings import Settings

CLAUDE_CACHE = "claude_refinement_cache"
HUB_EVENTS = "hub_retained_events"


class Place(Protocol):
    name: str

    async def forget(self, traces: ContactTraces) -> int: ...


class ClaudeCachePlace:
    name = CLAUDE_CACHE

    def __init__(self, cache: RefinementCache) -> None:
        self.cache = cache

    async def forget(self, traces: ContactTraces) -> int:
        owners = [cache_owner(traces.location_id, key) for key in sorted(traces.conversation_keys)]
        return await self.cache.forget(owners) if owners else 0


class HubEventsPlace:
    name = HUB_EVENTS

    def __init__(self, broker: Broker) -> None:
        self.broker = broker

    async def forget(self, traces: ContactTraces) -> int:
        if not traces.analysis_ids:
            return 0
        return await self.broker.forget(location_channels(traces.location_id), traces.analysis_ids)


class ErasureReach:
    def __init__(self, places: Sequence[Place] = (), owned: Sequence[RedisBroker] = ()) -> None:
        self.places = list(places)
        self._owned = list(owned)

    async def forget(self, traces: ContactTraces) -> dict[str, int]:
        """Entries removed per place (every place is swept, even when it holds nothing)."""
        return {place.name: await place.forget(traces) for place in self.places}

    async def close(self) -> None:
        for broker in self._owned:
            await broker.close()


def erasure_reach(
    settings: Settings, cache: RefinementCache | None = None, broker: Broker | None = None
) -> ErasureReach:
    """The places this process can reach: its own cache and broker, or Redis's when the process has none
    (a standalone worker builds no hub, yet the API process's retained events are in Redis)."""
    owned: list[RedisBroker] = []
    if cache is None and settings.redis_url:
        cache = RedisCache(settings.redis_url)
    if broker is None and settings.redis_url:
        broker = RedisBroker.from_url(settings.redis_url, system_clock, retention(settings))
        owned.append(broker)
    places: list[Place] = []
    if cache is not None:
        places.append(ClaudeCachePlace(cache))
    if broker is not None:
        places.append(HubEventsPlace(broker))
    return ErasureReach(places, owned)
