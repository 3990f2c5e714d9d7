"""Monitoring: the spec's performance metrics, computed from what this service recorded."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from ghl_real_estate_ai.api.deps import CurrentLocation, Scope, State
from ghl_real_estate_ai.api.errors import ERROR_RESPONSES
from ghl_real_estate_ai.api.routers.actions import Window
from ghl_real_estate_ai.domain.alerts import Alert, AlertThresholds, AlertThresholdsUpdate
from ghl_real_estate_ai.domain.performance import PerformanceReport
from ghl_real_estate_ai.services.alert_thresholds import AlertThresholdSettings
from ghl_real_estate_ai.services.performance_analytics import PerformanceAnalytics

router = APIRouter(prefix="/api/v1/claude/analytics", tags=["monitoring"], responses=ERROR_RESPONSES)


async def get_analytics(state: State) -> PerformanceAnalytics:
    """This process's latest answers belong to the window too: written now, before the route's own
    session takes a connection (SQLite has one; the recorder's batch would wait for it forever)."""
    await state.performance.flush()
    return PerformanceAnalytics()


Analytics = Annotated[PerformanceAnalytics, Depends(get_analytics)]


@router.get("/performance", response_model=PerformanceReport)
async def performance(
    analytics: Analytics,  # first: dependencies are solved in order (see get_analytics)
    scope: Scope,
    state: State,
    window: Annotated[
        Window, Query(description="ISO-8601 duration (PT1H, P1D) or short form (1h, 30m, 7d)")
    ] = timedelta(hours=1),
) -> PerformanceReport:
    """Response times, success rates and quality metrics of this location over the window.

    Every number comes from the answers recorded in the window (the same `processing_time_ms` the
    answers carried) or from recorded evaluation runs; a metric without data is null.
    """
    return await analytics.report(scope, window, state.clock())


async def get_thresholds(state: State) -> AlertThresholdSettings:
    return AlertThresholdSettings(state.alerts.defaults)


Thresholds = Annotated[AlertThresholdSettings, Depends(get_thresholds)]


@router.get("/alert-thresholds", response_model=AlertThresholds)
async def alert_thresholds(scope: Scope, thresholds: Thresholds) -> AlertThresholds:
    """The spec's ALERT_THRESHOLDS in force for this location (its overrides over the defaults)."""
    return await thresholds.effective(scope)


@router.put("/alert-thresholds", response_model=AlertThresholds)
async def put_alert_thresholds(
    body: AlertThresholdsUpdate, scope: Scope, thresholds: Thresholds
) -> AlertThresholds:
    """Set this location's own thresholds; a null field keeps the service default."""
    return await thresholds.replace(scope, body)


@router.get("/alerts", response_model=list[Alert])
async def alerts(location: CurrentLocation, state: State) -> list[Alert]:
    """Alerts firing now for this location, and the service-wide ones (accuracy, GHL backlog)."""
    return state.alerts.firing_for(location.id)
