"""The per-connection queue: bounded, low-value events dropped first, alerts never dropped silently."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ghl_real_estate_ai.realtime.messages import ErrorMessage, EventMessage, PongMessage
from ghl_real_estate_ai.realtime.outbound import OutboundQueue, QueueOverflow


def event(kind: str, event_id: int) -> EventMessage:
    return EventMessage(topic=f"coaching.a1.{kind}", event_id=event_id, ts=datetime.now(UTC), data={})


class TestOverflow:
    async def test_the_least_valuable_oldest_event_is_dropped_and_the_client_told_which(self) -> None:
        queue = OutboundQueue(capacity=3)
        for item in (
            event("objections", 1),
            event("progress", 1),
            event("suggestions", 1),
            event("alerts", 1),
        ):
            queue.put_event(item)
        notice = await queue.get()
        assert isinstance(notice, ErrorMessage)
        assert notice.code == "events_dropped"
        assert notice.dropped == {"coaching.a1.progress": [1]}
        kept = [await queue.get() for _ in range(3)]
        assert [m.topic.rsplit(".", 1)[1] for m in kept if isinstance(m, EventMessage)] == [
            "objections",
            "suggestions",
            "alerts",
        ]

    async def test_a_low_value_newcomer_is_the_one_dropped_when_everything_queued_matters_more(self) -> None:
        queue = OutboundQueue(capacity=1)
        queue.put_event(event("alerts", 1))
        queue.put_event(event("progress", 7))
        notice = await queue.get()
        assert isinstance(notice, ErrorMessage) and notice.dropped == {"coaching.a1.progress": [7]}

    async def test_a_queue_full_of_alerts_overflows_instead_of_losing_one(self) -> None:
        queue = OutboundQueue(capacity=2)
        for event_id in (1, 2, 3):
            queue.put_event(event("alerts", event_id))
        with pytest.raises(QueueOverflow):
            await queue.get()

    async def test_replies_go_ahead_of_queued_events(self) -> None:
        queue = OutboundQueue(capacity=2)
        queue.put_event(event("suggestions", 1))
        queue.put_control(PongMessage())
        assert isinstance(await queue.get(), PongMessage)
