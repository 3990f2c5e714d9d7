"""The tamper-evident audit trail: each row carries the hash of the one before it.

A row says who did what to which subject, never the data itself: the subject is a SHA-256 of the
location and the contact id (an erased contact stays erased), details hold counts and kinds only.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ghl_real_estate_ai.storage.models import Base, utcnow


class AuditEntry(Base):
    __tablename__ = "audit_chain"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    location_id: Mapped[str | None] = mapped_column(String(64), default=None, index=True)
    actor: Mapped[str] = mapped_column(String(160))  # an API key id, an agent id, "cli", "ghl", "system"
    action: Mapped[str] = mapped_column(String(40))  # contact.export | contact.erase | conversation.read ...
    subject: Mapped[str | None] = mapped_column(String(64), default=None)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    previous_hash: Mapped[str] = mapped_column(String(64))
    row_hash: Mapped[str] = mapped_column(String(64), unique=True)
