"""The spec's `performance_metrics` as arithmetic over recorded samples: no sample, no number (null)."""

from __future__ import annotations

from collections.abc import Sequence
from statistics import fmean

from ghl_real_estate_ai.domain.performance import (
    Feature,
    FeaturePercentiles,
    FeatureSamples,
    Outcome,
    ResponseTimes,
    Sample,
    SuccessRates,
)
from ghl_real_estate_ai.observability.percentile import percentile


def _times(samples: Sequence[Sample], feature: Feature | None = None) -> list[float]:
    """Latencies of the answers callers got (successes); a failure's time says little about speed."""
    return [
        s.processing_time_ms
        for s in samples
        if s.outcome is Outcome.SUCCESS and (feature is None or s.feature is feature)
    ]


def _mean(values: Sequence[float]) -> float | None:
    return round(fmean(values), 3) if values else None


def _success_rate(samples: Sequence[Sample]) -> float | None:
    answered = [s for s in samples if s.outcome is not Outcome.REJECTED]
    if not answered:
        return None
    succeeded = sum(1 for s in answered if s.outcome is Outcome.SUCCESS)
    return round(100 * succeeded / len(answered), 2)


def response_times(samples: Sequence[Sample]) -> ResponseTimes:
    return ResponseTimes(
        coaching_avg_ms=_mean(_times(samples, Feature.COACHING)),
        semantic_analysis_avg_ms=_mean(_times(samples, Feature.SEMANTIC_ANALYSIS)),
        qualification_avg_ms=_mean(_times(samples, Feature.QUALIFICATION)),
        action_planning_avg_ms=_mean(_times(samples, Feature.ACTION_PLANNING)),
        p95_response_time_ms=percentile(_times(samples), 95),
    )


def success_rates(samples: Sequence[Sample]) -> SuccessRates:
    def of(feature: Feature) -> float | None:
        return _success_rate([s for s in samples if s.feature is feature])

    return SuccessRates(
        coaching_success_rate=of(Feature.COACHING),
        semantic_analysis_success_rate=of(Feature.SEMANTIC_ANALYSIS),
        qualification_success_rate=of(Feature.QUALIFICATION),
        action_planning_success_rate=of(Feature.ACTION_PLANNING),
        overall_success_rate=_success_rate(samples),
    )


def sample_counts(samples: Sequence[Sample]) -> dict[Feature, FeatureSamples]:
    counts = {feature: {outcome: 0 for outcome in Outcome} for feature in Feature}
    for sample in samples:
        counts[sample.feature][sample.outcome] += 1
    return {
        feature: FeatureSamples(
            success=by[Outcome.SUCCESS], failure=by[Outcome.FAILURE], rejected=by[Outcome.REJECTED]
        )
        for feature, by in counts.items()
    }


def feature_percentiles(samples: Sequence[Sample]) -> dict[Feature, FeaturePercentiles]:
    result = {}
    for feature in Feature:
        times = _times(samples, feature)
        result[feature] = FeaturePercentiles(
            p50_ms=percentile(times, 50),
            p95_ms=percentile(times, 95),
            p99_ms=percentile(times, 99),
            max_ms=max(times) if times else None,
        )
    return result
