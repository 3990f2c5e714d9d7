"""Action plans and their actions. At most one pending action per lead and reason (partial unique index)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Float, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from ghl_real_estate_ai.storage.models import Base, new_id, utcnow

PENDING = "status IN ('open', 'snoozed')"


class ActionPlanRecord(Base):
    """One plan as it was made: the full answer is kept for audit and replay."""

    __tablename__ = "action_plans"

    id: Mapped[str] = mapped_column(String(40), primary_key=True, default=lambda: new_id("pln"))
    location_id: Mapped[str] = mapped_column(ForeignKey("locations.id", ondelete="CASCADE"), index=True)
    contact_id: Mapped[str] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), index=True)
    priority_score: Mapped[float] = mapped_column(Float)
    priority_tier: Mapped[str] = mapped_column(String(16))
    plan: Mapped[dict[str, Any]] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ActionRecord(Base):
    __tablename__ = "actions"
    __table_args__ = (
        # The same reason never yields two pending actions for one lead, even under concurrent plans.
        Index(
            "uq_actions_pending_reason",
            "location_id",
            "contact_id",
            "reason",
            unique=True,
            sqlite_where=text(PENDING),
            postgresql_where=text(PENDING),
        ),
        Index("ix_actions_due", "location_id", "status", "due_at"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True, default=lambda: new_id("act"))
    location_id: Mapped[str] = mapped_column(ForeignKey("locations.id", ondelete="CASCADE"))
    contact_id: Mapped[str] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    plan_id: Mapped[str | None] = mapped_column(
        ForeignKey("action_plans.id", ondelete="SET NULL"), default=None
    )
    reason: Mapped[str] = mapped_column(String(64))
    description: Mapped[str] = mapped_column(Text)
    channel: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="open")
    priority_score: Mapped[float] = mapped_column(Float)
    confidence: Mapped[float] = mapped_column(Float)
    not_before: Mapped[datetime] = mapped_column()
    due_at: Mapped[datetime] = mapped_column()
    completed_at: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
