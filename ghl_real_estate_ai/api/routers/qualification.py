from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, status

from ghl_real_estate_ai.api.deps import CurrentLocation, Scope, State, ensure_same_tenant
from ghl_real_estate_ai.api.errors import ERROR_RESPONSES, ErrorBody
from ghl_real_estate_ai.domain.qualification import (
    QualificationAnalytics,
    QualificationConfig,
    QualificationFlow,
    QualificationReply,
    StartQualificationRequest,
)
from ghl_real_estate_ai.services.qualification_orchestrator import QualificationOrchestrator

router = APIRouter(
    prefix="/api/v1/claude/qualification",
    tags=["qualification"],
    responses={
        **ERROR_RESPONSES,
        404: {"model": ErrorBody, "description": "No such flow in this location"},
        409: {"model": ErrorBody, "description": "expected_version is older than the stored flow"},
    },
)


async def get_orchestrator(state: State) -> QualificationOrchestrator:
    return QualificationOrchestrator(state.analysis, clock=state.clock)


Orchestrator = Annotated[QualificationOrchestrator, Depends(get_orchestrator)]


@router.post("/start", response_model=QualificationFlow, status_code=status.HTTP_201_CREATED)
async def start_qualification(
    body: StartQualificationRequest, location: CurrentLocation, scope: Scope, service: Orchestrator
) -> QualificationFlow:
    """Open a qualification flow for a contact; the answer carries the first question to ask."""
    ensure_same_tenant(location, body.location_id)
    return await service.start(scope, body)


@router.get("/analytics", response_model=QualificationAnalytics)
async def qualification_analytics(scope: Scope, service: Orchestrator) -> QualificationAnalytics:
    """Counts per stage, average completeness, median time to qualified and drop-off per question."""
    return await service.analytics(scope)


@router.get("/config", response_model=QualificationConfig)
async def get_qualification_config(scope: Scope, service: Orchestrator) -> QualificationConfig:
    """The areas, weights and thresholds this location qualifies leads on."""
    return await service.config(scope)


@router.put("/config", response_model=QualificationConfig)
async def put_qualification_config(
    body: QualificationConfig, scope: Scope, service: Orchestrator
) -> QualificationConfig:
    """Replace this location's qualification areas; new flows and new replies use them."""
    return await service.set_config(scope, body)


@router.post("/{flow_id}/response", response_model=QualificationFlow)
async def qualification_response(
    flow_id: str,
    body: QualificationReply,
    scope: Scope,
    service: Orchestrator,
) -> QualificationFlow:
    """Apply the prospect's reply: answers extracted, stage moved, next question chosen."""
    return await service.respond(scope, flow_id, body)


@router.get("/{flow_id}", response_model=QualificationFlow)
async def qualification_state(flow_id: str, scope: Scope, service: Orchestrator) -> QualificationFlow:
    """A flow's stage, answers, completeness per area and next question."""
    return await service.state(scope, flow_id)
