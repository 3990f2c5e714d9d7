"""What a window of measurements says against the thresholds: pure, no clock, no I/O."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ghl_real_estate_ai.domain.alerts import AlertKind, AlertThresholds
from ghl_real_estate_ai.domain.performance import Feature, Outcome, Sample
from ghl_real_estate_ai.observability.percentile import percentile

AlertKey = tuple[str | None, AlertKind, Feature | None]


@dataclass(frozen=True)
class Reading:
    """One figure measured over a window, and whether it is past its threshold."""

    key: AlertKey
    value: float
    threshold: float
    samples: int
    breached: bool

    @property
    def location_id(self) -> str | None:
        return self.key[0]


def location_readings(
    location_id: str,
    samples: Sequence[Sample],
    claude_calls: Sequence[bool],
    thresholds: AlertThresholds,
    min_samples: int,
) -> list[Reading]:
    """Response time (p95) and success rate per feature; Claude's error rate. Too few samples: no reading
    (one slow answer in a quiet minute is not an incident)."""
    readings = []
    for feature in Feature:
        mine = [s for s in samples if s.feature is feature]
        times = [s.processing_time_ms for s in mine if s.outcome is Outcome.SUCCESS]
        if len(times) >= min_samples:
            p95 = percentile(times, 95) or 0.0
            readings.append(
                Reading(
                    (location_id, AlertKind.RESPONSE_TIME, feature),
                    p95,
                    thresholds.response_time_ms,
                    len(times),
                    p95 > thresholds.response_time_ms,
                )
            )
        answered = [s for s in mine if s.outcome is not Outcome.REJECTED]
        if len(answered) >= min_samples:
            rate = 100 * sum(s.outcome is Outcome.SUCCESS for s in answered) / len(answered)
            readings.append(
                Reading(
                    (location_id, AlertKind.SUCCESS_RATE, feature),
                    round(rate, 2),
                    thresholds.success_rate_pct,
                    len(answered),
                    rate < thresholds.success_rate_pct,
                )
            )
    if len(claude_calls) >= min_samples:
        rate = 100 * sum(not ok for ok in claude_calls) / len(claude_calls)
        readings.append(
            Reading(
                (location_id, AlertKind.ERROR_RATE, None),
                round(rate, 2),
                thresholds.error_rate_pct,
                len(claude_calls),
                rate > thresholds.error_rate_pct,
            )
        )
    return readings


def service_readings(
    accuracy_pct: float | None, queue_depth: int | None, thresholds: AlertThresholds
) -> list[Reading]:
    """What belongs to the whole service: the engine's latest evaluated accuracy, the GHL inbox backlog."""
    readings = []
    if accuracy_pct is not None:
        readings.append(
            Reading(
                (None, AlertKind.ACCURACY, None),
                accuracy_pct,
                thresholds.accuracy_pct,
                1,
                accuracy_pct < thresholds.accuracy_pct,
            )
        )
    if queue_depth is not None:
        readings.append(
            Reading(
                (None, AlertKind.QUEUE_DEPTH, None),
                float(queue_depth),
                float(thresholds.queue_depth),
                1,
                queue_depth > thresholds.queue_depth,
            )
        )
    return readings
