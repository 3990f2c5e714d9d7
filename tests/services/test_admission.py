"""Admission control: a bounded number of answers at once, the bound adapting to a latency budget."""

from __future__ import annotations

import pytest

from ghl_real_estate_ai.domain.errors import Busy
from ghl_real_estate_ai.services.admission import Admission


class SteppedClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def answer(admission: Admission, clock: SteppedClock, seconds: float) -> None:
    with admission.slot():
        clock.now += seconds


class TestFixedLimit:
    def test_beyond_the_limit_callers_are_told_to_retry_and_counted(self) -> None:
        admission = Admission(2, retry_after_s=0.5)
        with admission.slot(), admission.slot():
            with pytest.raises(Busy) as refused, admission.slot():
                pass
            assert refused.value.retry_after_s == 0.5
        assert (admission.admitted, admission.shed, admission.in_flight) == (2, 1, 0)

    def test_without_a_budget_slow_answers_do_not_change_the_limit(self) -> None:
        clock = SteppedClock()
        admission = Admission(8, retry_after_s=1, clock=clock)
        for _ in range(20):
            answer(admission, clock, 5.0)
        assert admission.current_limit == 8


class TestLatencyBudget:
    def test_a_limit_below_the_floor_is_kept_as_configured(self) -> None:
        clock = SteppedClock()
        admission = Admission(1, retry_after_s=1, latency_budget_s=0.1, clock=clock)
        answer(admission, clock, 5.0)
        assert admission.current_limit == 1

    def test_it_starts_small_and_grows_while_answers_are_fast(self) -> None:
        clock = SteppedClock()
        admission = Admission(64, retry_after_s=1, latency_budget_s=0.1, clock=clock)
        assert admission.current_limit == 8
        for _ in range(100):
            answer(admission, clock, 0.01)
        assert admission.current_limit == 64

    def test_answers_slower_than_the_budget_shrink_the_limit_at_most_once_per_budget(self) -> None:
        clock = SteppedClock()
        admission = Admission(64, retry_after_s=1, latency_budget_s=0.1, clock=clock)
        for _ in range(100):
            answer(admission, clock, 0.01)
        answer(admission, clock, 0.12)  # a little over: by a quarter
        assert admission.current_limit == 48
        with admission.slot(), admission.slot():  # two slow answers ending at the same moment
            clock.now += 0.12
        assert admission.current_limit == 36  # the first shrinks it, the second is within the budget
        clock.now += 1
        answer(admission, clock, 0.4)  # four times over: to a quarter
        assert admission.current_limit == 9
        for _ in range(30):
            answer(admission, clock, 0.3)
        assert admission.current_limit == 8  # never below the floor: a few callers are always admitted

    def test_fast_answers_grow_it_back_to_the_configured_limit_and_no_further(self) -> None:
        clock = SteppedClock()
        admission = Admission(16, retry_after_s=1, latency_budget_s=0.1, clock=clock)
        for _ in range(20):
            answer(admission, clock, 0.5)
        assert admission.current_limit == 8
        for _ in range(40):
            answer(admission, clock, 0.01)
        assert admission.current_limit == 16

    def test_answers_near_the_budget_leave_the_limit_as_it_is(self) -> None:
        clock = SteppedClock()
        admission = Admission(16, retry_after_s=1, latency_budget_s=0.1, clock=clock)
        for _ in range(20):
            answer(admission, clock, 0.01)
        answer(admission, clock, 0.12)
        for _ in range(10):
            answer(admission, clock, 0.08)
        assert admission.current_limit == 12
