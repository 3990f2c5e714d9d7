from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from ghl_real_estate_ai.api.deps import Admitted, Analyzer, CurrentLocation, Scope, ensure_same_tenant
from ghl_real_estate_ai.api.errors import BUSY, ERROR_RESPONSES
from ghl_real_estate_ai.domain.coaching import CoachingResponse, ObjectionResponse
from ghl_real_estate_ai.domain.requests import CoachingRequest, ObjectionRequest

# In hybrid mode, wait (within the Claude deadline) for Claude's refinement and answer with revision 2.
RefineParam = Annotated[Literal["wait"] | None, Query(description="'wait' for Claude's refinement")]

router = APIRouter(prefix="/api/v1/claude/coaching", tags=["coaching"], responses=ERROR_RESPONSES)


@router.post("/real-time", response_model=CoachingResponse, dependencies=[Admitted], responses=BUSY)
async def real_time_coaching(
    body: CoachingRequest,
    location: CurrentLocation,
    scope: Scope,
    analyzer: Analyzer,
    refine: RefineParam = None,
) -> CoachingResponse:
    """Coaching for the agent on the prospect's latest message: objection, replies, next questions.

    In hybrid mode the local answer comes at once and Claude's refinement follows as revision 2;
    `refine=wait` waits for it within the Claude deadline (`engine` says which answer you got).
    The answer also reaches the agent's WebSocket topics (`/ws/coaching`).
    """
    ensure_same_tenant(location, body.location_id)
    return await analyzer.real_time_coaching(scope, body, wait_for_refinement=refine == "wait")


@router.post("/objection-analysis", response_model=ObjectionResponse, dependencies=[Admitted], responses=BUSY)
async def objection_analysis(
    body: ObjectionRequest,
    location: CurrentLocation,
    scope: Scope,
    analyzer: Analyzer,
    refine: RefineParam = None,
) -> ObjectionResponse:
    """Classify an objection and suggest how to answer it (`refine=wait`: see real-time coaching)."""
    ensure_same_tenant(location, body.location_id)
    return await analyzer.objection_analysis(scope, body, wait_for_refinement=refine == "wait")
