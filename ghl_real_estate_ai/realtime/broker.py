"""Publish/subscribe per channel, with per-channel event ids and a bounded replay buffer.

The broker owns the ids and the retention, so the Redis broker (realtime/redis_broker.py) replaces the
in-process one without the hub changing. Retention is bounded twice: a number of events per channel,
and an age, so an agent who reconnects gets what is recent and memory stays bounded.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from ghl_real_estate_ai.clock import Clock
from ghl_real_estate_ai.realtime.messages import EventMessage, Payload

Listener = Callable[[EventMessage], None]
Unsubscribe = Callable[[], None]


@dataclass(frozen=True)
class Publication:
    topic: str
    data: Payload
    analysis_id: str | None = None
    revision: int = 1

    def event(self, event_id: int, ts: datetime) -> EventMessage:
        return EventMessage(
            topic=self.topic,
            event_id=event_id,
            analysis_id=self.analysis_id,
            revision=self.revision,
            ts=ts,
            data=self.data,
        )


@dataclass(frozen=True)
class Retention:
    """How much of a channel's past `replay` can return."""

    events: int
    seconds: float

    def keeps(self, event: EventMessage, now: datetime) -> bool:
        return event.ts >= now - timedelta(seconds=self.seconds)


class Broker(Protocol):
    name: str

    async def start(self) -> None: ...

    async def ping(self) -> None:
        """Raises when the broker cannot carry events now (health)."""
        ...

    async def close(self) -> None: ...

    async def publish(self, channel: str, publication: Publication) -> EventMessage: ...

    async def subscribe(self, channel: str, listener: Listener) -> Unsubscribe:
        """Once this returns, every later publication on `channel` reaches `listener` (sync: it only
        enqueues). The returned callable stops that, at once for the listener."""
        ...

    async def replay(self, channel: str, after_event_id: int) -> list[EventMessage]:
        """The retained events after `after_event_id`, oldest first."""
        ...

    async def forget(self, channel_prefix: str, analysis_ids: frozenset[str]) -> int:
        """Drop the retained events of these analyses on every channel starting with `channel_prefix`
        (an erased contact's coaching can no longer be replayed); how many. Ids are not reused."""
        ...


@dataclass
class _Channel:
    retention: int
    last_event_id: int = 0
    recent: deque[EventMessage] = field(init=False)
    listeners: list[Listener] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.recent = deque(maxlen=self.retention)


class InProcessBroker:
    """One process: listeners are called synchronously (they must only enqueue)."""

    name = "in_process"

    def __init__(self, clock: Clock, retention: Retention) -> None:
        self._clock = clock
        self._retention = retention
        # A channel outlives its events: its last id must keep growing, or a resuming client would
        # take new events for ones it already has.
        self._channels: dict[str, _Channel] = {}

    async def start(self) -> None:
        return None

    async def ping(self) -> None:
        return None

    async def close(self) -> None:
        return None

    def _channel(self, name: str) -> _Channel:
        channel = self._channels.get(name)
        if channel is None:
            channel = self._channels[name] = _Channel(self._retention.events)
        return channel

    def _forget_expired(self, channel: _Channel, now: datetime) -> None:
        while channel.recent and not self._retention.keeps(channel.recent[0], now):
            channel.recent.popleft()

    async def publish(self, channel: str, publication: Publication) -> EventMessage:
        target = self._channel(channel)
        target.last_event_id += 1
        event = publication.event(target.last_event_id, self._clock())
        self._forget_expired(target, event.ts)
        target.recent.append(event)
        for listener in list(target.listeners):
            listener(event)
        return event

    async def subscribe(self, channel: str, listener: Listener) -> Unsubscribe:
        listeners = self._channel(channel).listeners
        listeners.append(listener)

        def unsubscribe() -> None:
            if listener in listeners:
                listeners.remove(listener)

        return unsubscribe

    async def forget(self, channel_prefix: str, analysis_ids: frozenset[str]) -> int:
        forgotten = 0
        for name, channel in self._channels.items():
            if not name.startswith(channel_prefix):
                continue
            kept = [event for event in channel.recent if event.analysis_id not in analysis_ids]
            forgotten += len(channel.recent) - len(kept)
            channel.recent.clear()
            channel.recent.extend(kept)
        return forgotten

    async def replay(self, channel: str, after_event_id: int) -> list[EventMessage]:
        target = self._channel(channel)
        self._forget_expired(target, self._clock())
        return [event for event in target.recent if event.event_id > after_event_id]
