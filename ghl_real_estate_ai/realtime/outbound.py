"""A bounded queue per connection: a slow client fills its own queue and never slows anyone else.

When it overflows, the least valuable queued event goes first (progress, then suggestions and
questions, then objections); the client is told which ids it lost, and they stay available to
`resume`. Alerts are never dropped: a queue full of alerts means the client must be closed.
"""

from __future__ import annotations

import asyncio
from collections import deque

from ghl_real_estate_ai.realtime.messages import ErrorMessage, EventMessage, ServerMessage

ALERT_VALUE = 3
_VALUE_BY_KIND = {"progress": 0, "suggestions": 1, "questions": 1, "objections": 2, "alerts": ALERT_VALUE}


def event_value(event: EventMessage) -> int:
    return _VALUE_BY_KIND.get(event.topic.rsplit(".", 1)[-1], 1)


class QueueOverflow(Exception):
    """Only alerts are queued and another arrives: the connection must close rather than lose it."""


class OutboundQueue:
    def __init__(self, capacity: int) -> None:
        self._capacity = capacity
        self._control: deque[ServerMessage] = deque()
        self._events: deque[EventMessage] = deque()
        self._dropped: dict[str, list[int]] = {}
        self._ready = asyncio.Event()
        self.overflowed = False

    def __len__(self) -> int:
        return len(self._events)

    def put_control(self, message: ServerMessage) -> None:
        """Replies (pong, errors) are few and always sent, ahead of queued events."""
        self._control.append(message)
        self._ready.set()

    def put_event(self, event: EventMessage) -> None:
        if len(self._events) >= self._capacity:
            victim = self._least_valuable(event)
            if victim is None:
                self.overflowed = True
                self._ready.set()
                return
            self._dropped.setdefault(victim.topic, []).append(victim.event_id)
            if victim is event:
                self._ready.set()
                return
            self._events.remove(victim)
        self._events.append(event)
        self._ready.set()

    def _least_valuable(self, incoming: EventMessage) -> EventMessage | None:
        candidates = [*self._events, incoming]
        lowest = min(candidates, key=event_value)  # min keeps the oldest among equals
        return None if event_value(lowest) >= ALERT_VALUE else lowest

    async def get(self) -> ServerMessage:
        while True:
            if self.overflowed:
                raise QueueOverflow("the client is too slow to receive its alerts")
            if self._control:
                return self._control.popleft()
            if self._dropped:
                dropped, self._dropped = self._dropped, {}
                count = sum(len(ids) for ids in dropped.values())
                return ErrorMessage(
                    code="events_dropped",
                    message=f"{count} low-priority events were dropped because the client reads too slowly; "
                    "resume from their ids to fetch them.",
                    dropped=dropped,
                )
            if self._events:
                return self._events.popleft()
            self._ready.clear()
            await self._ready.wait()
