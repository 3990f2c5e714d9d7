"""What the service measured about its own answers: one sample per answer, and the report built from them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel


class Feature(StrEnum):
    """The spec's four answering features, as `performance_metrics` names them."""

    COACHING = "coaching"
    SEMANTIC_ANALYSIS = "semantic_analysis"
    QUALIFICATION = "qualification"
    ACTION_PLANNING = "action_planning"


class Outcome(StrEnum):
    """success: the caller got its answer. failure: the server could not answer (5xx).
    rejected: the caller's request was refused (4xx); it counts in volume, not against the success rate."""

    SUCCESS = "success"
    FAILURE = "failure"
    REJECTED = "rejected"


@dataclass(frozen=True)
class Sample:
    """One answer: the server-side figure the answer carried as `processing_time_ms` (or, for answers
    that carry none, the time the endpoint took), for one location."""

    location_id: str
    feature: Feature
    outcome: Outcome
    processing_time_ms: float
    recorded_at: datetime
    analysis_id: str | None = None
    agent_id: str | None = None


class Window(BaseModel):
    duration: str
    start: datetime
    end: datetime


class ResponseTimes(BaseModel):
    """Means over successful answers in the window; p95 over every feature's successful answers."""

    coaching_avg_ms: float | None
    semantic_analysis_avg_ms: float | None
    qualification_avg_ms: float | None
    action_planning_avg_ms: float | None
    p95_response_time_ms: float | None


class SuccessRates(BaseModel):
    """Percent of answered requests (success + failure) that succeeded; refused requests do not count."""

    coaching_success_rate: float | None
    semantic_analysis_success_rate: float | None
    qualification_success_rate: float | None
    action_planning_success_rate: float | None
    overall_success_rate: float | None


class QualityMetrics(BaseModel):
    """lead_scoring_accuracy: intent accuracy (percent) of the latest recorded evaluation run.
    qualification_completeness: mean completeness of the location's flows touched in the window.
    action_plan_execution_rate: percent of actions planned in the window that were completed.
    coaching_satisfaction: percent of the coaching items agents gave feedback on in the window that they
    used (sent as they were or edited), from the dashboard's feedback."""

    lead_scoring_accuracy: float | None
    coaching_satisfaction: float | None
    qualification_completeness: float | None
    action_plan_execution_rate: float | None
    evaluation_dataset: str | None = None
    evaluation_recorded_at: datetime | None = None


class FeatureSamples(BaseModel):
    success: int
    failure: int
    rejected: int


class FeaturePercentiles(BaseModel):
    p50_ms: float | None
    p95_ms: float | None
    p99_ms: float | None
    max_ms: float | None


class PerformanceReport(BaseModel):
    """The spec's `performance_metrics`, computed from the samples the service recorded in the window."""

    location_id: str
    window: Window
    response_times: ResponseTimes
    success_rates: SuccessRates
    quality_metrics: QualityMetrics
    sample_counts: dict[Feature, FeatureSamples]
    percentiles: dict[Feature, FeaturePercentiles]
