"""Circuit breaker and rolling statistics: how the Claude engine stays out of the agent's way."""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from ghl_real_estate_ai.observability.percentile import percentile

logger = logging.getLogger("ghl_real_estate_ai.claude")

Monotonic = Callable[[], float]


class CircuitState(StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


class CircuitBreaker:
    """Opens after `threshold` consecutive failures; after `cool_down_s` lets one probe through.

    State changes are logged once each, so an outage produces one warning, not one per request.
    """

    def __init__(self, threshold: int, cool_down_s: float, monotonic: Monotonic = time.monotonic) -> None:
        self.threshold = threshold
        self.cool_down_s = cool_down_s
        self._monotonic = monotonic
        self._state = CircuitState.CLOSED
        self._failures = 0
        self._opened_at = 0.0
        self._probing = False

    @property
    def state(self) -> CircuitState:
        if self._state is CircuitState.OPEN and self._monotonic() - self._opened_at >= self.cool_down_s:
            self._change(CircuitState.HALF_OPEN)
        return self._state

    def allow(self) -> bool:
        """Whether a call may go out now: always when closed, one probe at a time when half-open."""
        state = self.state
        if state is CircuitState.CLOSED:
            return True
        if state is CircuitState.HALF_OPEN and not self._probing:
            self._probing = True
            return True
        return False

    def success(self) -> None:
        self._failures = 0
        self._probing = False
        if self._state is not CircuitState.CLOSED:
            self._change(CircuitState.CLOSED)

    def failure(self) -> None:
        self._failures += 1
        self._probing = False
        if self._state is CircuitState.HALF_OPEN or (
            self._state is CircuitState.CLOSED and self._failures >= self.threshold
        ):
            self._opened_at = self._monotonic()
            self._change(CircuitState.OPEN)

    def _change(self, state: CircuitState) -> None:
        previous, self._state = self._state, state
        if state is CircuitState.OPEN:
            logger.warning(
                "Claude engine degraded: circuit %s -> open after %d consecutive failures; "
                "the local engine answers alone",
                previous.value,
                self._failures,
            )
        elif state is CircuitState.CLOSED:
            logger.warning("Claude engine recovered: circuit %s -> closed", previous.value)
        else:
            logger.info("Claude engine circuit half-open: probing")


@dataclass(frozen=True)
class Outcome:
    ok: bool
    latency_ms: float


@dataclass(frozen=True)
class StatsSnapshot:
    calls: int
    error_rate: float | None
    latency_p50_ms: float | None
    latency_p95_ms: float | None
    latency_p99_ms: float | None


class RollingStats:
    """The last `size` Claude calls: their error rate and latency percentiles, as measured."""

    def __init__(self, size: int = 200) -> None:
        self._outcomes: deque[Outcome] = deque(maxlen=size)

    def record(self, ok: bool, latency_ms: float) -> None:
        self._outcomes.append(Outcome(ok, latency_ms))

    def snapshot(self) -> StatsSnapshot:
        outcomes = list(self._outcomes)
        if not outcomes:
            return StatsSnapshot(0, None, None, None, None)
        latencies = sorted(o.latency_ms for o in outcomes)
        errors = sum(1 for o in outcomes if not o.ok)
        return StatsSnapshot(
            calls=len(outcomes),
            error_rate=round(errors / len(outcomes), 4),
            latency_p50_ms=_rounded(percentile(latencies, 50)),
            latency_p95_ms=_rounded(percentile(latencies, 95)),
            latency_p99_ms=_rounded(percentile(latencies, 99)),
        )


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)
