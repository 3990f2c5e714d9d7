"""What GET /api/v1/contacts/{contact_id}/export answers: everything held about one contact (GDPR art. 15/20,
CCPA right to know), machine-readable. Stored documents (analyses, plans, payloads) are given as stored."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from ghl_real_estate_ai.domain.base import DomainModel

Document = dict[str, object]


class ExportedMessage(DomainModel):
    speaker: str
    body: str
    created_at: datetime


class ExportedAnalysis(DomainModel):
    analysis_id: str
    revision: int
    kind: str
    engine: str
    result: Document
    created_at: datetime


class ExportedConversation(DomainModel):
    conversation_id: str
    stage: str | None
    created_at: datetime
    messages: list[ExportedMessage]
    analyses: list[ExportedAnalysis]


class ExportedAnswer(DomainModel):
    area: str
    question: str
    value: object
    source_message: str
    answered_at: datetime


class ExportedFlow(DomainModel):
    flow_id: str
    stage: str
    completeness: float
    created_at: datetime
    answers: list[ExportedAnswer]


class ExportedAction(DomainModel):
    action_id: str
    reason: str
    description: str
    channel: str
    status: str
    due_at: datetime


class ExportedPlan(DomainModel):
    plan_id: str
    priority_tier: str
    plan: Document
    created_at: datetime


class ExportedGhlEvent(DomainModel):
    event_type: str
    received_at: datetime
    payload: object


class ExportedGhlCall(DomainModel):
    operation: str
    status: str
    payload: Document


class ExportedFeedback(DomainModel):
    """An agent's verdict on coaching for this lead, with what the agent wrote."""

    agent_id: str
    analysis_id: str
    item: str
    item_text: str
    action: str
    rating: int | None
    edited_text: str | None
    note: str | None
    created_at: datetime


class ExportedOutcome(DomainModel):
    kind: str
    source: str
    note: str | None
    occurred_at: datetime


class ExportedProfile(DomainModel):
    name: str | None
    preferences: Document
    timezone: str | None
    opted_out: bool | None
    do_not_disturb: bool | None
    last_inbound_at: datetime | None
    qualification_stage: str | None
    created_at: datetime


class ContactExport(DomainModel):
    contact_id: str
    location_id: str
    exported_at: datetime
    profile: ExportedProfile | None
    conversations: list[ExportedConversation]
    qualification_flows: list[ExportedFlow]
    action_plans: list[ExportedPlan]
    actions: list[ExportedAction]
    ghl_tags: list[str]
    # The CRM fields kept from GHL's contact events for the lead model (GHL key or custom field id).
    ghl_fields: dict[str, str] = Field(default_factory=dict)
    ghl_events: list[ExportedGhlEvent]
    ghl_calls: list[ExportedGhlCall]
    coaching_feedback: list[ExportedFeedback] = Field(default_factory=list)
    outcomes: list[ExportedOutcome] = Field(default_factory=list)


class ContactTraces(DomainModel):
    """What of an erased contact may be held outside the tables: its conversations' keys (the Claude
    cache's owners) and its analyses' ids (the hub's retained events carry them)."""

    location_id: str
    conversation_keys: frozenset[str]
    analysis_ids: frozenset[str]


class ErasureReport(DomainModel):
    contact_id: str
    erased: bool
    rows_deleted: dict[str, int]
    caches_cleared: list[str]
