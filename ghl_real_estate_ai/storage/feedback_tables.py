"""The agent's feedback on coaching items. One row per agent and item: a later verdict replaces it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ghl_real_estate_ai.storage.encrypted_types import EncryptedText
from ghl_real_estate_ai.storage.models import Base, new_id, utcnow

# The columns that name one item for one agent (the upsert's conflict target).
ITEM_KEY = ("location_id", "agent_id", "analysis_id", "revision", "item", "item_index")


class FeedbackRecord(Base):
    __tablename__ = "coaching_feedback"
    __table_args__ = (
        UniqueConstraint(*ITEM_KEY, name="uq_coaching_feedback_item"),
        Index("ix_coaching_feedback_lead", "location_id", "lead_id"),
        Index("ix_coaching_feedback_created", "location_id", "created_at"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True, default=lambda: new_id("fbk"))
    location_id: Mapped[str] = mapped_column(ForeignKey("locations.id", ondelete="CASCADE"))
    # External ids as the agent and the caller know them (the same ids the coaching request used).
    agent_id: Mapped[str] = mapped_column(String(128))
    lead_id: Mapped[str | None] = mapped_column(String(128), default=None)
    conversation_id: Mapped[str | None] = mapped_column(String(128), default=None)
    analysis_id: Mapped[str] = mapped_column(String(40))
    revision: Mapped[int] = mapped_column(Integer)
    engine: Mapped[str] = mapped_column(String(16))
    item: Mapped[str] = mapped_column(String(16))
    item_index: Mapped[int] = mapped_column(Integer)
    item_text: Mapped[str] = mapped_column(EncryptedText)  # encrypted at rest (security/encryption.py)
    action: Mapped[str] = mapped_column(String(16))
    rating: Mapped[int | None] = mapped_column(Integer, default=None)
    edited_text: Mapped[str | None] = mapped_column(EncryptedText, default=None)
    note: Mapped[str | None] = mapped_column(EncryptedText, default=None)
    objection_type: Mapped[str | None] = mapped_column(String(32), default=None)
    language: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
