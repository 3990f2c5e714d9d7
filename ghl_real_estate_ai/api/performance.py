"""Per-answer performance samples, taken at the request boundary.

A route declares the feature it answers for (`CoachingPerformance`, ...); the dependency sees how the
route ended (answer, refused request, server failure) and records one sample for the caller's location.
Routes whose answers carry `processing_time_ms` hand that very figure over (`answered(...)`); the others
are timed from the moment the caller's location is known to the moment the route returns.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Annotated

import structlog
from fastapi import Depends, HTTPException
from fastapi.exceptions import RequestValidationError

from ghl_real_estate_ai.api.deps import CurrentLocation, State
from ghl_real_estate_ai.api.errors import STATUS_OF
from ghl_real_estate_ai.api.state import AppState
from ghl_real_estate_ai.domain.errors import DomainError
from ghl_real_estate_ai.domain.performance import Feature, Outcome, Sample

# Each feature's answers are told, at DEBUG, on the spec's logger for its service.
FEATURE_LOGGERS = {
    Feature.COACHING: logging.getLogger("claude_agent_service"),
    Feature.SEMANTIC_ANALYSIS: logging.getLogger("claude_semantic_analyzer"),
    Feature.QUALIFICATION: logging.getLogger("qualification_orchestrator"),
    Feature.ACTION_PLANNING: logging.getLogger("claude_action_planner"),
}


@dataclass
class Tracker:
    feature: Feature
    started: float = field(default_factory=time.perf_counter)
    processing_time_ms: float | None = None
    analysis_id: str | None = None
    agent_id: str | None = None

    def for_agent(self, agent_id: str) -> None:
        """The agent the answer is for: on the sample, and on every log line of the request from now."""
        self.agent_id = agent_id
        structlog.contextvars.bind_contextvars(agent_id=agent_id)

    def answered(
        self, processing_time_ms: float, *, analysis_id: str | None = None, agent_id: str | None = None
    ) -> None:
        """The figure the answer carries: the sample reports what the caller saw."""
        self.processing_time_ms = processing_time_ms
        self.analysis_id = analysis_id
        self.agent_id = agent_id
        structlog.contextvars.bind_contextvars(
            **{k: v for k, v in (("analysis_id", analysis_id), ("agent_id", agent_id)) if v is not None}
        )

    def elapsed_ms(self) -> float:
        return round((time.perf_counter() - self.started) * 1000, 3)


def record_sample(
    state: AppState, location_id: str, tracker: Tracker, outcome: Outcome, processing_time_ms: float
) -> None:
    """One answer's sample (the socket's coaching path records this way; routes use the dependencies)."""
    FEATURE_LOGGERS[tracker.feature].debug(
        "%s %s in %.1f ms", tracker.feature.value, outcome.value, processing_time_ms
    )
    state.performance.record(
        Sample(
            location_id=location_id,
            feature=tracker.feature,
            outcome=outcome,
            processing_time_ms=processing_time_ms,
            recorded_at=state.clock(),
            analysis_id=tracker.analysis_id,
            agent_id=tracker.agent_id,
        )
    )


def _outcome(error: Exception) -> Outcome:
    """A refused request (4xx) is the caller's; anything else is the service failing to answer."""
    if isinstance(error, DomainError):
        return Outcome.REJECTED if STATUS_OF[error.kind] < 500 else Outcome.FAILURE
    if isinstance(error, HTTPException):
        return Outcome.REJECTED if error.status_code < 500 else Outcome.FAILURE
    if isinstance(error, RequestValidationError):
        return Outcome.REJECTED
    return Outcome.FAILURE


def _tracking(feature: Feature) -> Callable[[State, CurrentLocation], AsyncIterator[Tracker]]:
    async def track(state: State, location: CurrentLocation) -> AsyncIterator[Tracker]:
        tracker = Tracker(feature)

        def record(outcome: Outcome, processing_time_ms: float) -> None:
            record_sample(state, location.id, tracker, outcome, processing_time_ms)

        try:
            yield tracker
        except Exception as error:
            record(_outcome(error), tracker.elapsed_ms())
            raise
        figure = tracker.processing_time_ms
        record(Outcome.SUCCESS, figure if figure is not None else tracker.elapsed_ms())

    return track


# scope="function": the sample is taken when the route returns or raises, before the response is sent.
CoachingPerformance = Annotated[Tracker, Depends(_tracking(Feature.COACHING), scope="function")]
SemanticPerformance = Annotated[Tracker, Depends(_tracking(Feature.SEMANTIC_ANALYSIS), scope="function")]
QualificationPerformance = Annotated[Tracker, Depends(_tracking(Feature.QUALIFICATION), scope="function")]
ActionPlanningPerformance = Annotated[Tracker, Depends(_tracking(Feature.ACTION_PLANNING), scope="function")]
