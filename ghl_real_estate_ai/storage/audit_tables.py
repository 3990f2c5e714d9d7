"""Every Claude call, recorded for compliance: who, when, how long, hashes of what went and came back."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Float, Integer, String, Text, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from ghl_real_estate_ai.storage.models import Base, new_id, utcnow


class ClaudeAuditRecord(Base):
    """One HTTP attempt at the Claude Messages API (the spec's audit_claude_interaction)."""

    __tablename__ = "claude_audit"

    id: Mapped[str] = mapped_column(String(40), primary_key=True, default=lambda: new_id("cla"))
    # Not a foreign key: the audit trail outlives the tenant rows it mentions.
    location_id: Mapped[str | None] = mapped_column(String(64), index=True, default=None)
    agent_id: Mapped[str | None] = mapped_column(String(128), default=None)
    interaction_type: Mapped[str] = mapped_column(String(32))
    model: Mapped[str] = mapped_column(String(64))
    output_mode: Mapped[str] = mapped_column(String(8))
    attempt: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    processing_time_ms: Mapped[float] = mapped_column(Float)
    request_hash: Mapped[str] = mapped_column(String(64))
    response_hash: Mapped[str | None] = mapped_column(String(64), default=None)
    outcome: Mapped[str] = mapped_column(String(24))
    status_code: Mapped[int | None] = mapped_column(Integer, default=None)
    error: Mapped[str | None] = mapped_column(Text, default=None)
    pii_scrubbed: Mapped[bool] = mapped_column(Boolean)
    input_tokens: Mapped[int | None] = mapped_column(Integer, default=None)
    output_tokens: Mapped[int | None] = mapped_column(Integer, default=None)
    cache_creation_input_tokens: Mapped[int | None] = mapped_column(Integer, default=None)
    cache_read_input_tokens: Mapped[int | None] = mapped_column(Integer, default=None)


class ClaudeAuditRepository:
    def __init__(self, session: AsyncSession, location_id: str) -> None:
        self.session = session
        self.location_id = location_id

    async def recent(self, limit: int = 500) -> list[ClaudeAuditRecord]:
        rows = await self.session.execute(
            select(ClaudeAuditRecord)
            .where(ClaudeAuditRecord.location_id == self.location_id)
            .order_by(ClaudeAuditRecord.created_at.desc())
            .limit(limit)
        )
        return list(rows.scalars())
