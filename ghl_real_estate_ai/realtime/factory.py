"""The broker the settings ask for: Redis when REDIS_URL is set (several workers), else in-process."""

from __future__ import annotations

from ghl_real_estate_ai.clock import Clock
from ghl_real_estate_ai.realtime.broker import Broker, InProcessBroker
from ghl_real_estate_ai.realtime.redis_broker import RedisBroker
from ghl_real_estate_ai.settings import Settings


def build_broker(settings: Settings, clock: Clock) -> Broker:
    if settings.redis_url:
        return RedisBroker.from_url(settings.redis_url, clock, settings.hub_retention)
    return InProcessBroker(clock, settings.hub_retention)
