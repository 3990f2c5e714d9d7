"""The spec's Real-Time WebSocket Hub: its calls, over the app's coaching hub (realtime/hub.py)."""

from __future__ import annotations

from collections.abc import Sequence

from ghl_real_estate_ai.domain.taxonomy import UrgencyLevel
from ghl_real_estate_ai.realtime.connection import Connection, TopicForbidden, UnknownConnection
from ghl_real_estate_ai.realtime.events import Suggestions, coaching_topics, urgent
from ghl_real_estate_ai.realtime.hub import CoachingHub
from ghl_real_estate_ai.realtime.messages import EventMessage

__all__ = ["Connection", "RealtimeWebSocketHub", "TopicForbidden", "UnknownConnection", "coaching_topics"]


class RealtimeWebSocketHub(CoachingHub):
    async def subscribe_to_coaching(self, connection_id: str, agent_id: str) -> list[str]:
        """The spec's call: every coaching topic of `agent_id`, which must be the connection's agent."""
        return await self.subscribe(connection_id, coaching_topics(agent_id))

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
        suggestions = Suggestions(
            suggestions=list(coaching_suggestions), urgency_level=level, conversation_stage=conversation_stage
        )
        events = [
            await self.publish_payload(tenant_id, agent_id, "suggestions", suggestions, analysis_id, revision)
        ]
        alert = urgent(level)
        if alert is not None:
            events.append(
                await self.publish_payload(tenant_id, agent_id, "alerts", alert, analysis_id, revision)
            )
        return events
