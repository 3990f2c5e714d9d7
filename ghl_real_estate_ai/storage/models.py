"""Tables. Every tenant-owned row carries `location_id`, and every query filters on it."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from ghl_real_estate_ai.storage.encrypted_types import EncryptedJSON, EncryptedText

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_id(prefix: str) -> str:
    return f"{prefix}_{secrets.token_hex(8)}"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: DateTime(timezone=True), dict[str, Any]: JSON}


class Location(Base):
    """A tenant: one GHL sub-account (location)."""

    __tablename__ = "locations"

    id: Mapped[str] = mapped_column(String(40), primary_key=True, default=lambda: new_id("loc"))
    name: Mapped[str] = mapped_column(String(200))
    ghl_location_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    # Days to keep messages, analyses and GHL payloads (null: kept until erased); see services/retention.py.
    retention_days: Mapped[int | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ApiKey(Base):
    """Only the SHA-256 of a key is stored; the key itself is shown once, at creation."""

    __tablename__ = "api_keys"

    id: Mapped[str] = mapped_column(String(40), primary_key=True, default=lambda: new_id("key"))
    location_id: Mapped[str] = mapped_column(ForeignKey("locations.id", ondelete="CASCADE"), index=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)


class Agent(Base):
    __tablename__ = "agents"
    __table_args__ = (UniqueConstraint("location_id", "external_id"),)

    id_prefix: ClassVar[str] = "agt"
    id: Mapped[str] = mapped_column(String(40), primary_key=True, default=lambda: new_id("agt"))
    location_id: Mapped[str] = mapped_column(ForeignKey("locations.id", ondelete="CASCADE"), index=True)
    external_id: Mapped[str] = mapped_column(String(128))
    name: Mapped[str | None] = mapped_column(String(200), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Contact(Base):
    """A lead. `external_id` is the caller's lead id (or the GHL contact id)."""

    __tablename__ = "contacts"
    __table_args__ = (
        UniqueConstraint("location_id", "external_id"),
        Index("ix_contacts_location_email_hash", "location_id", "email_hash"),
        Index("ix_contacts_location_phone_hash", "location_id", "phone_hash"),
    )

    id_prefix: ClassVar[str] = "con"
    id: Mapped[str] = mapped_column(String(40), primary_key=True, default=lambda: new_id("con"))
    location_id: Mapped[str] = mapped_column(ForeignKey("locations.id", ondelete="CASCADE"), index=True)
    external_id: Mapped[str] = mapped_column(String(128))
    name: Mapped[str | None] = mapped_column(EncryptedText, default=None)
    # Keyed hashes (security/lookup_hash.py) of the email and phone GHL gave: equality look-ups without
    # keeping either readable.
    email_hash: Mapped[str | None] = mapped_column(String(64), default=None)
    phone_hash: Mapped[str | None] = mapped_column(String(64), default=None)
    preferences: Mapped[dict[str, Any]] = mapped_column(EncryptedJSON, default=dict)
    # How the lead may be reached (the action planner reads and updates these; null = not known).
    timezone: Mapped[str | None] = mapped_column(String(64), default=None)
    opted_out: Mapped[bool | None] = mapped_column(default=None)
    do_not_disturb: Mapped[bool | None] = mapped_column(default=None)
    channel_replies: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    last_inbound_at: Mapped[datetime | None] = mapped_column(default=None)
    qualification_completeness: Mapped[float | None] = mapped_column(Float, default=None)
    qualification_stage: Mapped[str | None] = mapped_column(String(16), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Conversation(Base):
    __tablename__ = "conversations"
    __table_args__ = (UniqueConstraint("location_id", "external_id"),)

    id_prefix: ClassVar[str] = "cnv"
    id: Mapped[str] = mapped_column(String(40), primary_key=True, default=lambda: new_id("cnv"))
    location_id: Mapped[str] = mapped_column(ForeignKey("locations.id", ondelete="CASCADE"), index=True)
    external_id: Mapped[str] = mapped_column(String(128))
    contact_id: Mapped[str | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="SET NULL"), default=None
    )
    agent_id: Mapped[str | None] = mapped_column(ForeignKey("agents.id", ondelete="SET NULL"), default=None)
    stage: Mapped[str | None] = mapped_column(String(64), default=None)
    # The engine's ConversationState after the latest prospect message (budget, areas, who decides:
    # encrypted like the contact's preferences).
    reading_state: Mapped[dict[str, Any] | None] = mapped_column(EncryptedJSON, default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Message(Base):
    __tablename__ = "messages"
    __table_args__ = (Index("ix_messages_conversation", "conversation_id", "id"),)

    # An integer key keeps messages in the order they were stored, even within one transaction.
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    location_id: Mapped[str] = mapped_column(ForeignKey("locations.id", ondelete="CASCADE"), index=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    speaker: Mapped[str] = mapped_column(String(16))
    body: Mapped[str] = mapped_column(EncryptedText)  # encrypted at rest (security/encryption.py)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Analysis(Base):
    """One engine answer. A refinement (e.g. Claude's) is a new revision of the same analysis id."""

    __tablename__ = "analyses"
    __table_args__ = (UniqueConstraint("analysis_id", "revision"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    analysis_id: Mapped[str] = mapped_column(String(40), index=True)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    location_id: Mapped[str] = mapped_column(ForeignKey("locations.id", ondelete="CASCADE"), index=True)
    conversation_id: Mapped[str | None] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), default=None, index=True
    )
    message_id: Mapped[int | None] = mapped_column(
        ForeignKey("messages.id", ondelete="SET NULL"), default=None
    )
    kind: Mapped[str] = mapped_column(String(32))
    engine: Mapped[str] = mapped_column(String(16))
    result: Mapped[dict[str, Any]] = mapped_column(EncryptedJSON)
    confidence: Mapped[float] = mapped_column(Float)
    processing_time_ms: Mapped[float] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
