"""What the service measured: one row per answer, and one row per recorded evaluation run."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Float, Index, String, insert, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from ghl_real_estate_ai.domain.performance import Feature, Outcome, Sample
from ghl_real_estate_ai.storage.models import Base, new_id, utcnow


class PerformanceSampleRecord(Base):
    __tablename__ = "performance_samples"
    # The analytics query reads one location's window: location first, then time.
    __table_args__ = (Index("ix_performance_samples_location_time", "location_id", "recorded_at"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    # Not a foreign key: samples are written in batches beside requests, and outlive nothing they name.
    location_id: Mapped[str] = mapped_column(String(64))
    feature: Mapped[str] = mapped_column(String(32))
    outcome: Mapped[str] = mapped_column(String(16))
    processing_time_ms: Mapped[float] = mapped_column(Float)
    recorded_at: Mapped[datetime] = mapped_column()
    analysis_id: Mapped[str | None] = mapped_column(String(64), default=None)
    agent_id: Mapped[str | None] = mapped_column(String(128), default=None)


class EvaluationRunRecord(Base):
    """One `enterprisehub eval --record` (or `model evaluate --record`): the dataset, the time, the report."""

    __tablename__ = "evaluation_runs"

    id: Mapped[str] = mapped_column(String(40), primary_key=True, default=lambda: new_id("evr"))
    dataset: Mapped[str] = mapped_column(String(200))
    engine: Mapped[str] = mapped_column(String(32))
    examples: Mapped[int] = mapped_column()
    intent_accuracy: Mapped[float | None] = mapped_column(Float, default=None)
    report: Mapped[dict[str, Any]] = mapped_column()
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class PerformanceRepository:
    """Samples of one location (writes take any location: the recorder batches across tenants)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add_all(self, samples: Sequence[Sample]) -> None:
        if not samples:
            return
        await self.session.execute(
            insert(PerformanceSampleRecord),
            [
                {
                    "location_id": s.location_id,
                    "feature": s.feature.value,
                    "outcome": s.outcome.value,
                    "processing_time_ms": s.processing_time_ms,
                    "recorded_at": s.recorded_at,
                    "analysis_id": s.analysis_id,
                    "agent_id": s.agent_id,
                }
                for s in samples
            ],
        )

    async def window(self, location_id: str, start: datetime, end: datetime) -> list[Sample]:
        rows = await self.session.execute(
            select(PerformanceSampleRecord)
            .where(
                PerformanceSampleRecord.location_id == location_id,
                PerformanceSampleRecord.recorded_at >= start,
                PerformanceSampleRecord.recorded_at <= end,
            )
            .order_by(PerformanceSampleRecord.id)
        )
        return [
            Sample(
                location_id=row.location_id,
                feature=Feature(row.feature),
                outcome=Outcome(row.outcome),
                processing_time_ms=row.processing_time_ms,
                recorded_at=row.recorded_at,
                analysis_id=row.analysis_id,
                agent_id=row.agent_id,
            )
            for row in rows.scalars()
        ]


class EvaluationRunRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def add(self, run: EvaluationRunRecord) -> None:
        self.session.add(run)

    async def latest(self, before: datetime | None = None) -> EvaluationRunRecord | None:
        query = select(EvaluationRunRecord).order_by(EvaluationRunRecord.recorded_at.desc()).limit(1)
        if before is not None:
            query = query.where(EvaluationRunRecord.recorded_at <= before)
        return (await self.session.execute(query)).scalars().first()

    async def since(self, start: datetime) -> list[EvaluationRunRecord]:
        rows = await self.session.execute(
            select(EvaluationRunRecord)
            .where(EvaluationRunRecord.recorded_at >= start)
            .order_by(EvaluationRunRecord.recorded_at)
        )
        return list(rows.scalars())
