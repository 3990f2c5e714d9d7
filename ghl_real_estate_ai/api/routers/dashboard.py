"""Reads behind the agent dashboard: an agent's leads, one lead's thread with its live coaching,
and the team's counts. An agent token sees its own conversations; the location key sees all."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from ghl_real_estate_ai.api.deps import Analyzer, DbSession
from ghl_real_estate_ai.api.errors import ERROR_RESPONSES, ErrorBody
from ghl_real_estate_ai.api.viewer import CurrentViewer
from ghl_real_estate_ai.domain.dashboard import LeadDetail, LeadList, TeamSummary
from ghl_real_estate_ai.services.agent_dashboard import AgentDashboard
from ghl_real_estate_ai.services.scope import TenantScope

router = APIRouter(prefix="/api/v1/dashboard", tags=["dashboard"], responses=ERROR_RESPONSES)


def _dashboard(viewer: CurrentViewer, session: DbSession, analyzer: Analyzer) -> AgentDashboard:
    return AgentDashboard(TenantScope(session, viewer.location_id), viewer.agent_id, analyzer.composer)


@router.get("/leads", response_model=LeadList)
async def leads(
    viewer: CurrentViewer,
    session: DbSession,
    analyzer: Analyzer,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> LeadList:
    """Leads with a conversation, most recently active first, with their qualification progress."""
    return await _dashboard(viewer, session, analyzer).leads(limit)


@router.get(
    "/leads/{lead_id}",
    response_model=LeadDetail,
    responses={404: {"model": ErrorBody, "description": "No such lead for this caller"}},
)
async def lead(
    viewer: CurrentViewer,
    session: DbSession,
    analyzer: Analyzer,
    lead_id: Annotated[str, Path(max_length=128)],
) -> LeadDetail:
    """The thread, the latest coaching at its newest revision, qualification, preferences, actions."""
    return await _dashboard(viewer, session, analyzer).lead(lead_id)


@router.get("/team", response_model=TeamSummary)
async def team(viewer: CurrentViewer, session: DbSession, analyzer: Analyzer) -> TeamSummary:
    """Leads by stage and tier, and each engine's latency over the latest recorded analyses."""
    return await _dashboard(viewer, session, analyzer).team()
