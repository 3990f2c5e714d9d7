from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from ghl_real_estate_ai.api.deps import Analyzer, CurrentLocation, DbSession, State, ensure_same_tenant
from ghl_real_estate_ai.api.errors import ERROR_RESPONSES
from ghl_real_estate_ai.api.performance import CoachingPerformance
from ghl_real_estate_ai.domain.coaching import CoachingResponse, ObjectionResponse
from ghl_real_estate_ai.domain.requests import CoachingRequest, ObjectionRequest
from ghl_real_estate_ai.services.analysis_service import TenantScope

# In hybrid mode, wait (within the Claude deadline) for Claude's refinement and answer with revision 2.
RefineParam = Annotated[Literal["wait"] | None, Query(description="'wait' for Claude's refinement")]

router = APIRouter(prefix="/api/v1/claude/coaching", tags=["coaching"], responses=ERROR_RESPONSES)


@router.post("/real-time", response_model=CoachingResponse)
async def real_time_coaching(
    body: CoachingRequest,
    location: CurrentLocation,
    session: DbSession,
    analyzer: Analyzer,
    state: State,
    performance: CoachingPerformance,
    refine: RefineParam = None,
) -> CoachingResponse:
    """Coaching for the agent on the prospect's latest message: objection, replies, next questions.

    In hybrid mode the local answer comes at once and Claude's refinement follows as revision 2;
    `refine=wait` waits for it within the Claude deadline (`engine` says which answer you got).
    The answer also reaches the agent's WebSocket topics (`/ws/coaching`).
    """
    performance.for_agent(body.agent_id)
    ensure_same_tenant(location, body.location_id)
    response = await analyzer.real_time_coaching(
        body, scope=TenantScope(session, location.id), wait_for_refinement=refine == "wait"
    )
    performance.answered(
        response.processing_time_ms, analysis_id=response.analysis_id, agent_id=body.agent_id
    )
    if response.revision == 1:  # a revision 2 was already published by the service as it was made
        await state.hub.publish_coaching(location.id, body.agent_id, response, body.conversation_stage)
    return response


@router.post("/objection-analysis", response_model=ObjectionResponse)
async def objection_analysis(
    body: ObjectionRequest,
    location: CurrentLocation,
    session: DbSession,
    analyzer: Analyzer,
    refine: RefineParam = None,
) -> ObjectionResponse:
    """Classify an objection and suggest how to answer it (`refine=wait`: see real-time coaching)."""
    ensure_same_tenant(location, body.location_id)
    return await analyzer.objection_analysis(
        body, scope=TenantScope(session, location.id), wait_for_refinement=refine == "wait"
    )
