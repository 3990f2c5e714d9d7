"""The FastAPI application factory."""

from __future__ import annotations

import asyncio
import gc
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

from fastapi import FastAPI

from ghl_real_estate_ai import __version__
from ghl_real_estate_ai.api.edge.rate_limit import RateLimit
from ghl_real_estate_ai.api.edge.request_guard import RequestGuard
from ghl_real_estate_ai.api.edge.security_headers import SecurityHeaders
from ghl_real_estate_ai.api.errors import install_error_handlers
from ghl_real_estate_ai.api.middleware import LimitBodySize, RecordMetrics
from ghl_real_estate_ai.api.request_context import RequestContext
from ghl_real_estate_ai.api.routers import (
    actions,
    analytics,
    auth,
    coaching,
    contacts,
    dashboard,
    feedback,
    ghl,
    health,
    outcomes,
    privacy,
    properties,
    qualification,
    realtime,
    semantic,
)
from ghl_real_estate_ai.api.state import AppState
from ghl_real_estate_ai.clock import Clock, system_clock
from ghl_real_estate_ai.intelligence.batching import MicroBatcher
from ghl_real_estate_ai.intelligence.engine import AnalysisEngine
from ghl_real_estate_ai.intelligence.factory import batched, build_claude_engine, build_engine
from ghl_real_estate_ai.observability.instruments import ClaudeMetrics, TimedEngine
from ghl_real_estate_ai.observability.logging import configure_logging
from ghl_real_estate_ai.observability.metrics import Metrics
from ghl_real_estate_ai.observability.performance.recorder import PerformanceRecorder
from ghl_real_estate_ai.realtime.factory import build_broker
from ghl_real_estate_ai.security.agent_tokens import AgentTokens
from ghl_real_estate_ai.security.encryption import Keyring
from ghl_real_estate_ai.security.local_keys import signing_secret
from ghl_real_estate_ai.security.lookup_hash import LookupHasher
from ghl_real_estate_ai.security.rate_limits import build_limiter
from ghl_real_estate_ai.services.admission import Admission
from ghl_real_estate_ai.services.alert_sources import ObservedAudit, build_alert_monitor
from ghl_real_estate_ai.services.analysis_service import AnalysisService
from ghl_real_estate_ai.services.claude_audit import DatabaseAudit
from ghl_real_estate_ai.services.erasure_reach import erasure_reach
from ghl_real_estate_ai.services.ghl_webhooks import WebhookInbox
from ghl_real_estate_ai.services.ghl_worker_runner import run_in_background
from ghl_real_estate_ai.services.match_push import MatchPusher
from ghl_real_estate_ai.services.property_matching_service import PropertyMatchingService
from ghl_real_estate_ai.services.realtime_websocket_hub import RealtimeWebSocketHub
from ghl_real_estate_ai.settings import Environment, Settings
from ghl_real_estate_ai.storage.database import Database

GIL_SWITCH_INTERVAL_S = 0.001


