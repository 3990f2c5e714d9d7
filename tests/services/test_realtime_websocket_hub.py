"""The hub from Python (the spec's subscribe_to_coaching / broadcast_coaching_suggestions), no sockets."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ghl_real_estate_ai.domain.coaching import CoachingResponse
from ghl_real_estate_ai.domain.taxonomy import Intent, Language, UrgencyLevel
from ghl_real_estate_ai.realtime.broker import InProcessBroker, Retention
from ghl_real_estate_ai.realtime.messages import ErrorMessage, EventMessage, ServerMessage
from ghl_real_estate_ai.realtime.outbound import OutboundQueue
from ghl_real_estate_ai.services.analysis_service import RevisionEvent
from ghl_real_estate_ai.services.realtime_websocket_hub import RealtimeWebSocketHub, TopicForbidden

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


def hub(retention: int = 100) -> RealtimeWebSocketHub:
    return RealtimeWebSocketHub(
        InProcessBroker(lambda: NOW, Retention(events=retention, seconds=3600)), queue_capacity=50
    )


async def drain(queue: OutboundQueue) -> list[ServerMessage]:
    messages: list[ServerMessage] = []
    while len(queue):
        messages.append(await queue.get())
    return messages


def events(messages: list[ServerMessage]) -> list[EventMessage]:
    return [m for m in messages if isinstance(m, EventMessage)]


class TestSpecCalls:
    async def test_broadcast_reaches_the_subscribed_agent_with_an_alert_when_urgent(self) -> None:
        h = hub()
        connection = h.connect("agent_1", "loc_a")
        await h.subscribe_to_coaching(connection.id, "agent_1")
        await h.broadcast_coaching_suggestions(
            agent_id="agent_1",
            tenant_id="loc_a",
            coaching_suggestions=["Ask about the budget"],
            urgency="high",
            conversation_stage="discovery",
        )
        received = events(await drain(connection.queue))
        assert [e.topic for e in received] == ["coaching.agent_1.suggestions", "coaching.agent_1.alerts"]
        assert received[0].data["suggestions"] == ["Ask about the budget"]
        assert received[0].ts == NOW

    async def test_an_agent_cannot_subscribe_to_another_agents_coaching(self) -> None:
        h = hub()
        connection = h.connect("agent_1", "loc_a")
        with pytest.raises(TopicForbidden):
            await h.subscribe_to_coaching(connection.id, "agent_2")

    async def test_the_same_agent_id_in_two_locations_shares_nothing(self) -> None:
        h = hub()
        ours, theirs = h.connect("agent_1", "loc_a"), h.connect("agent_1", "loc_b")
        await h.subscribe_to_coaching(ours.id, "agent_1")
        await h.subscribe_to_coaching(theirs.id, "agent_1")
        await h.broadcast_coaching_suggestions("agent_1", "loc_b", ["b only"], "low", "discovery")
        assert await drain(ours.queue) == []
        assert len(events(await drain(theirs.queue))) == 1


class TestRevisions:
    async def test_claudes_revision_2_reaches_the_agent_with_the_same_analysis_id(self) -> None:
        h = hub()
        connection = h.connect("agent_1", "loc_a")
        await h.subscribe_to_coaching(connection.id, "agent_1")
        response = CoachingResponse(
            suggestions=["Refined"],
            urgency_level=UrgencyLevel.LOW,
            recommended_questions=[],
            objection_detected=False,
            primary_intent=Intent.PROPERTY_SEARCH,
            language=Language.EN,
            confidence_score=80,
            processing_time_ms=1.0,
            analysis_id="ana_1",
            revision=2,
            engine="claude",
        )
        await h.publish(RevisionEvent("loc_a", "agent_1", "ana_1", 2, "coaching", response))
        (event,) = events(await drain(connection.queue))
        assert (event.analysis_id, event.revision, event.data["suggestions"]) == ("ana_1", 2, ["Refined"])


class TestResume:
    async def test_resume_replays_what_followed_the_last_event_id_once_and_in_order(self) -> None:
        h = hub()
        topic = "coaching.agent_1.suggestions"
        for n in range(5):
            await h.broadcast_coaching_suggestions("agent_1", "loc_a", [f"s{n}"], "low", "discovery")
        connection = h.connect("agent_1", "loc_a")
        await h.resume(connection.id, {topic: 2})
        await h.broadcast_coaching_suggestions("agent_1", "loc_a", ["live"], "low", "discovery")
        assert [e.event_id for e in events(await drain(connection.queue))] == [3, 4, 5, 6]

    async def test_a_gap_older_than_the_retention_window_is_reported(self) -> None:
        h = hub(retention=2)
        for n in range(5):
            await h.broadcast_coaching_suggestions("agent_1", "loc_a", [f"s{n}"], "low", "discovery")
        connection = h.connect("agent_1", "loc_a")
        await h.resume(connection.id, {"coaching.agent_1.suggestions": 0})
        messages = await drain(connection.queue)
        assert isinstance(messages[0], ErrorMessage) and messages[0].code == "resume_gap"
        assert [e.event_id for e in events(messages)] == [4, 5]
