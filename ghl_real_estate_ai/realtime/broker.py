"""Publish/subscribe per channel, with per-channel event ids and a bounded replay buffer.

The broker owns the ids and the retention, so a Redis broker (streams give both) can replace the
in-process one without the hub changing.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
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


class Broker(Protocol):
    async def publish(self, channel: str, publication: Publication) -> EventMessage: ...

    def subscribe(self, channel: str, listener: Listener) -> Unsubscribe: ...

    async def replay(self, channel: str, after_event_id: int) -> list[EventMessage]: ...


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

    def __init__(self, clock: Clock, retention_per_channel: int) -> None:
        self._clock = clock
        self._retention = retention_per_channel
        self._channels: dict[str, _Channel] = {}

    def _channel(self, name: str) -> _Channel:
        channel = self._channels.get(name)
        if channel is None:
            channel = self._channels[name] = _Channel(self._retention)
        return channel

    async def publish(self, channel: str, publication: Publication) -> EventMessage:
        target = self._channel(channel)
        target.last_event_id += 1
        event = EventMessage(
            topic=publication.topic,
            event_id=target.last_event_id,
            analysis_id=publication.analysis_id,
            revision=publication.revision,
            ts=self._clock(),
            data=publication.data,
        )
        target.recent.append(event)
        for listener in list(target.listeners):
            listener(event)
        return event

    def subscribe(self, channel: str, listener: Listener) -> Unsubscribe:
        listeners = self._channel(channel).listeners
        listeners.append(listener)

        def unsubscribe() -> None:
            if listener in listeners:
                listeners.remove(listener)

        return unsubscribe

    async def replay(self, channel: str, after_event_id: int) -> list[EventMessage]:
        return [event for event in self._channel(channel).recent if event.event_id > after_event_id]
