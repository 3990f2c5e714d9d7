"""The spec's ALERT_THRESHOLDS, and the alerts raised when a measured figure crosses one."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, Field

from ghl_real_estate_ai.domain.performance import Feature


class AlertKind(StrEnum):
    RESPONSE_TIME = "response_time"
    SUCCESS_RATE = "success_rate"
    ACCURACY = "accuracy"
    ERROR_RATE = "error_rate"
    QUEUE_DEPTH = "queue_depth"


class AlertThresholds(BaseModel):
    """Defaults are the spec's ALERT_THRESHOLDS; a location may set its own (PUT .../alert-thresholds)."""

    response_time_ms: float = Field(default=200.0, gt=0, description="p95 of a feature's answers above this")
    success_rate_pct: float = Field(default=95.0, ge=0, le=100, description="a feature's success rate below")
    accuracy_pct: float = Field(default=97.0, ge=0, le=100, description="latest evaluation's accuracy below")
    error_rate_pct: float = Field(default=5.0, ge=0, le=100, description="share of failed Claude calls above")
    queue_depth: int = Field(default=100, ge=0, description="GHL webhook events waiting above this")


class AlertThresholdsUpdate(BaseModel):
    """A location's overrides; a null field falls back to the service default."""

    response_time_ms: float | None = Field(default=None, gt=0)
    success_rate_pct: float | None = Field(default=None, ge=0, le=100)
    accuracy_pct: float | None = Field(default=None, ge=0, le=100)
    error_rate_pct: float | None = Field(default=None, ge=0, le=100)
    queue_depth: int | None = Field(default=None, ge=0)

    def over(self, defaults: AlertThresholds) -> AlertThresholds:
        return defaults.model_copy(update=self.model_dump(exclude_none=True))


class AlertState(StrEnum):
    FIRING = "firing"
    RESOLVED = "resolved"


class Alert(BaseModel):
    """One crossing: raised once when the figure crosses its threshold, resolved once when it recovers.

    `location_id` is null for what belongs to the whole service (the engine's accuracy, the GHL inbox)."""

    kind: AlertKind
    state: AlertState
    location_id: str | None
    feature: Feature | None = None
    value: float
    threshold: float
    window_seconds: float
    samples: int
    raised_at: datetime
    resolved_at: datetime | None = None
    message: str
