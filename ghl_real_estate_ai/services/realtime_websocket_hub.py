"""The real-time coaching hub: connections, their topics, and coaching turned into events.

Topics are the spec's `coaching.{agent_id}.<kind>`; inside, every channel is prefixed by the
location, so two tenants with the same agent id never share a channel. The hub is also the
AnalysisService's RevisionPublisher: Claude's revision 2 reaches the agent like revision 1 did.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence

from ghl_real_estate_ai.domain.coaching import CoachingResponse
from ghl_real_estate_ai.domain.taxonomy import UrgencyLevel
from ghl_real_estate_ai.realtime.broker import Broker, Publication, Unsubscribe
from ghl_real_estate_ai.realtime.messages import ErrorMessage, EventMessage, Payload
from ghl_real_estate_ai.realtime.outbound import OutboundQueue
from ghl_real_estate_ai.services.analysis_service import RevisionEvent

COACHING_KINDS = ("suggestions", "objections", "questions", "progress", "alerts")
COACHING_TOPICS = {kind: "coaching.{agent_id}." + kind for kind in COACHING_KINDS}


class TopicForbidden(Exception):
    """A connection asked for a topic its token does not open."""


class UnknownConnection(Exception):
    pass


def coaching_topics(agent_id: str) -> list[str]:
    return [template.format(agent_id=agent_id) for template in COACHING_TOPICS.values()]


def _channel(location_id: str, topic: str) -> str:
    return f"{location_id}|{topic}"


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


class RealtimeWebSocketHub:
    def __init__(self, broker: Broker, *, queue_capacity: int) -> None:
        self.broker = broker
        self.queue_capacity = queue_capacity
        self.connections: dict[str, Connection] = {}

    def connect(self, agent_id: str, location_id: str) -> Connection:
        connection = Connection(location_id, agent_id, self.queue_capacity)
        self.connections[connection.id] = connection
        return connection

    def disconnect(self, connection_id: str) -> None:
        connection = self.connections.pop(connection_id, None)
        if connection is not None:
            connection.close()

    def _connection(self, connection_id: str) -> Connection:
        connection = self.connections.get(connection_id)
        if connection is None:
            raise UnknownConnection(f"no open connection '{connection_id}'")
        return connection

    @staticmethod
    def _check_topics(connection: Connection, topics: Iterable[str]) -> None:
        allowed = set(coaching_topics(connection.agent_id))
        refused = sorted(set(topics) - allowed)
        if refused:
            raise TopicForbidden(
                f"this token opens only agent '{connection.agent_id}''s coaching topics; refused: "
                + ", ".join(refused)
            )

    async def subscribe(self, connection_id: str, topics: Sequence[str]) -> list[str]:
        """Live events from now on; all or nothing when any topic is not the agent's own."""
        connection = self._connection(connection_id)
        self._check_topics(connection, topics)
        for topic in topics:
            if topic not in connection.subscriptions:
                channel = _channel(connection.location_id, topic)
                connection.subscriptions[topic] = await self.broker.subscribe(channel, connection.deliver)
        return list(topics)

    async def subscribe_to_coaching(self, connection_id: str, agent_id: str) -> list[str]:
        """The spec's call: every coaching topic of `agent_id`, which must be the connection's agent."""
        return await self.subscribe(connection_id, coaching_topics(agent_id))

    async def resume(self, connection_id: str, positions: dict[str, int]) -> None:
        """Subscribe (if needed) and replay, in order and once, what followed each `last_event_id`."""
        connection = self._connection(connection_id)
        self._check_topics(connection, positions)
        for topic, after in positions.items():
            channel = _channel(connection.location_id, topic)
            connection.hold(topic, after)
            if topic not in connection.subscriptions:
                connection.subscriptions[topic] = await self.broker.subscribe(channel, connection.deliver)
            missed = await self.broker.replay(channel, after)
            if missed and missed[0].event_id > after + 1:
                connection.queue.put_control(
                    ErrorMessage(
                        code="resume_gap",
                        message=f"events {after + 1}..{missed[0].event_id - 1} of {topic} are older than "
                        "the retention window and cannot be replayed.",
                    )
                )
            connection.release(topic, missed)

    async def _publish(
        self, location_id: str, topic: str, data: Payload, analysis_id: str | None, revision: int
    ) -> EventMessage:
        publication = Publication(topic=topic, data=data, analysis_id=analysis_id, revision=revision)
        return await self.broker.publish(_channel(location_id, topic), publication)

    async def publish_topic(self, location_id: str, topic: str, data: Payload) -> EventMessage:
        """Any topic of a location, e.g. `operations.alerts` (observability/alerts)."""
        return await self._publish(location_id, topic, data, None, 1)

    async def broadcast_coaching_suggestions(
        self,
        agent_id: str,
        tenant_id: str,
        coaching_suggestions: Sequence[str],
        urgency: UrgencyLevel | str,
        conversation_stage: str,
        *,
        analysis_id: str | None = None,
        revision: int = 1,
    ) -> list[EventMessage]:
        """The spec's call: suggestions to the agent, plus an alert when the lead is urgent."""
        level = UrgencyLevel(urgency)
        topics = dict(zip(COACHING_KINDS, coaching_topics(agent_id), strict=True))
        events = [
            await self._publish(
                tenant_id,
                topics["suggestions"],
                {
                    "suggestions": list(coaching_suggestions),
                    "urgency_level": level.value,
                    "conversation_stage": conversation_stage,
                },
                analysis_id,
                revision,
            )
        ]
        if level.rank >= UrgencyLevel.HIGH.rank:
            alert: Payload = {"urgency_level": level.value, "message": f"{level.value} urgency: act now"}
            events.append(await self._publish(tenant_id, topics["alerts"], alert, analysis_id, revision))
        return events

    async def publish_coaching(
        self,
        location_id: str,
        agent_id: str,
        response: CoachingResponse,
        conversation_stage: str | None = None,
    ) -> list[EventMessage]:
        """One coaching answer as the agent's events: suggestions, then objection, questions, alert."""
        topics = dict(zip(COACHING_KINDS, coaching_topics(agent_id), strict=True))
        body = response.model_dump(mode="json")
        parts: list[tuple[str, Payload]] = [
            (
                "suggestions",
                {
                    "suggestions": body["suggestions"],
                    "talking_points": body["talking_points"],
                    "urgency_level": body["urgency_level"],
                    "primary_intent": body["primary_intent"],
                    "language": body["language"],
                    "confidence_score": body["confidence_score"],
                    "conversation_stage": conversation_stage,
                    "engine": body["engine"],
                },
            )
        ]
        if response.objection_detected:
            parts.append(
                (
                    "objections",
                    {
                        "objection_type": body["objection_type"],
                        "objection_severity": body["objection_severity"],
                        "talking_points": body["talking_points"],
                    },
                )
            )
        if response.recommended_questions:
            parts.append(("questions", {"recommended_questions": body["recommended_questions"]}))
        if response.urgency_level.rank >= UrgencyLevel.HIGH.rank:
            level = response.urgency_level.value
            parts.append(("alerts", {"urgency_level": level, "message": f"{level} urgency: act now"}))
        return [
            await self._publish(location_id, topics[kind], data, response.analysis_id, response.revision)
            for kind, data in parts
        ]

    async def publish(self, event: RevisionEvent) -> None:
        """RevisionPublisher: a refined coaching answer goes to the agent it was made for."""
        if event.agent_id is None or not isinstance(event.response, CoachingResponse):
            return
        await self.publish_coaching(event.location_id, event.agent_id, event.response)
