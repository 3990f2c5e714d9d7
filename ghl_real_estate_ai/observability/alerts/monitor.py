"""Sliding windows of what this process measured, evaluated against the thresholds on a steady tick.

An alert is raised once when its figure crosses the threshold and resolved once when a later window
shows it recovered (or shows nothing at all to measure any more). A window with some samples but fewer
than `min_samples` changes nothing: a lull in traffic neither raises nor clears an alert."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from ghl_real_estate_ai.clock import Clock
from ghl_real_estate_ai.domain.alerts import Alert, AlertKind, AlertState, AlertThresholds
from ghl_real_estate_ai.domain.performance import Feature, Sample
from ghl_real_estate_ai.observability.alerts.rules import (
    AlertKey,
    Reading,
    location_readings,
    service_readings,
)

logger = logging.getLogger(__name__)
# A window is the last `window` seconds or the last this many answers of a location, whichever is fewer:
# memory and the per-tick sort stay bounded however busy a location is.
MAX_WINDOW_SAMPLES = 10_000


@dataclass(frozen=True)
class ServiceFigures:
    """Read from storage at each tick: location overrides, the latest evaluation, the GHL backlog."""

    overrides: dict[str, AlertThresholds]
    accuracy_pct: float | None
    queue_depth: int | None


class FigureSource(Protocol):
    async def read(self, defaults: AlertThresholds) -> ServiceFigures: ...


class AlertPublisher(Protocol):
    async def publish(self, alert: Alert, agent_ids: Sequence[str]) -> None: ...


@dataclass(frozen=True)
class ClaudeCall:
    at: datetime
    ok: bool


@dataclass(frozen=True)
class WindowPolicy:
    window: timedelta
    min_samples: int
    interval_s: float


class AlertMonitor:
    def __init__(
        self,
        defaults: AlertThresholds,
        policy: WindowPolicy,
        figures: FigureSource,
        publisher: AlertPublisher,
        clock: Clock,
    ) -> None:
        self.defaults = defaults
        self.policy = policy
        self.figures = figures
        self.publisher = publisher
        self.clock = clock
        self._samples: dict[str, deque[Sample]] = {}
        self._claude: dict[str, deque[ClaudeCall]] = {}
        self.firing: dict[AlertKey, Alert] = {}
        self.raised_total: dict[AlertKind, int] = dict.fromkeys(AlertKind, 0)
        self._task: asyncio.Task[None] | None = None

    def firing_for(self, location_id: str | None) -> list[Alert]:
        """The location's firing alerts and the service-wide ones (None: the service-wide ones only)."""
        return [a for a in self.firing.values() if a.location_id in (None, location_id)]

    def observe(self, sample: Sample) -> None:
        """A PerformanceRecorder listener."""
        self._samples.setdefault(sample.location_id, deque(maxlen=MAX_WINDOW_SAMPLES)).append(sample)

    def observe_claude_call(self, location_id: str | None, ok: bool) -> None:
        if location_id is not None:
            window = self._claude.setdefault(location_id, deque(maxlen=MAX_WINDOW_SAMPLES))
            window.append(ClaudeCall(self.clock(), ok))

    def _trim(self, now: datetime) -> None:
        start = now - self.policy.window
        _trim_all(self._samples, start)
        _trim_all(self._claude, start)

    async def evaluate(self) -> list[Alert]:
        """One tick: every reading against its threshold; returns the transitions it published."""
        now = self.clock()
        self._trim(now)
        figures = await self.figures.read(self.defaults)
        readings: list[Reading] = service_readings(figures.accuracy_pct, figures.queue_depth, self.defaults)
        for location_id in set(self._samples) | set(self._claude):
            readings += location_readings(
                location_id,
                list(self._samples.get(location_id, ())),
                [call.ok for call in self._claude.get(location_id, ())],
                figures.overrides.get(location_id, self.defaults),
                self.policy.min_samples,
            )
        changes = self._transitions(readings, now)
        for alert in changes:
            await self._publish(alert)
        return changes

    def _transitions(self, readings: list[Reading], now: datetime) -> list[Alert]:
        changes = []
        measured = {reading.key: reading for reading in readings}
        for key, reading in measured.items():
            if reading.breached and key not in self.firing:
                alert = self._raised(reading, now)
                self.firing[key] = alert
                self.raised_total[alert.kind] += 1
                changes.append(alert)
            elif not reading.breached and key in self.firing:
                changes.append(self._resolved(self.firing.pop(key), reading.value, now))
        for key in [key for key in self.firing if key not in measured and not self._has_data(key)]:
            alert = self.firing.pop(key)
            changes.append(self._resolved(alert, alert.value, now))
        return changes

    def _has_data(self, key: AlertKey) -> bool:
        location_id, kind, feature = key
        if location_id is None:
            return False  # service figures are read every tick: absent means unknown now
        if kind is AlertKind.ERROR_RATE:
            return bool(self._claude.get(location_id))
        return any(s.feature is feature for s in self._samples.get(location_id, ()))

    def _raised(self, reading: Reading, now: datetime) -> Alert:
        location_id, kind, feature = reading.key
        return Alert(
            kind=kind,
            state=AlertState.FIRING,
            location_id=location_id,
            feature=feature,
            value=reading.value,
            threshold=reading.threshold,
            window_seconds=self.policy.window.total_seconds(),
            samples=reading.samples,
            raised_at=now,
            message=_message(kind, feature, reading.value, reading.threshold),
        )

    @staticmethod
    def _resolved(alert: Alert, value: float, now: datetime) -> Alert:
        return alert.model_copy(
            update={
                "state": AlertState.RESOLVED,
                "value": value,
                "resolved_at": now,
                "message": f"recovered: {alert.message}",
            }
        )

    async def _publish(self, alert: Alert) -> None:
        agents: list[str] = []
        if alert.location_id is not None and alert.feature is Feature.COACHING:
            # Slow or failing coaching concerns the agents who were coached in the window.
            window = self._samples.get(alert.location_id, ())
            agents = sorted({s.agent_id for s in window if s.agent_id and s.feature is Feature.COACHING})
        try:
            await self.publisher.publish(alert, agents)
        except Exception:  # an unreachable broker must not stop the evaluation
            logger.exception("publishing an alert failed")
        log = logger.warning if alert.state is AlertState.FIRING else logger.info
        log("alert %s: %s", alert.state.value, alert.message)

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.policy.interval_s)
            try:
                await self.evaluate()
            except Exception:  # the next tick tries again
                logger.exception("evaluating alerts failed")


def _trim_all(windows: dict[str, deque[Sample]] | dict[str, deque[ClaudeCall]], start: datetime) -> None:
    for location_id in list(windows):
        window = windows[location_id]
        while window and _time_of(window[0]) < start:
            window.popleft()
        if not window:
            del windows[location_id]


def _time_of(item: Sample | ClaudeCall) -> datetime:
    return item.recorded_at if isinstance(item, Sample) else item.at


_LABELS = {
    AlertKind.RESPONSE_TIME: ("p95 response time", "ms", "above"),
    AlertKind.SUCCESS_RATE: ("success rate", "%", "below"),
    AlertKind.ACCURACY: ("evaluated accuracy", "%", "below"),
    AlertKind.ERROR_RATE: ("Claude error rate", "%", "above"),
    AlertKind.QUEUE_DEPTH: ("GHL webhook backlog", " events", "above"),
}


def _message(kind: AlertKind, feature: Feature | None, value: float, threshold: float) -> str:
    what, unit, direction = _LABELS[kind]
    subject = f"{feature.value} {what}" if feature is not None else what
    return f"{subject} {value:g}{unit} is {direction} the threshold {threshold:g}{unit}"
