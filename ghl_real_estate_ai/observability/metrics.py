from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram

LATENCY_BUCKETS = (0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.5)


class Metrics:
    """Prometheus collectors on a registry of their own, so that apps in one process don't clash."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "enterprisehub_http_requests_total", "HTTP requests", ["route", "status"], registry=self.registry
        )
        self.latency = Histogram(
            "enterprisehub_http_request_seconds",
            "HTTP request latency",
            ["route"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        # Webhook bodies refused before anything was stored (unsigned, bad secret, too big): counted only.
        self.webhooks_refused = Counter(
            "enterprisehub_webhooks_refused_total",
            "GHL webhook deliveries refused and not kept",
            ["source", "reason"],
            registry=self.registry,
        )
