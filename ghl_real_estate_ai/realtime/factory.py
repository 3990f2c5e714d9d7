"""The broker the settings ask for: Redis when REDIS_URL is set (several workers), else in-process."""

from __future__ import annotations

from ghl_real_estate_ai.clock import Clock
from ghl_real_estate_ai.realtime.broker import Broker, InProcessBroker, Retention
from ghl_real_estate_ai.realtime.redis_broker import RedisBroker
from ghl_real_estate_ai.settings import Settings


def retention(settings: Settings) -> Retention:
    return Retention(events=settings.hub_retention_per_topic, seconds=settings.hub_retention_seconds)


def build_broker(settings: Settings, clock: Clock) -> Broker:
    if settings.redis_url:
        return RedisBroker.from_url(settings.redis_url, clock, retention(settings))
    return InProcessBroker(clock, retention(settings))
