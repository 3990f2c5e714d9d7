"""GET /analytics/performance: the spec's `performance_metrics` for one location and one window."""

from __future__ import annotations

from datetime import datetime, timedelta

from ghl_real_estate_ai.domain.performance import PerformanceReport, QualityMetrics, Window
from ghl_real_estate_ai.observability.performance.report import (
    feature_percentiles,
    response_times,
    sample_counts,
    success_rates,
)
from ghl_real_estate_ai.services.scope import TenantScope
from ghl_real_estate_ai.storage.performance_tables import EvaluationRunRepository, PerformanceRepository
from ghl_real_estate_ai.storage.quality_repository import QualitySignalsRepository


def iso_duration(window: timedelta) -> str:
    """PT1H, P1DT2H30M: the window as ISO-8601, whatever form the caller wrote it in."""
    days, rest = divmod(int(window.total_seconds()), 86_400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    clock = "".join(f"{n}{unit}" for n, unit in ((hours, "H"), (minutes, "M"), (seconds, "S")) if n)
    return "P" + (f"{days}D" if days else "") + (f"T{clock}" if clock else "")


class PerformanceAnalytics:
    """Reads what is stored; the caller flushes the recorder first (before it holds a connection:
    SQLite has only one, and the recorder's batch needs it)."""

    async def report(self, scope: TenantScope, window: timedelta, now: datetime) -> PerformanceReport:
        start = now - window
        samples = await PerformanceRepository(scope.session).window(scope.location_id, start, now)
        return PerformanceReport(
            location_id=scope.location_id,
            window=Window(duration=iso_duration(window), start=start, end=now),
            response_times=response_times(samples),
            success_rates=success_rates(samples),
            quality_metrics=await self._quality(scope, start, now),
            sample_counts=sample_counts(samples),
            percentiles=feature_percentiles(samples),
        )

    async def _quality(self, scope: TenantScope, start: datetime, end: datetime) -> QualityMetrics:
        signals = QualitySignalsRepository(scope.session, scope.location_id)
        completeness = await signals.mean_flow_completeness(start, end)
        planned, completed = await signals.actions_planned_and_completed(start, end)
        used, given = await signals.feedback_used_and_given(start, end)
        # The engine is the same for every tenant: its latest evaluation stands for all of them.
        run = await EvaluationRunRepository(scope.session).latest(before=end)
        accuracy = run.intent_accuracy if run is not None else None
        return QualityMetrics(
            lead_scoring_accuracy=round(accuracy * 100, 2) if accuracy is not None else None,
            coaching_satisfaction=round(100 * used / given, 2) if given else None,
            qualification_completeness=round(completeness, 2) if completeness is not None else None,
            action_plan_execution_rate=round(100 * completed / planned, 2) if planned else None,
            evaluation_dataset=run.dataset if run is not None else None,
            evaluation_recorded_at=run.recorded_at if run is not None else None,
        )
