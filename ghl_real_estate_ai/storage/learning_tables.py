"""Trained outcome models, one row per version per location (the pickled model travels with its facts)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ghl_real_estate_ai.storage.models import Base, new_id, utcnow


class LeadModelRecord(Base):
    __tablename__ = "lead_models"
    __table_args__ = (UniqueConstraint("location_id", "version"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True, default=lambda: new_id("lmd"))
    location_id: Mapped[str] = mapped_column(ForeignKey("locations.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=False)
    target: Mapped[str] = mapped_column(String(200))
    positive_level: Mapped[str] = mapped_column(String(200))
    cv_metrics: Mapped[dict[str, Any]] = mapped_column()
    folds: Mapped[int] = mapped_column(Integer)
    data_fingerprint: Mapped[str] = mapped_column(String(64))
    library_versions: Mapped[dict[str, Any]] = mapped_column()
    # JSON lists: column decisions and warnings, kept as trained so `model list` can show why.
    report: Mapped[dict[str, Any]] = mapped_column()
    artifact: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
