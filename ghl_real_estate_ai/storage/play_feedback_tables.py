"""Per location and objection type, how often each play was shown to agents and how often they used it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ghl_real_estate_ai.storage.models import Base, utcnow


class PlayFeedbackRecord(Base):
    __tablename__ = "play_feedback_counts"
    __table_args__ = (UniqueConstraint("location_id", "context", "play_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    location_id: Mapped[str] = mapped_column(ForeignKey("locations.id", ondelete="CASCADE"), index=True)
    # The objection type (or "intent:<intent>" for general suggestions) the play was shown for.
    context: Mapped[str] = mapped_column(String(64))
    play_id: Mapped[str] = mapped_column(String(32))
    shown: Mapped[int] = mapped_column(Integer, default=0)
    used: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
