"""GHL integration tables: the durable inbox, rejected payloads, the outbox and per-location settings.

The inbox is written by the webhook endpoint and committed before GHL gets its 2xx; the worker turns
each inbox row into outbox rows inside one transaction; the sender delivers outbox rows to GHL.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ghl_real_estate_ai.domain.ghl import GhlPolicy, InboxStatus, OutboxStatus
from ghl_real_estate_ai.storage.encrypted_types import EncryptedBytes, EncryptedJSON, EncryptedText
from ghl_real_estate_ai.storage.models import Base, utcnow


class GhlInboxEvent(Base):
    """One delivery from GHL, stored verbatim. `webhook_id` is unique: a replay is acknowledged only."""

    __tablename__ = "ghl_inbox"
    __table_args__ = (Index("ix_ghl_inbox_status_id", "status", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    webhook_id: Mapped[str] = mapped_column(String(160), unique=True)
    source: Mapped[str] = mapped_column(String(16))  # marketplace | workflow
    event_type: Mapped[str] = mapped_column(String(64))
    ghl_location_id: Mapped[str | None] = mapped_column(String(64), default=None)
    # Resolved by the worker (or the workflow endpoint, which knows its tenant).
    location_id: Mapped[str | None] = mapped_column(
        ForeignKey("locations.id", ondelete="CASCADE"), default=None, index=True
    )
    body: Mapped[str] = mapped_column(EncryptedText)  # the raw payload, encrypted at rest
    status: Mapped[str] = mapped_column(String(16), default=InboxStatus.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text, default=None)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    processed_at: Mapped[datetime | None] = mapped_column(default=None)


class GhlRejectedPayload(Base):
    """A body we refused (malformed, oversized, unsigned): kept so an operator can see what GHL sent."""

    __tablename__ = "ghl_rejected_payloads"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    endpoint: Mapped[str] = mapped_column(String(120))
    reason: Mapped[str] = mapped_column(String(400))
    status_code: Mapped[int] = mapped_column(Integer)
    body: Mapped[bytes] = mapped_column(EncryptedBytes)
    body_size: Mapped[int] = mapped_column(Integer)
    truncated: Mapped[bool] = mapped_column(default=False)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)


class GhlOutboxItem(Base):
    """One GHL API call to make. The idempotency key (event + operation) is unique: never queued twice."""

    __tablename__ = "ghl_outbox"
    __table_args__ = (
        Index("ix_ghl_outbox_due", "status", "next_attempt_at"),
        Index("ix_ghl_outbox_contact", "location_id", "ghl_contact_id", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    location_id: Mapped[str] = mapped_column(ForeignKey("locations.id", ondelete="CASCADE"), index=True)
    idempotency_key: Mapped[str] = mapped_column(String(240), unique=True)
    ghl_contact_id: Mapped[str] = mapped_column(String(128))
    operation: Mapped[str] = mapped_column(String(32))  # an OutboxCommand kind
    payload: Mapped[dict[str, Any]] = mapped_column(EncryptedJSON)  # notes quote the lead
    status: Mapped[str] = mapped_column(String(16), default=OutboxStatus.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    lease_until: Mapped[datetime | None] = mapped_column(default=None)
    last_error: Mapped[str | None] = mapped_column(Text, default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(default=None)


class GhlLocationSettings(Base):
    """How one tenant talks to GHL: its token, workflow secret, AI gating tags and resolved field ids."""

    __tablename__ = "ghl_location_settings"
    __table_args__ = (UniqueConstraint("location_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    location_id: Mapped[str] = mapped_column(ForeignKey("locations.id", ondelete="CASCADE"))
    # Fernet token when ENTERPRISEHUB_ENCRYPTION_KEYS is set, else "plain:<token>" (see docs).
    access_token: Mapped[str | None] = mapped_column(Text, default=None)
    workflow_secret_hash: Mapped[str | None] = mapped_column(String(64), default=None)
    activation_tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    deactivation_tags: Mapped[list[str]] = mapped_column(JSON, default=lambda: GhlPolicy().deactivation_tags)
    hot_lead_tag: Mapped[str] = mapped_column(String(64), default=GhlPolicy().hot_lead_tag)
    hot_lead_threshold: Mapped[int] = mapped_column(Integer, default=GhlPolicy().hot_lead_threshold)
    field_ids: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class GhlContactState(Base):
    """What GHL last told us about a contact: its tags and assigned user (for gating and hand-off) and the
    CRM fields the location's lead model reads (`ghl/crm_fields.py`). Erased with the contact."""

    __tablename__ = "ghl_contact_state"
    __table_args__ = (UniqueConstraint("location_id", "ghl_contact_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    location_id: Mapped[str] = mapped_column(ForeignKey("locations.id", ondelete="CASCADE"), index=True)
    ghl_contact_id: Mapped[str] = mapped_column(String(128))
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    assigned_to: Mapped[str | None] = mapped_column(String(128), default=None)
    deleted: Mapped[bool] = mapped_column(default=False)
    # Encrypted: a place, a company, a website and custom fields may all point at a person.
    crm_fields: Mapped[dict[str, str] | None] = mapped_column(EncryptedJSON, default=None)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
