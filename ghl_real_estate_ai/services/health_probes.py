"""A tiny live call through each of the spec's services, for the health check.

Each probe runs the service's real code on a one-line conversation, on the embedded engine and without
storage (Claude has its own entry, from its circuit; a probe must not spend Claude tokens), and fails
when the answer is not what that service must give."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from ghl_real_estate_ai.clock import Clock
from ghl_real_estate_ai.domain.actions import CreatePlanRequest
from ghl_real_estate_ai.domain.conversation import ConversationTurn
from ghl_real_estate_ai.domain.qualification import StartQualificationRequest
from ghl_real_estate_ai.intelligence.engine import AnalysisEngine
from ghl_real_estate_ai.realtime.broker import Publication
from ghl_real_estate_ai.realtime.messages import EventMessage
from ghl_real_estate_ai.services.analysis_service import AnalysisService
from ghl_real_estate_ai.services.claude_action_planner import ClaudeActionPlanner
from ghl_real_estate_ai.services.claude_agent_service import ClaudeAgentService
from ghl_real_estate_ai.services.claude_semantic_analyzer import ClaudeSemanticAnalyzer
from ghl_real_estate_ai.services.qualification_orchestrator import QualificationOrchestrator
from ghl_real_estate_ai.services.realtime_websocket_hub import RealtimeWebSocketHub

PROBE_MESSAGE = "We'd like a 3 bedroom house in Austin under 400k"
PROBE_CHANNEL = "service|health.probe"  # one channel, reused: probes never grow the broker's channel list
HUB_PROBE_TIMEOUT_S = 2.0

Probe = Callable[[], Awaitable[None]]


class ProbeFailed(Exception):
    pass


def probes(engine: AnalysisEngine, hub: RealtimeWebSocketHub, clock: Clock) -> dict[str, Probe]:
    """The spec's service names, each with its live call."""
    local = AnalysisService(engine)

    async def claude_agent() -> None:
        coaching = await ClaudeAgentService(analysis=local).get_real_time_coaching(
            "health_probe", {}, PROBE_MESSAGE
        )
        _require(bool(coaching.suggestions), "coaching gave no suggestion")

    async def semantic_analyzer() -> None:
        intent = await ClaudeSemanticAnalyzer(engine).analyze_lead_intent(
            [{"speaker": "prospect", "message": PROBE_MESSAGE}]
        )
        _require(intent.intent_confidence >= 0, "no intent reading")

    async def qualification_orchestrator() -> None:
        flow = await QualificationOrchestrator(local, clock=clock).start(
            None, StartQualificationRequest(contact_id="health_probe", initial_message=PROBE_MESSAGE)
        )
        _require(flow.next_question is not None or flow.completeness > 0, "no qualification progress")

    async def action_planner() -> None:
        plan = await ClaudeActionPlanner(analysis=local, clock=clock).plan(
            None,
            CreatePlanRequest(
                contact_id="health_probe", conversation_messages=[ConversationTurn(message=PROBE_MESSAGE)]
            ),
        )
        _require(bool(plan.immediate_actions or plan.follow_up_schedule), "the plan has no action")

    async def websocket_hub() -> None:
        await _hub_round_trip(hub)

    return {
        "claude_agent": claude_agent,
        "semantic_analyzer": semantic_analyzer,
        "qualification_orchestrator": qualification_orchestrator,
        "action_planner": action_planner,
        "websocket_hub": websocket_hub,
    }


async def _hub_round_trip(hub: RealtimeWebSocketHub) -> None:
    """Publish through the hub's broker (Redis when it carries the events) and receive it back."""
    received: asyncio.Future[EventMessage] = asyncio.get_running_loop().create_future()

    def listener(event: EventMessage) -> None:
        if not received.done():
            received.set_result(event)

    unsubscribe = await hub.broker.subscribe(PROBE_CHANNEL, listener)
    try:
        sent = await hub.broker.publish(PROBE_CHANNEL, Publication(topic="health.probe", data={}))
        got = await asyncio.wait_for(received, HUB_PROBE_TIMEOUT_S)
        _require(got.event_id >= sent.event_id, "the hub delivered an older event")
    finally:
        unsubscribe()


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise ProbeFailed(message)
