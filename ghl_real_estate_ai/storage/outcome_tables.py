"""Lead outcomes as they were reported (by the API or by GHL opportunity status changes)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ghl_real_estate_ai.storage.encrypted_types import EncryptedText
from ghl_real_estate_ai.storage.models import Base, utcnow


class LeadOutcomeRecord(Base):
    __tablename__ = "lead_outcomes"
    __table_args__ = (Index("ix_lead_outcomes_contact", "location_id", "contact_id", "occurred_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    location_id: Mapped[str] = mapped_column(ForeignKey("locations.id", ondelete="CASCADE"))
    contact_id: Mapped[str] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(8))
    # An agent's free text about the lead: encrypted at rest (a text column already, so no migration;
    # notes written before are read as they are and encrypted by `keys rotate`).
    note: Mapped[str | None] = mapped_column(EncryptedText, default=None)
    occurred_at: Mapped[datetime] = mapped_column()
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
