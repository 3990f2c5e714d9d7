"""A location's listings, each with its embedding computed once at import (float32 bytes)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ghl_real_estate_ai.storage.models import Base, utcnow


class ListingRecord(Base):
    __tablename__ = "listings"
    # AUTOINCREMENT on SQLite: a re-import must get new row ids, or the match index's version misses it.
    __table_args__ = (UniqueConstraint("location_id", "listing_id"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    location_id: Mapped[str] = mapped_column(ForeignKey("locations.id", ondelete="CASCADE"), index=True)
    listing_id: Mapped[str] = mapped_column(String(128))
    # The whole `Listing` domain model as imported; filters run on the in-memory index, not in SQL.
    listing: Mapped[dict[str, Any]] = mapped_column()
    embedding: Mapped[bytes] = mapped_column(LargeBinary)
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)
