"""The alert arithmetic, without a clock or a server."""

from __future__ import annotations

from datetime import UTC, datetime

from ghl_real_estate_ai.domain.alerts import AlertKind, AlertThresholds
from ghl_real_estate_ai.domain.performance import Feature, Outcome, Sample
from ghl_real_estate_ai.observability.alerts.rules import location_readings, service_readings

NOW = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)


def sample(ms: float, outcome: Outcome = Outcome.SUCCESS, feature: Feature = Feature.COACHING) -> Sample:
    return Sample("loc_1", feature, outcome, ms, NOW)


def by_kind(readings: list, kind: AlertKind) -> list:  # type: ignore[type-arg]
    return [r for r in readings if r.key[1] is kind]


class TestLocationReadings:
    def test_p95_above_the_threshold_is_a_breach(self) -> None:
        readings = location_readings("loc_1", [sample(50)] * 18 + [sample(300)] * 2, [], AlertThresholds(), 5)
        [reading] = by_kind(readings, AlertKind.RESPONSE_TIME)
        assert reading.value == 300 and reading.breached

    def test_fewer_samples_than_the_minimum_give_no_reading(self) -> None:
        assert location_readings("loc_1", [sample(900)] * 4, [], AlertThresholds(), 5) == []

    def test_refused_requests_do_not_lower_the_success_rate(self) -> None:
        window = [sample(10)] * 5 + [sample(10, Outcome.REJECTED)] * 5
        [rate] = by_kind(location_readings("loc_1", window, [], AlertThresholds(), 5), AlertKind.SUCCESS_RATE)
        assert rate.value == 100.0 and not rate.breached

    def test_one_failure_in_ten_is_below_ninety_five_percent(self) -> None:
        window = [sample(10)] * 9 + [sample(10, Outcome.FAILURE)]
        [rate] = by_kind(location_readings("loc_1", window, [], AlertThresholds(), 5), AlertKind.SUCCESS_RATE)
        assert rate.value == 90.0 and rate.breached

    def test_claude_error_rate_counts_failed_calls(self) -> None:
        [rate] = location_readings("loc_1", [], [True] * 9 + [False], AlertThresholds(), 5)
        assert rate.key[1] is AlertKind.ERROR_RATE and rate.value == 10.0 and rate.breached


class TestServiceReadings:
    def test_accuracy_and_backlog_are_read_when_known(self) -> None:
        readings = service_readings(96.5, 101, AlertThresholds())
        assert [(r.key[1], r.breached) for r in readings] == [
            (AlertKind.ACCURACY, True),
            (AlertKind.QUEUE_DEPTH, True),
        ]
        assert service_readings(None, None, AlertThresholds()) == []
