from __future__ import annotations

import time
from collections.abc import Awaitable
from datetime import datetime

from fastapi import APIRouter, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import BaseModel
from sqlalchemy import text

from ghl_real_estate_ai import __version__
from ghl_real_estate_ai.api.deps import State
from ghl_real_estate_ai.domain.conversation import AnalysisRequest
from ghl_real_estate_ai.domain.errors import NotFound
from ghl_real_estate_ai.intelligence.claude.resilience import CircuitState

router = APIRouter(tags=["monitoring"])

FEATURES = ["real_time_coaching", "objection_analysis", "next_question_suggestion", "semantic_analysis"]


class ComponentHealth(BaseModel):
    status: str
    latency_ms: float | None = None
    detail: str | None = None


class ClaudeHealth(BaseModel):
    """The Claude engine as it is now: circuit state and what the last calls measured."""

    mode: str
    configured: bool
    status: str
    circuit: str | None = None
    model: str | None = None
    recent_calls: int = 0
    error_rate: float | None = None
    latency_p50_ms: float | None = None
    latency_p95_ms: float | None = None
    latency_p99_ms: float | None = None


class RealtimeHealth(BaseModel):
    """The WebSocket hub of this process: which broker carries its events, and its open sockets."""

    broker: str
    connections: int


class HealthReport(BaseModel):
    timestamp: datetime
    overall_status: str
    services: dict[str, ComponentHealth]
    engine: str
    api_version: str
    uptime_s: float
    features_available: list[str]
    claude: ClaudeHealth
    realtime: RealtimeHealth


@router.get("/api/v1/claude/health", response_model=HealthReport)
async def health(state: State) -> HealthReport:
    """Checked now, not cached: the database answers a query and the engine analyses a message."""
    services = {
        "database": await _checked(_select_one(state)),
        "analysis_engine": await _checked(state.analysis.read(AnalysisRequest(message="health check"))),
        "realtime_broker": await _checked(state.hub.broker.ping()),
    }
    claude = _claude(state)
    if claude.configured:
        services["claude"] = ComponentHealth(status=claude.status, latency_ms=claude.latency_p50_ms)
    healthy = all(component.status == "healthy" for component in services.values())
    return HealthReport(
        timestamp=state.clock(),
        claude=claude,
        realtime=RealtimeHealth(broker=state.hub.broker.name, connections=len(state.hub.connections)),
        overall_status="healthy" if healthy else "degraded",
        services=services,
        engine=state.engine.name,
        api_version=__version__,
        uptime_s=round(time.time() - state.started_at, 1),
        features_available=FEATURES,
    )


def _claude(state: State) -> ClaudeHealth:
    """Graceful degradation shows here: an open circuit means the local engine answers alone."""
    mode = state.analysis.mode.value
    engine = state.claude
    if engine is None:
        return ClaudeHealth(mode=mode, configured=False, status="not_configured")
    circuit = engine.breaker.state
    stats = engine.stats.snapshot()
    return ClaudeHealth(
        mode=mode,
        configured=True,
        status="healthy" if circuit is CircuitState.CLOSED else "degraded",
        circuit=circuit.value,
        model=engine.config.model,
        recent_calls=stats.calls,
        error_rate=stats.error_rate,
        latency_p50_ms=stats.latency_p50_ms,
        latency_p95_ms=stats.latency_p95_ms,
        latency_p99_ms=stats.latency_p99_ms,
    )


async def _checked(check: Awaitable[object]) -> ComponentHealth:
    """Run one live check, timed; a failure is reported, never raised."""
    started = time.perf_counter()
    try:
        await check
    except Exception as error:  # health must report, not raise
        return ComponentHealth(status="unhealthy", detail=type(error).__name__)
    return ComponentHealth(status="healthy", latency_ms=round((time.perf_counter() - started) * 1000, 2))


async def _select_one(state: State) -> None:
    async with state.database.engine.connect() as connection:
        await connection.execute(text("SELECT 1"))


@router.get("/metrics", include_in_schema=False)
async def metrics(state: State) -> Response:
    # Request counts per route say how the service is used: shown only when ENTERPRISEHUB_METRICS_PUBLIC is
    # set (scrape it from inside the network, not through a public listener).
    if not state.settings.metrics_public:
        raise NotFound("Metrics are not exposed: set ENTERPRISEHUB_METRICS_PUBLIC=true to serve /metrics.")
    return Response(generate_latest(state.metrics.registry), media_type=CONTENT_TYPE_LATEST)


@router.get("/api/v1/ping", include_in_schema=False)
async def ping() -> dict[str, str]:
    """Trivial endpoint: the benchmark's baseline for what the framework alone costs."""
    return {"status": "ok"}
