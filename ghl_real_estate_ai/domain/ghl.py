"""GHL write-back as data: inbox and outbox states, the location's policy, and the commands we send.

Outbox commands are a discriminated union stored as JSON and read back by the sender with `match`;
what a command means is decided here once, not by string keys scattered over the worker.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AliasChoices, Field, TypeAdapter

from ghl_real_estate_ai.domain.base import DomainModel


class InboxStatus(StrEnum):
    PENDING = "pending"
    DONE = "done"
    IGNORED = "ignored"  # nothing to do (unknown event type, no tenant for its location)
    FAILED = "failed"  # failed every attempt
    DEAD = "dead"  # can never be processed (the database refuses its content): kept with the reason


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    DEAD = "dead"
    SKIPPED = "skipped"  # AI was turned off for the contact before it was sent

    @property
    def open(self) -> bool:
        return self in (OutboxStatus.PENDING, OutboxStatus.SENDING)


CUSTOM_FIELD_KEYS = ("claude_intent", "ai_score", "urgency_level", "next_action")


class GhlPolicy(DomainModel):
    """What a location decides about AI on its contacts; the defaults every new location starts with."""

    activation_tags: list[str] = Field(default_factory=list)
    deactivation_tags: list[str] = Field(default_factory=lambda: ["AI-Off", "Stop-Bot"])
    hot_lead_tag: str = "Hot-Lead"
    hot_lead_threshold: int = Field(default=70, ge=0, le=100)
    analyzed_tag: str = "AI-Analyzed"

    def ai_allowed(self, tags: list[str]) -> tuple[bool, str]:
        """AI gating as GHL teams run it: a deactivation tag always wins; activation tags, when
        configured, are required. Tags compare case-insensitively (GHL lower-cases them)."""
        have = {tag.strip().lower() for tag in tags}
        off = have & {tag.lower() for tag in self.deactivation_tags}
        if off:
            return False, f"deactivation tag {sorted(off)[0]!r}"
        if self.activation_tags and not have & {tag.lower() for tag in self.activation_tags}:
            return False, "no activation tag"
        return True, "allowed"

    def is_hot(self, score: int) -> bool:
        return score >= self.hot_lead_threshold


def marker(key: str) -> str:
    """Carried in notes and tasks so a possibly-sent call can be recognised in GHL."""
    return f"[enterprisehub:{key}]"


class UpdateFields(DomainModel):
    kind: Literal["update_fields"] = "update_fields"
    fields: dict[str, str]


class AddTags(DomainModel):
    kind: Literal["add_tags"] = "add_tags"
    tags: list[str]


class AddNote(DomainModel):
    kind: Literal["add_note"] = "add_note"
    body: str


class AddTask(DomainModel):
    kind: Literal["add_task"] = "add_task"
    title: str = Field(max_length=200)
    # Rows queued before commands were typed spell these as GHL does.
    due_at: datetime = Field(validation_alias=AliasChoices("due_at", "dueDate"))
    body: str
    assigned_to: str | None = Field(default=None, validation_alias=AliasChoices("assigned_to", "assignedTo"))


# A new command (starting a GHL workflow, say) is one more member here and one more case in the sender.
OutboxCommand = Annotated[UpdateFields | AddTags | AddNote | AddTask, Field(discriminator="kind")]
OUTBOX_COMMAND: TypeAdapter[OutboxCommand] = TypeAdapter(OutboxCommand)


class OutboxRow(DomainModel):
    """One queued GHL call as `GET /api/v1/ghl/outbox` shows it."""

    id: int
    idempotency_key: str
    contact_id: str
    operation: str
    status: OutboxStatus
    attempts: int
    next_attempt_at: datetime
    last_error: str | None
    sent_at: datetime | None


class InboxRow(DomainModel):
    """One stored delivery as `GET /api/v1/ghl/inbox` shows it (dead letters carry their reason)."""

    id: int
    webhook_id: str
    event_type: str
    status: InboxStatus
    attempts: int
    last_error: str | None
    received_at: datetime
    processed_at: datetime | None


class GhlSettingsUpdate(DomainModel):
    access_token: str | None = Field(default=None, min_length=1, max_length=4000)
    activation_tags: list[str] | None = Field(default=None, max_length=50)
    deactivation_tags: list[str] | None = Field(default=None, max_length=50)
    hot_lead_tag: str | None = Field(default=None, min_length=1, max_length=64)
    hot_lead_threshold: int | None = Field(default=None, ge=0, le=100)


class GhlSettingsView(DomainModel):
    has_access_token: bool
    activation_tags: list[str]
    deactivation_tags: list[str]
    hot_lead_tag: str
    hot_lead_threshold: int


class WorkflowSecret(DomainModel):
    workflow_secret: str
    header: str = "X-Webhook-Secret"
