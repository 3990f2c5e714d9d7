"""The real-time coaching hub: connections, their topics, and coaching answers turned into events.

Topics are the spec's `coaching.{agent_id}.<kind>`; inside, every channel is prefixed by the
location, so two tenants with the same agent id never share a channel. The hub is also the
AnalysisService's RevisionPublisher: revision 1 and Claude's revision 2 reach the agent alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ghl_real_estate_ai.domain.coaching import CoachingResponse
from ghl_real_estate_ai.domain.semantic import QualificationAssessment
from ghl_real_estate_ai.realtime.broker import Broker, Publication
from ghl_real_estate_ai.realtime.connection import Connection, TopicForbidden, UnknownConnection
from ghl_real_estate_ai.realtime.events import CoachingPayload, coaching_payloads, coaching_topics, topic_of
from ghl_real_estate_ai.realtime.messages import ErrorMessage, EventMessage, Payload
from ghl_real_estate_ai.realtime.publishing import RevisionEvent


def _channel(location_id: str, topic: str) -> str:
    return f"{location_id}|{topic}"


def location_channels(location_id: str) -> str:
    """The prefix of every channel of the location (what an erasure sweeps, see Broker.forget)."""
    return _channel(location_id, "")


class CoachingHub:
    """Connections and their topics over a broker; coaching answers published as typed events."""

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

    async def publish_payload(
        self,
        location_id: str,
        agent_id: str,
        kind: str,
        payload: CoachingPayload,
        analysis_id: str | None = None,
        revision: int = 1,
    ) -> EventMessage:
        name = topic_of(agent_id, kind)
        data = payload.model_dump(mode="json", exclude_none=True)
        publication = Publication(topic=name, data=data, analysis_id=analysis_id, revision=revision)
        return await self.broker.publish(_channel(location_id, name), publication)

    async def publish_topic(self, location_id: str, topic: str, data: Payload) -> EventMessage:
        """A topic outside the agents' coaching ones, e.g. `operations.alerts` (observability/alerts)."""
        return await self.broker.publish(_channel(location_id, topic), Publication(topic=topic, data=data))

    async def publish_coaching(
        self,
        location_id: str,
        agent_id: str,
        response: CoachingResponse,
        conversation_stage: str | None = None,
        progress: QualificationAssessment | None = None,
    ) -> list[EventMessage]:
        """One coaching answer as the agent's events (realtime/events.py says which and in what order)."""
        return [
            await self.publish_payload(
                location_id, agent_id, kind, payload, response.analysis_id, response.revision
            )
            for kind, payload in coaching_payloads(response, conversation_stage, progress)
        ]

    async def publish(self, event: RevisionEvent) -> None:
        """RevisionPublisher: each revision of a coaching answer goes to the agent it was made for."""
        if event.agent_id is None or not isinstance(event.response, CoachingResponse):
            return
        await self.publish_coaching(
            event.location_id, event.agent_id, event.response, event.conversation_stage, event.progress
        )
