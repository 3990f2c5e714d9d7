"""Where the collectors are fed: the engine (timed), Claude's calls (through the audit sink) and the
scrape-time state (sockets, circuit, alerts, GHL queues)."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from ghl_real_estate_ai.clock import Clock
from ghl_real_estate_ai.domain.alerts import Alert, AlertState
from ghl_real_estate_ai.domain.analysis import MessageAnalysis
from ghl_real_estate_ai.domain.conversation import AnalysisRequest
from ghl_real_estate_ai.domain.ghl import QueueStats
from ghl_real_estate_ai.intelligence.claude import ClaudeCallRecord
from ghl_real_estate_ai.intelligence.claude.resilience import CircuitState
from ghl_real_estate_ai.intelligence.engine import AnalysisEngine
from ghl_real_estate_ai.observability.metrics import Metrics
from ghl_real_estate_ai.realtime.messages import ErrorMessage, EventMessage, ServerMessage


class TimedEngine:
    """The engine, with every analysis observed in `enterprisehub_engine_seconds{engine}`."""

    def __init__(self, inner: AnalysisEngine, metrics: Metrics) -> None:
        self.inner = inner
        self.name = inner.name
        self._histogram = metrics.engine_latency.labels(inner.name)

    async def analyze(self, request: AnalysisRequest) -> MessageAnalysis:
        started = time.perf_counter()
        try:
            return await self.inner.analyze(request)
        finally:
            self._histogram.observe(time.perf_counter() - started)


class ClaudeMetrics:
    """An audit sink: one HTTP attempt at the Messages API, counted with its outcome and tokens."""

    def __init__(self, metrics: Metrics) -> None:
        self.metrics = metrics

    async def record(self, call: ClaudeCallRecord) -> None:
        metrics = self.metrics
        metrics.claude_calls.labels(call.context.interaction_type, call.outcome).inc()
        metrics.claude_latency.labels(call.outcome).observe(call.duration_ms / 1000)
        if call.outcome != "ok":
            metrics.claude_errors.labels(call.outcome).inc()
        for kind, tokens in (
            ("input", call.input_tokens),
            ("output", call.output_tokens),
            ("cache_creation", call.cache_creation_input_tokens),
            ("cache_read", call.cache_read_input_tokens),
        ):
            if tokens:
                metrics.claude_tokens.labels(kind).inc(tokens)


def set_scrape_state(
    metrics: Metrics,
    *,
    connections: int,
    circuit: CircuitState | None,
    firing: list[Alert],
    queues: QueueStats | None,
    now: datetime,
) -> None:
    metrics.ws_connections.set(connections)
    for state in CircuitState:
        # No Claude configured: no circuit, and no series claiming one.
        if circuit is not None:
            metrics.claude_circuit.labels(state.value).set(1 if state is circuit else 0)
    metrics.alerts_firing.clear()
    for alert in firing:
        if alert.state is AlertState.FIRING:
            feature = alert.feature.value if alert.feature is not None else ""
            metrics.alerts_firing.labels(alert.kind.value, alert.location_id or "service", feature).inc()
    if queues is not None:
        metrics.inbox_depth.set(queues.inbox_depth)
        oldest = queues.inbox_oldest
        if oldest is not None and oldest.tzinfo is None:
            oldest = oldest.replace(tzinfo=UTC)  # SQLite hands datetimes back naive (stored as UTC)
        metrics.inbox_oldest_age.set(max(0.0, (now - oldest).total_seconds()) if oldest else 0.0)
        metrics.outbox_retries.set(queues.outbox_retrying)
        metrics.outbox_dead.set(queues.outbox_dead)


def observe_delivery(metrics: Metrics, message: ServerMessage, now: datetime) -> None:
    """An event sent: publication-to-socket latency by kind. A drop notice: the events shed."""
    if isinstance(message, EventMessage):
        kind = message.topic.rsplit(".", 1)[-1]
        metrics.ws_delivery.labels(kind).observe(max(0.0, (now - message.ts).total_seconds()))
    elif isinstance(message, ErrorMessage) and message.code == "events_dropped" and message.dropped:
        metrics.shed.labels("hub_event_dropped").inc(sum(len(ids) for ids in message.dropped.values()))


class SocketMetrics:
    """A SocketObserver: delivery latency per event kind, and the work shed on slow clients."""

    def __init__(self, metrics: Metrics, clock: Clock) -> None:
        self.metrics = metrics
        self.clock = clock

    def sent(self, message: ServerMessage) -> None:
        observe_delivery(self.metrics, message, self.clock())

    def closed_slow(self) -> None:
        self.metrics.shed.labels("hub_slow_client_closed").inc()
