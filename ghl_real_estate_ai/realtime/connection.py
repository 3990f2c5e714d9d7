"""One agent's socket as the hub sees it: its subscriptions, its queue, and resume's hold and release."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from ghl_real_estate_ai.realtime.broker import Unsubscribe
from ghl_real_estate_ai.realtime.messages import EventMessage
from ghl_real_estate_ai.realtime.outbound import OutboundQueue


class TopicForbidden(Exception):
    """A connection asked for a topic its token does not open."""


class UnknownConnection(Exception):
    pass


class Connection:
    """One agent's socket: its subscriptions and what has been queued for it, per topic."""

    def __init__(self, location_id: str, agent_id: str, queue_capacity: int) -> None:
        self.id = f"conn_{uuid.uuid4().hex}"
        self.location_id = location_id
        self.agent_id = agent_id
        self.queue = OutboundQueue(queue_capacity)
        self.subscriptions: dict[str, Unsubscribe] = {}
        self._last_queued: dict[str, int] = {}
        # Topics being resumed: live events wait here until the replay has been queued, to keep order.
        self._held: dict[str, list[EventMessage]] = {}

    def deliver(self, event: EventMessage) -> None:
        held = self._held.get(event.topic)
        if held is not None:
            held.append(event)
        else:
            self._queue(event)

    def _queue(self, event: EventMessage) -> None:
        if event.event_id <= self._last_queued.get(event.topic, 0):
            return  # already queued (replay and live overlap): never twice
        self._last_queued[event.topic] = event.event_id
        self.queue.put_event(event)

    def hold(self, topic: str, after_event_id: int) -> None:
        self._held[topic] = []
        self._last_queued[topic] = after_event_id

    def release(self, topic: str, replayed: Iterable[EventMessage]) -> None:
        for event in [*replayed, *self._held.pop(topic, [])]:
            self._queue(event)

    def close(self) -> None:
        for unsubscribe in self.subscriptions.values():
            unsubscribe()
        self.subscriptions.clear()
