from __future__ import annotations

import hmac
import time
from collections.abc import Awaitable
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Header, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import BaseModel
from sqlalchemy import text

from ghl_real_estate_ai import __version__
from ghl_real_estate_ai.api.deps import State
from ghl_real_estate_ai.domain.alerts import Alert, AlertKind
from ghl_real_estate_ai.domain.conversation import AnalysisRequest
from ghl_real_estate_ai.domain.errors import NotFound, Unauthenticated
from ghl_real_estate_ai.domain.performance import Feature
from ghl_real_estate_ai.intelligence.claude.resilience import CircuitState
from ghl_real_estate_ai.observability.instruments import set_scrape_state
from ghl_real_estate_ai.services.ghl_queues import ghl_queue_stats
from ghl_real_estate_ai.services.health_probes import probes

router = APIRouter(tags=["monitoring"])

# Each feature with the services that must be healthy for it (the spec's names and ours).
FEATURES: dict[str, tuple[str, ...]] = {
    "real_time_coaching": ("claude_agent", "analysis_engine", "database"),
    "objection_analysis": ("claude_agent", "analysis_engine", "database"),
    "next_question_suggestion": ("claude_agent", "analysis_engine"),
    "semantic_analysis": ("semantic_analyzer", "analysis_engine", "database"),
    "intelligent_qualification": ("qualification_orchestrator", "database"),
    "action_planning": ("action_planner", "database"),
    "real_time_websocket": ("websocket_hub", "realtime_broker"),
    "performance_analytics": ("database",),
}


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


class AdmissionHealth(BaseModel):
    """This process's load shedding: answers in the making now (at most `current_limit`, which adapts
    to the latency budget up to `limit`), admitted and shed since start, and work queued inside (messages
    waiting for the engine's next batch, answers waiting for the next group commit)."""

    limit: int
    current_limit: int
    in_flight: int
    admitted: int
    shed: int
    queued_for_engine: int
    queued_for_storage: int


class HealthAlert(BaseModel):
    """A firing alert as health shows it: which location is not said here (health is public); the
    location's own list is GET /api/v1/claude/analytics/alerts, and /metrics has the label."""

    kind: AlertKind
    scope: str  # "service" or "location"
    feature: Feature | None
    value: float
    threshold: float
    raised_at: datetime
    message: str


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
    admission: AdmissionHealth
    alerts: list[HealthAlert]


@router.get("/api/v1/claude/health", response_model=HealthReport)
async def health(state: State) -> HealthReport:
    """Checked now, not cached: the database answers a query, the engine analyses a message, and each of
    the spec's services answers a one-line conversation (the hub: an event goes round its broker).

    `overall_status`: healthy when every check is; unhealthy when the database or every spec service
    fails; degraded otherwise. `features_available` lists the features whose services are all healthy.
    """
    services = {
        "database": await _checked(_select_one(state)),
        "analysis_engine": await _checked(state.analysis.read(AnalysisRequest(message="health check"))),
        "realtime_broker": await _checked(state.hub.broker.ping()),
    }
    spec_services = probes(state.engine, state.hub, state.clock)
    for name, probe in spec_services.items():
        services[name] = await _checked(probe())
    claude = _claude(state)
    if claude.configured:
        services["claude"] = ComponentHealth(status=claude.status, latency_ms=claude.latency_p50_ms)
    up = {name for name, component in services.items() if component.status == "healthy"}
    return HealthReport(
        timestamp=state.clock(),
        claude=claude,
        realtime=RealtimeHealth(broker=state.hub.broker.name, connections=len(state.hub.connections)),
        admission=_admission(state),
        overall_status=_overall(services, up, set(spec_services)),
        services=services,
        engine=state.engine.name,
        api_version=__version__,
        uptime_s=round(time.time() - state.started_at, 1),
        features_available=[feature for feature, needs in FEATURES.items() if set(needs) <= up],
        alerts=[_health_alert(alert) for alert in state.alerts.firing.values()],
    )


def _admission(state: State) -> AdmissionHealth:
    admission = state.admission
    return AdmissionHealth(
        limit=admission.limit,
        current_limit=admission.current_limit,
        in_flight=admission.in_flight,
        admitted=admission.admitted,
        shed=admission.shed,
        queued_for_engine=state.batcher.queued if state.batcher is not None else 0,
        queued_for_storage=state.analysis.writes.queued if state.analysis.writes is not None else 0,
    )


def _overall(services: dict[str, ComponentHealth], up: set[str], spec_services: set[str]) -> str:
    if up == set(services):
        return "healthy"
    if "database" not in up or not spec_services & up:
        return "unhealthy"
    return "degraded"


def _health_alert(alert: Alert) -> HealthAlert:
    return HealthAlert(
        kind=alert.kind,
        scope="service" if alert.location_id is None else "location",
        feature=alert.feature,
        value=alert.value,
        threshold=alert.threshold,
        raised_at=alert.raised_at,
        message=alert.message,
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
async def metrics(state: State, authorization: Annotated[str | None, Header()] = None) -> Response:
    """Prometheus text format, closed by default: open with ENTERPRISEHUB_METRICS_PUBLIC=true, or to
    `Bearer <token>` when ENTERPRISEHUB_METRICS_TOKEN is set (request counts per route say how the
    service is used: scrape it from inside the network)."""
    token = state.settings.metrics_token
    if token is not None:
        if not _bearer_matches(authorization, token.get_secret_value()):
            raise Unauthenticated("/metrics needs 'Authorization: Bearer <metrics token>'.")
    elif not state.settings.metrics_public:
        raise NotFound("Metrics are not exposed: set ENTERPRISEHUB_METRICS_PUBLIC=true or a metrics token.")
    set_scrape_state(
        state.metrics,
        connections=len(state.hub.connections),
        circuit=state.claude.breaker.state if state.claude is not None else None,
        firing=list(state.alerts.firing.values()),
        queues=await ghl_queue_stats(state.database),
        now=state.clock(),
    )
    admission = _admission(state)
    state.metrics.admission(
        admission.in_flight,
        admission.admitted,
        admission.shed,
        queued=admission.queued_for_engine + admission.queued_for_storage,
    )
    return Response(generate_latest(state.metrics.registry), media_type=CONTENT_TYPE_LATEST)


def _bearer_matches(authorization: str | None, token: str) -> bool:
    scheme, _, presented = (authorization or "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(presented.strip().encode(), token.encode())


@router.get("/api/v1/ping", include_in_schema=False)
async def ping() -> dict[str, str]:
    """Trivial endpoint: the benchmark's baseline for what the framework alone costs."""
    return {"status": "ok"}
