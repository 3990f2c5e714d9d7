"""The spec's ServiceRegistry: one entry point to the services of one location (tenant)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ghl_real_estate_ai.clock import Clock, system_clock
from ghl_real_estate_ai.domain.coaching import CoachingResponse
from ghl_real_estate_ai.domain.conversation import ConversationTurn
from ghl_real_estate_ai.domain.qualification import QualificationFlow, StartQualificationRequest
from ghl_real_estate_ai.domain.requests import SemanticRequest
from ghl_real_estate_ai.domain.semantic import SemanticAnalysis
from ghl_real_estate_ai.intelligence.engine import AnalysisEngine
from ghl_real_estate_ai.realtime.broker import InProcessBroker
from ghl_real_estate_ai.realtime.factory import retention
from ghl_real_estate_ai.services.analysis_service import AnalysisService
from ghl_real_estate_ai.services.claude_action_planner import ClaudeActionPlanner
from ghl_real_estate_ai.services.claude_agent_service import ClaudeAgentService
from ghl_real_estate_ai.services.claude_semantic_analyzer import ClaudeSemanticAnalyzer
from ghl_real_estate_ai.services.defaults import default_engine
from ghl_real_estate_ai.services.qualification_orchestrator import QualificationOrchestrator
from ghl_real_estate_ai.services.realtime_websocket_hub import RealtimeWebSocketHub
from ghl_real_estate_ai.services.scope import TenantScope
from ghl_real_estate_ai.settings import Settings
from ghl_real_estate_ai.storage.database import Database


class ServiceRegistry:
    """Services bound to one location. With a database, every analysis is stored under that location."""

    def __init__(
        self,
        location_id: str,
        engine: AnalysisEngine | None = None,
        database: Database | None = None,
        clock: Clock = system_clock,
        websocket_hub: RealtimeWebSocketHub | None = None,
    ) -> None:
        self.location_id = location_id
        self.engine = engine or default_engine()
        self.database = database
        settings = Settings()
        # The registry's own in-process hub unless one is given: coaching made here reaches its topics.
        self.websocket_hub = websocket_hub or RealtimeWebSocketHub(
            InProcessBroker(clock, retention(settings)), queue_capacity=settings.hub_connection_queue
        )
        self.analysis = AnalysisService(self.engine, database=database, publisher=self.websocket_hub)
        self.agent_service = ClaudeAgentService(analysis=self.analysis, database=database)
        self.semantic_analyzer = ClaudeSemanticAnalyzer(analysis=self.analysis)
        self.qualification = QualificationOrchestrator(self.analysis, clock=clock)
        self.action_planner = ClaudeActionPlanner(
            analysis=self.analysis, database=database, location_id=location_id
        )

    async def get_real_time_coaching(
        self,
        agent_id: str,
        conversation_context: Mapping[str, Any],
        prospect_message: str,
        conversation_stage: str = "discovery",
    ) -> CoachingResponse:
        return await self.agent_service.get_real_time_coaching(
            agent_id, conversation_context, prospect_message, conversation_stage, location_id=self.location_id
        )

    async def analyze_lead_semantics(
        self, conversation_messages: Sequence[Mapping[str, Any]]
    ) -> SemanticAnalysis:
        request = SemanticRequest(
            conversation_messages=[
                ConversationTurn.model_validate(dict(turn)) for turn in conversation_messages
            ],
            location_id=self.location_id,
        )
        if self.database is None:
            return await self.analysis.semantic_analysis(None, request)
        async with self.database.session() as session:
            return await self.analysis.semantic_analysis(TenantScope(session, self.location_id), request)

    async def start_intelligent_qualification(
        self, contact_id: str, contact_name: str | None = None, initial_message: str | None = None
    ) -> QualificationFlow:
        """Open a qualification flow; stored under this location when the registry has a database."""
        request = StartQualificationRequest(
            contact_id=contact_id, contact_name=contact_name, initial_message=initial_message
        )
        if self.database is None:
            return await self.qualification.start(None, request)
        async with self.database.session() as session:
            return await self.qualification.start(TenantScope(session, self.location_id), request)
