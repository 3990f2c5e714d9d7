from __future__ import annotations

import pytest

from ghl_real_estate_ai.evaluation.metrics import SlotScore, accuracy, macro_f1, normalise_text
from ghl_real_estate_ai.observability.percentile import percentile


class TestClassMetrics:
    def test_accuracy_counts_exact_matches(self) -> None:
        assert accuracy([("a", "a"), ("a", "b"), ("b", "b"), ("c", "a")]) == 0.5

    def test_macro_f1_averages_per_class_f1(self) -> None:
        # class a: tp1 fp1 fn1 -> f1 .5; class b: tp1 -> 1.0; class c: fn1 -> 0
        assert macro_f1([("a", "a"), ("a", "b"), ("b", "b"), ("c", "a")]) == pytest.approx(
            (0.5 + 2 / 3 + 0) / 3
        )

    def test_no_examples_means_no_metric(self) -> None:
        assert accuracy([]) is None and macro_f1([]) is None and percentile([], 99) is None


class TestSlotScore:
    def test_budgets_match_within_two_percent(self) -> None:
        score = SlotScore()
        score.add({"budget_max": 450_000}, {"budget_max": 458_000})
        score.add({"budget_max": 450_000}, {"budget_max": 470_000})
        assert (score.counts.tp, score.counts.fp, score.counts.fn) == (1, 1, 1)

    def test_list_slots_count_each_item_and_ignore_case_and_punctuation(self) -> None:
        score = SlotScore()
        score.add({"locations": ["Round Rock", "St. Louis"]}, {"locations": ["round rock", "Austin"]})
        assert (score.counts.tp, score.counts.fp, score.counts.fn) == (1, 1, 1)
        assert normalise_text("St. Louis") == "st louis"

    def test_a_slot_only_one_side_has_is_a_miss_or_a_false_alarm(self) -> None:
        score = SlotScore()
        score.add({"bedrooms": 3}, {"bathrooms": 2})
        assert (score.counts.tp, score.counts.fp, score.counts.fn) == (0, 1, 1)
        assert score.counts.f1 == 0.0

    def test_deal_breakers_match_loosely(self) -> None:
        score = SlotScore()
        score.add({"deal_breakers": ["no HOA"]}, {"deal_breakers": ["No HOA!"]})
        assert score.counts.tp == 1


def test_percentile_is_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == 50.0 and percentile(values, 99) == 99.0
