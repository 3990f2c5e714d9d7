"""Action planning: create a plan for a lead, list what is due, complete or snooze an action."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import BeforeValidator

from ghl_real_estate_ai.api.deps import Analyzer, CurrentLocation, Scope, State, ensure_same_tenant
from ghl_real_estate_ai.api.errors import ERROR_RESPONSES, ErrorBody
from ghl_real_estate_ai.domain.actions import (
    ActionPlan,
    ActionView,
    CreatePlanRequest,
    DueActions,
    SnoozeRequest,
)
from ghl_real_estate_ai.intelligence.planning.durations import parse_window
from ghl_real_estate_ai.services.claude_action_planner import ClaudeActionPlanner

ACTION_ERRORS: dict[int | str, dict[str, object]] = {
    **ERROR_RESPONSES,
    404: {"model": ErrorBody, "description": "No such action in this location"},
    409: {"model": ErrorBody, "description": "The action is already completed or cancelled"},
}
router = APIRouter(prefix="/api/v1/claude/actions", tags=["actions"], responses=ERROR_RESPONSES)


async def get_planner(state: State, analyzer: Analyzer) -> ClaudeActionPlanner:
    return ClaudeActionPlanner(analysis=analyzer, clock=state.clock)


Planner = Annotated[ClaudeActionPlanner, Depends(get_planner)]


def _window(value: object) -> timedelta:
    if isinstance(value, timedelta):
        return value
    return parse_window(str(value))


Window = Annotated[timedelta, BeforeValidator(_window)]


@router.post("/create-plan", response_model=ActionPlan)
async def create_plan(
    body: CreatePlanRequest, location: CurrentLocation, scope: Scope, planner: Planner
) -> ActionPlan:
    """Priority with its factors, risks, immediate actions and the follow-up schedule for one lead.

    Actions already pending for the lead with the same reason are returned, not planned twice.
    """
    ensure_same_tenant(location, body.location_id)
    return await planner.plan(scope, body)


@router.get("/due", response_model=DueActions)
async def due_actions(
    scope: Scope,
    planner: Planner,
    within: Annotated[
        Window, Query(description="ISO-8601 duration (PT4H, P1D) or short form (4h, 30m, 2d)")
    ] = timedelta(hours=24),
) -> DueActions:
    """Open and snoozed actions due within the window (overdue ones included), highest priority first."""
    return await planner.due(scope, within)


@router.post("/{action_id}/complete", response_model=ActionView, responses=ACTION_ERRORS)
async def complete_action(action_id: str, scope: Scope, planner: Planner) -> ActionView:
    """Mark an action done (completing it again changes nothing)."""
    return await planner.complete(scope, action_id)


@router.post("/{action_id}/snooze", response_model=ActionView, responses=ACTION_ERRORS)
async def snooze_action(action_id: str, body: SnoozeRequest, scope: Scope, planner: Planner) -> ActionView:
    """Move an action later, by `minutes` or `until` a moment; texts and calls wait for the lead's day."""
    return await planner.snooze(scope, action_id, body)
