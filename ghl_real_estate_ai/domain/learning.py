"""What the learning layer hands across its boundaries: model metrics, column decisions, versions."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from ghl_real_estate_ai.domain.base import DomainModel


class ModelMetrics(DomainModel):
    """Measured on rows the model did not learn from (cross-validation folds or a labeled file)."""

    auc: float = Field(ge=0, le=1)
    accuracy: float = Field(ge=0, le=1)
    brier: float = Field(ge=0, le=1)
    rows: int = Field(ge=0)
    positive_rate: float = Field(ge=0, le=1)


class ColumnReport(DomainModel):
    name: str
    kind: str
    used: bool
    reason: str
    levels: int
    missing_share: float


class LeadModelSummary(DomainModel):
    """One stored model version of a location."""

    version: int
    active: bool
    target: str
    positive_level: str
    cv: ModelMetrics
    folds: int
    data_fingerprint: str
    library_versions: dict[str, str]
    columns: list[ColumnReport]
    warnings: list[str]
    created_at: datetime