def create_app(
    settings: Settings | None = None, engine: AnalysisEngine | None = None, clock: Clock = system_clock
) -> FastAPI:
    settings = settings or Settings()
    metrics = Metrics()
    if settings.environment is not Environment.TEST:  # tests capture logs their own way
        configure_logging(settings.log_level)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # The engine's thread and aiosqlite's share the GIL with the event loop; at Python's default
        # 5 ms switch interval every await on them could wait that long for it. Measured with 100 agents
        # on sockets (benchmarks/realtime_hub.py): round trip p99 582 ms -> 108 ms.
        sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)
        database = Database(settings.database_url, Keyring.from_settings(settings))
        # Loading models takes a moment of CPU: keep the event loop free while it happens.
        loaded = engine if engine is not None else await asyncio.to_thread(build_engine, settings)
        # Messages that arrive together are read by one engine call (intelligence/batching.py).
        batching = batched(loaded, settings)
        chosen = TimedEngine(batching, metrics)
        broker = build_broker(settings, clock)
        await broker.start()
        hub = RealtimeWebSocketHub(broker, queue_capacity=settings.hub_connection_queue)
        alerts = build_alert_monitor(settings, database, hub, clock, metrics)
        claude = build_claude_engine(
            settings, ObservedAudit(DatabaseAudit(database, clock), alerts, ClaudeMetrics(metrics))
        )
        # One matching service (its listing indexes are cached) for the API and the matches pushed.
        matching = PropertyMatchingService()
        pusher = MatchPusher(hub, database, matching)
        analysis = AnalysisService(
            chosen, claude=claude, mode=settings.engine, database=database, publisher=pusher
        )
        # Erasure reaches this process's Claude cache and retained hub events (Redis's when configured).
        erasure = erasure_reach(settings, claude.cache if claude is not None else None, broker)
        performance = PerformanceRecorder(database)
        performance.subscribe(alerts.observe)
        performance.start()
        alerts.start()
        app.state.enterprisehub = AppState(
            settings=settings,
            database=database,
            performance=performance,
            alerts=alerts,
            engine=chosen,
            analysis=analysis,
            hub=hub,
            agent_tokens=AgentTokens(
                signing_secret(settings),
                clock,
                timedelta(seconds=settings.agent_token_ttl_seconds),
            ),
            metrics=metrics,
            clock=clock,
            claude=claude,
            property_matching=matching,
            ghl_inbox=WebhookInbox(settings, database, clock, metrics),
            admission=Admission(
                settings.admission_limit,
                settings.busy_retry_after_ms / 1000,
                latency_budget_s=settings.admission_latency_budget_ms / 1000 or None,
            ),
            batcher=batching if isinstance(batching, MicroBatcher) else None,
            erasure=erasure,
            lookup=LookupHasher.from_settings(settings),
        )
        # The GHL worker runs beside the API unless disabled (`serve --no-worker` + `enterprisehub worker`).
        worker = (
            run_in_background(settings, app.state.enterprisehub.analysis, clock, erasure)
            if settings.worker_enabled
            else None
        )
        # What start-up loaded (models, vocabularies) lives as long as the process: keep it out of the
        # collector's full passes, which otherwise walk all of it in the middle of requests.
        gc.collect()
        gc.freeze()
        try:
            yield
        finally:
            if worker is not None:
                await worker.stop()
            await analysis.drain()
            await pusher.drain()
            await performance.stop()
            await alerts.stop()
            await broker.close()
            await database.dispose()

    app = FastAPI(
        title="EnterpriseHub",
        version=__version__,
        description="Real-time coaching and lead intelligence for real-estate agents working in GoHighLevel.",
        lifespan=lifespan,
    )
    install_error_handlers(app)
    # GHL first: routes are matched in order, and webhook deliveries are the busiest path.
    for router in (
        ghl.router,
        coaching.router,
        semantic.router,
        qualification.router,
        actions.router,
        health.router,
        analytics.router,
        auth.router,
        contacts.router,
        privacy.router,
        realtime.router,
        feedback.router,
        dashboard.router,
        properties.router,
        outcomes.router,
    ):
        app.include_router(router)
    # Innermost first: the JSON guard reads bodies LimitBodySize has bounded; rate limits and headers
    # sit outside everything, so a refused request costs nothing and every answer carries the headers.
    app.add_middleware(
        RequestGuard,
        max_header_bytes=settings.max_header_bytes,
        max_json_depth=settings.max_json_depth,
        exempt_prefixes=ghl.SELF_LIMITED,
    )
    app.add_middleware(RecordMetrics, metrics=metrics)
    app.add_middleware(LimitBodySize, max_bytes=settings.max_body_bytes, exempt_prefixes=ghl.SELF_LIMITED)
    if settings.rate_limit_enabled:
        app.add_middleware(
            RateLimit,
            limiter=build_limiter(settings.redis_url),
            per_key=settings.rate_limit_per_key_per_minute,
            per_token=settings.rate_limit_per_token_per_minute,
            per_address=settings.rate_limit_per_address_per_minute,
            exempt_prefixes=ghl.SELF_LIMITED,
        )
    app.add_middleware(SecurityHeaders)
    app.add_middleware(RequestContext)  # outermost: every log line of a request carries its id
    return app
