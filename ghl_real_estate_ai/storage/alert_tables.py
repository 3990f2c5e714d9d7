"""A location's own alert thresholds; a null column means the service-wide default (Settings)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Integer, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from ghl_real_estate_ai.storage.models import Base, utcnow


class AlertThresholdRecord(Base):
    __tablename__ = "alert_thresholds"

    location_id: Mapped[str] = mapped_column(ForeignKey("locations.id", ondelete="CASCADE"), primary_key=True)
    response_time_ms: Mapped[float | None] = mapped_column(Float, default=None)
    success_rate_pct: Mapped[float | None] = mapped_column(Float, default=None)
    accuracy_pct: Mapped[float | None] = mapped_column(Float, default=None)
    error_rate_pct: Mapped[float | None] = mapped_column(Float, default=None)
    queue_depth: Mapped[int | None] = mapped_column(Integer, default=None)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class AlertThresholdRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def all(self) -> list[AlertThresholdRecord]:
        return list((await self.session.execute(select(AlertThresholdRecord))).scalars())

    async def for_location(self, location_id: str) -> AlertThresholdRecord | None:
        return await self.session.get(AlertThresholdRecord, location_id)

    async def put(self, record: AlertThresholdRecord) -> AlertThresholdRecord:
        merged = await self.session.merge(record)
        await self.session.flush()
        return merged
