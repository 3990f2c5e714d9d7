"""One place where a request becomes an analysis: engine, composition, timing and storage."""

from __future__ import annotations

import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from ghl_real_estate_ai.domain.analysis import MessageAnalysis
from ghl_real_estate_ai.domain.coaching import CoachingResponse, ObjectionResponse
from ghl_real_estate_ai.domain.conversation import AnalysisRequest, ConversationTurn
from ghl_real_estate_ai.domain.preferences import Preferences
from ghl_real_estate_ai.domain.requests import (
    CoachingRequest,
    ObjectionRequest,
    SemanticRequest,
    split_conversation,
)
from ghl_real_estate_ai.domain.semantic import SemanticAnalysis
from ghl_real_estate_ai.intelligence.coaching.composer import CoachingComposer
from ghl_real_estate_ai.intelligence.engine import AnalysisEngine
from ghl_real_estate_ai.intelligence.semantics import intent_analysis, semantic_preferences
from ghl_real_estate_ai.storage.models import Analysis
from ghl_real_estate_ai.storage.repositories import AnalysisRepository, ConversationRepository


@dataclass
class Timed:
    analysis: MessageAnalysis
    started: float

    @property
    def elapsed_ms(self) -> float:
        return round((time.perf_counter() - self.started) * 1000, 3)


@dataclass(frozen=True)
class TenantScope:
    """Where to store an analysis: the caller's open session, inside one location."""

    session: AsyncSession
    location_id: str


def new_analysis_id() -> str:
    return f"ana_{uuid.uuid4().hex}"


class AnalysisService:
    def __init__(self, engine: AnalysisEngine, composer: CoachingComposer | None = None) -> None:
        self.engine = engine
        self.composer = composer or CoachingComposer()

    async def _run(self, request: AnalysisRequest) -> Timed:
        started = time.perf_counter()
        return Timed(await self.engine.analyze(request), started)

    async def real_time_coaching(
        self, request: CoachingRequest, *, scope: TenantScope | None = None
    ) -> CoachingResponse:
        context = request.conversation_context
        timed = await self._run(
            AnalysisRequest(
                message=request.prospect_message,
                context=context.history,
                reference_date=context.reference_date,
                conversation_stage=request.conversation_stage,
            )
        )
        response = self.composer.coaching(
            timed.analysis,
            engine=self.engine.name,
            processing_time_ms=timed.elapsed_ms,
            answered=context.answered_questions,
        )
        response.analysis_id = new_analysis_id()
        if scope is not None:
            await self._store(
                scope,
                kind="coaching",
                result=response,
                analysis=timed.analysis,
                conversation_key=context.conversation_id or _lead_key(context.lead_id),
                lead_id=context.lead_id,
                agent_id=request.agent_id,
                turns=[*context.history, ConversationTurn(message=request.prospect_message)],
            )
        return response

    async def objection_analysis(
        self,
        request: ObjectionRequest,
        *,
        scope: TenantScope | None = None,
    ) -> ObjectionResponse:
        timed = await self._run(
            AnalysisRequest(message=request.objection_text, context=request.conversation_history)
        )
        response = self.composer.objection(
            timed.analysis, engine=self.engine.name, processing_time_ms=timed.elapsed_ms
        )
        response.analysis_id = new_analysis_id()
        if scope is not None:
            await self._store(
                scope,
                kind="objection",
                result=response,
                analysis=timed.analysis,
                conversation_key=request.conversation_id or _lead_key(request.lead_id),
                lead_id=request.lead_id,
                turns=[*request.conversation_history, ConversationTurn(message=request.objection_text)],
            )
        return response

    async def semantic_analysis(
        self, request: SemanticRequest, *, scope: TenantScope | None = None
    ) -> SemanticAnalysis:
        context, message = split_conversation(request.conversation_messages)
        timed = await self._run(
            AnalysisRequest(message=message, context=context, reference_date=request.reference_date)
        )
        analysis = timed.analysis
        response = SemanticAnalysis(
            intent_analysis=intent_analysis(analysis),
            semantic_preferences=semantic_preferences(analysis) if request.include_preferences else None,
            confidence=round(analysis.confidence * 100),
            urgency_score=analysis.urgency_score,
            processing_time_ms=timed.elapsed_ms,
            analysis_id=new_analysis_id(),
            engine=self.engine.name,
        )
        if scope is not None:
            await self._store(
                scope,
                kind="semantic",
                result=response,
                analysis=analysis,
                conversation_key=request.conversation_id or _lead_key(request.lead_id),
                lead_id=request.lead_id,
                turns=request.conversation_messages,
            )
        return response

    async def _store(
        self,
        scope: TenantScope,
        *,
        kind: str,
        result: CoachingResponse | ObjectionResponse | SemanticAnalysis,
        analysis: MessageAnalysis,
        conversation_key: str | None,
        lead_id: str | None,
        turns: Sequence[ConversationTurn],
        agent_id: str | None = None,
    ) -> None:
        """Store conversation, new messages and analysis together, inside the caller's transaction."""
        session, location_id = scope.session, scope.location_id
        conversations = ConversationRepository(session, location_id)
        contact = await conversations.contact(lead_id) if lead_id else None
        agent = await conversations.agent(agent_id) if agent_id else None
        conversation, created = await conversations.conversation(
            conversation_key or f"adhoc-{uuid.uuid4().hex}", contact=contact, agent=agent
        )
        # A new conversation records the history it arrived with; a known one only gains the new message.
        new_turns = turns if created else turns[-1:]
        stored = [conversations.add_message(conversation, t.speaker.value, t.message) for t in new_turns]
        await session.flush()  # assigns the message ids the analysis points to
        if contact is not None:
            known = Preferences.model_validate(contact.preferences or {})
            contact.preferences = known.merged_with(analysis.preferences).stated_slots()
        assert result.analysis_id is not None
        AnalysisRepository(session, location_id).add(
            Analysis(
                analysis_id=result.analysis_id,
                location_id=location_id,
                conversation_id=conversation.id,
                message_id=stored[-1].id if stored else None,
                kind=kind,
                engine=self.engine.name,
                result={
                    "response": result.model_dump(mode="json"),
                    "analysis": analysis.model_dump(mode="json"),
                },
                confidence=analysis.confidence,
                processing_time_ms=result.processing_time_ms,
            )
        )


def _lead_key(lead_id: str | None) -> str | None:
    return f"lead-{lead_id}" if lead_id else None
