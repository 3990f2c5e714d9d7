"""What the alert monitor reads from storage and where it tells people: the hub's topics."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from ghl_real_estate_ai.clock import Clock
from ghl_real_estate_ai.domain.alerts import Alert, AlertState, AlertThresholds, AlertThresholdsUpdate
from ghl_real_estate_ai.intelligence.claude import ClaudeCallRecord
from ghl_real_estate_ai.intelligence.claude.engine import AuditSink
from ghl_real_estate_ai.observability.alerts.monitor import (
    AlertMonitor,
    AlertPublisher,
    ServiceFigures,
    WindowPolicy,
)
from ghl_real_estate_ai.observability.metrics import Metrics
from ghl_real_estate_ai.realtime.events import ServiceAlert
from ghl_real_estate_ai.services.realtime_websocket_hub import RealtimeWebSocketHub
from ghl_real_estate_ai.settings import Settings
from ghl_real_estate_ai.storage.alert_tables import AlertThresholdRecord, AlertThresholdRepository
from ghl_real_estate_ai.storage.database import Database
from ghl_real_estate_ai.storage.ghl_repository import InboxRepository
from ghl_real_estate_ai.storage.performance_tables import EvaluationRunRepository

OPERATIONS_TOPIC = "operations.alerts"
# Service-wide alerts (accuracy, GHL backlog) have no tenant: they go to this channel prefix.
SERVICE_SCOPE = "service"


def overrides_of(record: AlertThresholdRecord) -> AlertThresholdsUpdate:
    return AlertThresholdsUpdate(
        response_time_ms=record.response_time_ms,
        success_rate_pct=record.success_rate_pct,
        accuracy_pct=record.accuracy_pct,
        error_rate_pct=record.error_rate_pct,
        queue_depth=record.queue_depth,
    )


class StoredFigures:
    """One short read per tick: every location's overrides, the latest evaluation, the inbox backlog."""

    def __init__(self, database: Database) -> None:
        self.database = database

    async def read(self, defaults: AlertThresholds) -> ServiceFigures:
        async with self.database.session() as session:
            records = await AlertThresholdRepository(session).all()
            run = await EvaluationRunRepository(session).latest()
            backlog = await InboxRepository(session).backlog()
        accuracy = run.intent_accuracy if run is not None else None
        return ServiceFigures(
            overrides={r.location_id: overrides_of(r).over(defaults) for r in records},
            accuracy_pct=round(accuracy * 100, 2) if accuracy is not None else None,
            queue_depth=backlog,
        )


class HubAlerts:
    """Every transition on the location's `operations.alerts` topic; coaching ones also on the agents'
    own `coaching.{agent_id}.alerts` topics."""

    def __init__(self, hub: RealtimeWebSocketHub) -> None:
        self.hub = hub

    async def publish(self, alert: Alert, agent_ids: Sequence[str]) -> None:
        data = alert.model_dump(mode="json")
        scope = alert.location_id or SERVICE_SCOPE
        await self.hub.publish_topic(scope, OPERATIONS_TOPIC, {"type": "operations_alert", **data})
        if alert.location_id is None:
            return
        notice = ServiceAlert(kind=alert.kind.value, state=alert.state.value, message=alert.message)
        for agent_id in agent_ids:
            await self.hub.publish_payload(alert.location_id, agent_id, "alerts", notice)


class CountingPublisher:
    """Counts raised alerts (enterprisehub_alerts_raised_total) on their way to the publisher."""

    def __init__(self, inner: AlertPublisher, metrics: Metrics) -> None:
        self.inner = inner
        self.metrics = metrics

    async def publish(self, alert: Alert, agent_ids: Sequence[str]) -> None:
        if alert.state is AlertState.FIRING:
            self.metrics.alerts_raised.labels(alert.kind.value).inc()
        await self.inner.publish(alert, agent_ids)


class ObservedAudit:
    """The Claude engine's audit sink, also telling the monitor (error rate) and the metrics what happened."""

    def __init__(self, inner: AuditSink, monitor: AlertMonitor, *also: AuditSink) -> None:
        self.inner = inner
        self.monitor = monitor
        self.also = also

    async def record(self, call: ClaudeCallRecord) -> None:
        self.monitor.observe_claude_call(call.context.location_id, call.outcome == "ok")
        for sink in self.also:
            await sink.record(call)
        await self.inner.record(call)


def default_thresholds(settings: Settings) -> AlertThresholds:
    return AlertThresholds(
        response_time_ms=settings.alert_response_time_ms,
        success_rate_pct=settings.alert_success_rate_pct,
        accuracy_pct=settings.alert_accuracy_pct,
        error_rate_pct=settings.alert_error_rate_pct,
        queue_depth=settings.alert_queue_depth,
    )


def build_alert_monitor(
    settings: Settings, database: Database, hub: RealtimeWebSocketHub, clock: Clock, metrics: Metrics
) -> AlertMonitor:
    return AlertMonitor(
        default_thresholds(settings),
        WindowPolicy(
            window=timedelta(seconds=settings.alert_window_seconds),
            min_samples=settings.alert_min_samples,
            interval_s=settings.alert_interval_seconds,
        ),
        StoredFigures(database),
        CountingPublisher(HubAlerts(hub), metrics),
        clock,
    )
