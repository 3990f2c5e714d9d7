from __future__ import annotations

from fastapi import APIRouter

from ghl_real_estate_ai.api.deps import Admitted, Analyzer, CurrentLocation, Scope, ensure_same_tenant
from ghl_real_estate_ai.api.errors import BUSY, ERROR_RESPONSES
from ghl_real_estate_ai.api.routers.coaching import RefineParam
from ghl_real_estate_ai.domain.requests import SemanticRequest
from ghl_real_estate_ai.domain.semantic import SemanticAnalysis

router = APIRouter(prefix="/api/v1/claude/semantic", tags=["semantic"], responses=ERROR_RESPONSES)


@router.post("/analyze", response_model=SemanticAnalysis, dependencies=[Admitted], responses=BUSY)
async def analyze(
    body: SemanticRequest,
    location: CurrentLocation,
    scope: Scope,
    analyzer: Analyzer,
    refine: RefineParam = None,
) -> SemanticAnalysis:
    """Intent, motivation, urgency and preferences read from a conversation (`refine=wait` as in coaching)."""
    ensure_same_tenant(location, body.location_id)
    return await analyzer.semantic_analysis(scope, body, wait_for_refinement=refine == "wait")
