"""Qualification tables: per-location configuration, flows, their answers and the asked-question log.

Every row carries `location_id`, and every query in QualificationRepository filters on it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from ghl_real_estate_ai.storage.encrypted_types import EncryptedJSON, EncryptedText
from ghl_real_estate_ai.storage.models import Base, new_id, utcnow


class UtcDateTime(TypeDecorator[datetime]):
    """Aware UTC on the way out on every backend: SQLite hands back naive datetimes."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class QualificationConfigRow(Base):
    """A location's override of the default qualification areas (validated before it is stored)."""

    __tablename__ = "qualification_configs"

    location_id: Mapped[str] = mapped_column(ForeignKey("locations.id", ondelete="CASCADE"), primary_key=True)
    config: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class QualificationFlowRow(Base):
    __tablename__ = "qualification_flows"
    __table_args__ = (Index("ix_qualification_flows_location_stage", "location_id", "stage"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True, default=lambda: new_id("qf"))
    location_id: Mapped[str] = mapped_column(ForeignKey("locations.id", ondelete="CASCADE"), index=True)
    contact_id: Mapped[str] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), index=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    stage: Mapped[str] = mapped_column(String(16))
    version: Mapped[int] = mapped_column(Integer)
    # Every write bumps the version and checks it was not bumped meanwhile (UPDATE ... WHERE version = n).
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012  (read once, at mapping time)
    language: Mapped[str] = mapped_column(String(8))
    intent: Mapped[str | None] = mapped_column(String(32), default=None)
    completeness: Mapped[float] = mapped_column(Float, default=0.0)
    replies: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    qualified_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)


class QualificationAnswerRow(Base):
    __tablename__ = "qualification_answers"
    __table_args__ = (UniqueConstraint("flow_id", "question"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    location_id: Mapped[str] = mapped_column(ForeignKey("locations.id", ondelete="CASCADE"), index=True)
    flow_id: Mapped[str] = mapped_column(ForeignKey("qualification_flows.id", ondelete="CASCADE"))
    area: Mapped[str] = mapped_column(String(64))
    question: Mapped[str] = mapped_column(String(64))
    # The prospect's own words and what was read from them: encrypted at rest (security/encryption.py).
    value: Mapped[Any] = mapped_column(EncryptedJSON)
    source_message: Mapped[str] = mapped_column(EncryptedText)
    answered_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class QualificationAskedRow(Base):
    """Each time a question was put to the lead; `replied_at` stays empty until the lead writes again."""

    __tablename__ = "qualification_questions_asked"
    __table_args__ = (Index("ix_qualification_questions_asked_flow", "flow_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    location_id: Mapped[str] = mapped_column(ForeignKey("locations.id", ondelete="CASCADE"), index=True)
    flow_id: Mapped[str] = mapped_column(ForeignKey("qualification_flows.id", ondelete="CASCADE"))
    area: Mapped[str] = mapped_column(String(64))
    question: Mapped[str] = mapped_column(String(64))
    asked_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    replied_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
    answered: Mapped[bool | None] = mapped_column(Boolean, default=None)
