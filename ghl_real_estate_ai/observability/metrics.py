"""Prometheus collectors. Counters and histograms are updated where the work happens; gauges that
describe state (sockets, circuit, alerts, GHL queues) are read when /metrics is scraped."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

LATENCY_BUCKETS = (0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.5)
DELIVERY_BUCKETS = (0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0)
CLAUDE_BUCKETS = (0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 30.0)


class Metrics:
    """Prometheus collectors on a registry of their own, so that apps in one process don't clash."""

    def __init__(self) -> None:
        self.registry = registry = CollectorRegistry()
        self.requests = Counter(
            "enterprisehub_http_requests_total", "HTTP requests", ["route", "status"], registry=registry
        )
        self.latency = Histogram(
            "enterprisehub_http_request_seconds",
            "HTTP request latency",
            ["route", "status"],
            buckets=LATENCY_BUCKETS,
            registry=registry,
        )
        self.ws_connections = Gauge(
            "enterprisehub_ws_connections", "Open coaching WebSocket connections", registry=registry
        )
        self.ws_delivery = Histogram(
            "enterprisehub_ws_delivery_seconds",
            "From an event's publication to its send on the socket",
            ["kind"],
            buckets=DELIVERY_BUCKETS,
            registry=registry,
        )
        self.engine_latency = Histogram(
            "enterprisehub_engine_seconds",
            "One analysis by the engine",
            ["engine"],
            buckets=LATENCY_BUCKETS,
            registry=registry,
        )
        self.claude_calls = Counter(
            "enterprisehub_claude_calls_total",
            "HTTP attempts at the Claude Messages API",
            ["interaction", "outcome"],
            registry=registry,
        )
        self.claude_errors = Counter(
            "enterprisehub_claude_errors_total",
            "Claude attempts that gave no usable answer",
            ["outcome"],
            registry=registry,
        )
        self.claude_tokens = Counter(
            "enterprisehub_claude_tokens_total",
            "Tokens billed by Claude",
            ["kind"],  # input | output | cache_creation | cache_read
            registry=registry,
        )
        self.claude_latency = Histogram(
            "enterprisehub_claude_call_seconds",
            "One HTTP attempt at the Messages API",
            ["outcome"],
            buckets=CLAUDE_BUCKETS,
            registry=registry,
        )
        self.claude_circuit = Gauge(
            "enterprisehub_claude_circuit_state",
            "1 for the circuit breaker's current state",
            ["state"],
            registry=registry,
        )
        self.inbox_depth = Gauge(
            "enterprisehub_ghl_inbox_depth", "GHL webhook events waiting", registry=registry
        )
        self.inbox_oldest_age = Gauge(
            "enterprisehub_ghl_inbox_oldest_age_seconds",
            "Age of the oldest waiting GHL webhook event (0 when none)",
            registry=registry,
        )
        self.outbox_retries = Gauge(
            "enterprisehub_ghl_outbox_retrying",
            "GHL writes waiting for another attempt after a failed one",
            registry=registry,
        )
        self.outbox_dead = Gauge(
            "enterprisehub_ghl_outbox_dead_letters", "GHL writes given up on", registry=registry
        )
        self.shed = Counter(
            "enterprisehub_shed_total",
            "Work let go under load",
            ["kind"],  # admission_busy | hub_event_dropped | hub_slow_client_closed
            registry=registry,
        )
        self.admission_in_flight = Gauge(
            "enterprisehub_admission_in_flight", "Answers being made now (load shedding)", registry=registry
        )
        self.admission_admitted = Counter(
            "enterprisehub_admission_admitted_total", "Answers admitted (load shedding)", registry=registry
        )
        self.admission_queued = Gauge(
            "enterprisehub_admission_queued",
            "Admitted work waiting inside: for the engine's next batch or the next group commit",
            registry=registry,
        )
        self._admission_shed_seen = 0
        self._admission_admitted_seen = 0
        self.alerts_firing = Gauge(
            "enterprisehub_alerts_firing",
            "Alerts firing now",
            ["kind", "location", "feature"],
            registry=registry,
        )
        self.alerts_raised = Counter(
            "enterprisehub_alerts_raised_total", "Alerts raised", ["kind"], registry=registry
        )

        # Webhook bodies refused before anything was stored (unsigned, bad secret, too big): counted only.
        self.webhooks_refused = Counter(
            "enterprisehub_webhooks_refused_total",
            "GHL webhook deliveries refused and not kept",
            ["source", "reason"],
            registry=registry,
        )

    def admission(self, in_flight: int, admitted_total: int, shed_total: int, *, queued: int) -> None:
        """The admission control's own counts, carried over at scrape time."""
        self.admission_in_flight.set(in_flight)
        self.admission_queued.set(queued)
        if admitted_total > self._admission_admitted_seen:
            self.admission_admitted.inc(admitted_total - self._admission_admitted_seen)
            self._admission_admitted_seen = admitted_total
        if shed_total > self._admission_shed_seen:
            self.shed.labels("admission_busy").inc(shed_total - self._admission_shed_seen)
            self._admission_shed_seen = shed_total
