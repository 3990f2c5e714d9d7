"""Raise once, resolve once: the monitor's transitions over a pinned clock."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from ghl_real_estate_ai.domain.alerts import Alert, AlertState, AlertThresholds
from ghl_real_estate_ai.domain.performance import Feature, Outcome, Sample
from ghl_real_estate_ai.observability.alerts.monitor import AlertMonitor, ServiceFigures, WindowPolicy


class Figures:
    async def read(self, defaults: AlertThresholds) -> ServiceFigures:
        return ServiceFigures(overrides={}, accuracy_pct=None, queue_depth=None)


class Published:
    def __init__(self) -> None:
        self.alerts: list[tuple[Alert, list[str]]] = []

    async def publish(self, alert: Alert, agent_ids: Sequence[str]) -> None:
        self.alerts.append((alert, list(agent_ids)))


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def monitor() -> tuple[AlertMonitor, Published, Clock]:
    published, clock = Published(), Clock()
    policy = WindowPolicy(window=timedelta(seconds=10), min_samples=3, interval_s=1)
    return AlertMonitor(AlertThresholds(), policy, Figures(), published, clock), published, clock


def answer(clock: Clock, ms: float) -> Sample:
    return Sample("loc_1", Feature.COACHING, Outcome.SUCCESS, ms, clock(), agent_id="agent_1")


class TestAlertMonitor:
    async def test_a_slow_window_raises_once_however_many_ticks_see_it(self) -> None:
        alerts, published, clock = monitor()
        for _ in range(3):
            alerts.observe(answer(clock, 450))
        for _ in range(5):
            await alerts.evaluate()
            alerts.observe(answer(clock, 450))
        assert [(a.state, a.kind.value) for a, _ in published.alerts] == [
            (AlertState.FIRING, "response_time")
        ]
        assert published.alerts[0][1] == ["agent_1"]

    async def test_recovery_resolves_once_and_a_lull_changes_nothing(self) -> None:
        alerts, published, clock = monitor()
        for _ in range(3):
            alerts.observe(answer(clock, 450))
        await alerts.evaluate()
        clock.now += timedelta(seconds=11)  # the slow answers leave the window...
        alerts.observe(answer(clock, 20))  # ...one fast answer is too few to judge
        await alerts.evaluate()
        assert len(alerts.firing) == 1
        for _ in range(3):
            alerts.observe(answer(clock, 20))
        await alerts.evaluate()
        await alerts.evaluate()
        assert [a.state for a, _ in published.alerts] == [AlertState.FIRING, AlertState.RESOLVED]

    async def test_an_alert_whose_traffic_stopped_is_resolved(self) -> None:
        alerts, published, clock = monitor()
        for _ in range(3):
            alerts.observe(answer(clock, 450))
        await alerts.evaluate()
        clock.now += timedelta(seconds=11)
        await alerts.evaluate()
        assert [a.state for a, _ in published.alerts] == [AlertState.FIRING, AlertState.RESOLVED]
        assert alerts.firing == {}
