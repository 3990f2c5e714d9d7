from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

from fastapi import APIRouter, Depends, status

from ghl_real_estate_ai.api.deps import CurrentLocation, DbSession, State, ensure_same_tenant
from ghl_real_estate_ai.api.errors import ERROR_RESPONSES, Conflict, ErrorBody, NotFound, Unprocessable
from ghl_real_estate_ai.api.performance import QualificationPerformance
from ghl_real_estate_ai.domain.qualification import (
    QualificationAnalytics,
    QualificationConfig,
    QualificationFlow,
    QualificationReply,
    StartQualificationRequest,
)
from ghl_real_estate_ai.services.analysis_service import TenantScope
from ghl_real_estate_ai.services.qualification_orchestrator import (
    FlowNotFound,
    InvalidQualificationConfig,
    QualificationOrchestrator,
    StaleFlowVersion,
)

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


@contextmanager
def _as_http_errors() -> Iterator[None]:
    """The service's errors, with the status each one answers."""
    try:
        yield
    except FlowNotFound as error:
        raise NotFound(str(error)) from error
    except StaleFlowVersion as error:
        raise Conflict(str(error)) from error
    except InvalidQualificationConfig as error:
        raise Unprocessable(f"Invalid qualification config: {error}") from error


@router.post("/start", response_model=QualificationFlow, status_code=status.HTTP_201_CREATED)
async def start_qualification(
    body: StartQualificationRequest,
    location: CurrentLocation,
    session: DbSession,
    service: Orchestrator,
    _performance: QualificationPerformance,
) -> QualificationFlow:
    """Open a qualification flow for a contact; the answer carries the first question to ask."""
    ensure_same_tenant(location, body.location_id)
    return await service.start(body, TenantScope(session, location.id))


@router.get("/analytics", response_model=QualificationAnalytics)
async def qualification_analytics(
    location: CurrentLocation, session: DbSession, service: Orchestrator
) -> QualificationAnalytics:
    """Counts per stage, average completeness, median time to qualified and drop-off per question."""
    return await service.analytics(TenantScope(session, location.id))


@router.get("/config", response_model=QualificationConfig)
async def get_qualification_config(
    location: CurrentLocation, session: DbSession, service: Orchestrator
) -> QualificationConfig:
    """The areas, weights and thresholds this location qualifies leads on."""
    return await service.config(TenantScope(session, location.id))


@router.put("/config", response_model=QualificationConfig)
async def put_qualification_config(
    body: QualificationConfig, location: CurrentLocation, session: DbSession, service: Orchestrator
) -> QualificationConfig:
    """Replace this location's qualification areas; new flows and new replies use them."""
    with _as_http_errors():
        return await service.set_config(TenantScope(session, location.id), body)


@router.post("/{flow_id}/response", response_model=QualificationFlow)
async def qualification_response(
    flow_id: str,
    body: QualificationReply,
    location: CurrentLocation,
    session: DbSession,
    service: Orchestrator,
    _performance: QualificationPerformance,
) -> QualificationFlow:
    """Apply the prospect's reply: answers extracted, stage moved, next question chosen."""
    with _as_http_errors():
        return await service.respond(flow_id, body, TenantScope(session, location.id))


@router.get("/{flow_id}", response_model=QualificationFlow)
async def qualification_state(
    flow_id: str, location: CurrentLocation, session: DbSession, service: Orchestrator
) -> QualificationFlow:
    """A flow's stage, answers, completeness per area and next question."""
    with _as_http_errors():
        return await service.state(flow_id, TenantScope(session, location.id))
