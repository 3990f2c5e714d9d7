"""Load shedding: each process makes at most `limit` answers at once; the next caller is told to retry.

Beyond capacity a queue only grows: every waiting answer gets later and heartbeats starve. Shedding at
the door keeps admitted work fast and tells the rest, at once, when to come back.

How many answers fit at once depends on the machine and on what else runs on it, so with a latency
budget the limit adapts (additive increase, multiplicative decrease) between a floor of 8 and `limit`.
It starts at the floor (a cold process and a burst of sockets must not admit more than it can answer in
time); an answer slower than the budget shrinks it by at least a quarter, in proportion to how far over
it was (budget / latency), at most once per budget so that one slow batch does not empty it; an answer
back in under half the budget grows it by one. The floor keeps a slow or busy machine (or answers that
wait for Claude) from refusing a handful of concurrent callers: up to 8 at once are always admitted.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from ghl_real_estate_ai.domain.errors import Busy

DECREASE_FACTOR = 0.75
FLOOR_LIMIT = 8


class Admission:
    def __init__(
        self,
        limit: int,
        retry_after_s: float,
        *,
        latency_budget_s: float | None = None,
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        if limit < 1:
            raise ValueError("an admission limit admits at least one answer")
        self.limit = limit
        self.retry_after_s = retry_after_s
        self.latency_budget_s = latency_budget_s
        self.clock = clock
        self.floor_limit = min(limit, FLOOR_LIMIT)
        self.current_limit = limit if latency_budget_s is None else self.floor_limit
        self.in_flight = 0
        self.admitted = 0
        self.shed = 0
        self._last_decrease = float("-inf")

    @contextmanager
    def slot(self) -> Iterator[None]:
        """Hold one of the process's answer slots, or raise Busy (503 / `busy`) when all are taken."""
        if self.in_flight >= self.current_limit:
            self.shed += 1
            raise Busy(
                f"At capacity ({self.current_limit} answers in progress): retry in {self.retry_after_s:g} s.",
                retry_after_s=self.retry_after_s,
            )
        self.in_flight += 1
        self.admitted += 1
        started = self.clock()
        try:
            yield
        finally:
            self.in_flight -= 1
            self._observe(self.clock() - started)

    def _observe(self, latency_s: float) -> None:
        budget = self.latency_budget_s
        if budget is None:
            return
        now = self.clock()
        if latency_s > budget and now - self._last_decrease >= budget:
            factor = min(DECREASE_FACTOR, budget / latency_s)
            self.current_limit = max(self.floor_limit, int(self.current_limit * factor))
            self._last_decrease = now
        elif latency_s < budget / 2 and self.current_limit < self.limit:
            self.current_limit += 1
