"""An inbox row as one typed unit of work: tenant, parsed event, and for a prospect's message the
contact, conversation, AI gate and history. Found with reads only, so SQLite can do it (and the
engine's reading) before taking the write lock; processing builds it the same way."""

from __future__ import annotations

import json
from dataclasses import dataclass

from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from ghl_real_estate_ai.domain.conversation import ConversationTurn
from ghl_real_estate_ai.domain.ghl import GhlPolicy
from ghl_real_estate_ai.domain.requests import SemanticRequest
from ghl_real_estate_ai.ghl import events as ghl_events
from ghl_real_estate_ai.storage.ghl_repository import GhlSettingsRepository, policy_of
from ghl_real_estate_ai.storage.ghl_tables import GhlInboxEvent
from ghl_real_estate_ai.storage.repositories import ConversationRepository

HISTORY_TURNS = 10


@dataclass(frozen=True)
class Inbound:
    """A prospect's message to read, with what decides whether AI may answer it."""

    contact_id: str
    conversation_key: str
    body: str
    history: list[ConversationTurn]
    policy: GhlPolicy
    allowed: bool
    why: str

    @property
    def to_read(self) -> bool:
        return self.allowed and bool(self.body.strip())

    def semantic_request(self) -> SemanticRequest:
        return SemanticRequest(
            conversation_messages=[*self.history, ConversationTurn(message=self.body)],
            lead_id=self.contact_id,
            conversation_id=self.conversation_key,
        )


@dataclass(frozen=True)
class InboxWork:
    location_id: str | None  # None: no tenant for the event's GHL location
    event: ghl_events.GhlModel | None  # None: the payload is not a valid event of its type
    problem: str | None
    inbound: Inbound | None


def conversation_key(contact_id: str, conversation_id: str | None) -> str:
    return conversation_id or f"ghl-contact-{contact_id}"


async def inbox_work(session: AsyncSession, row: GhlInboxEvent) -> InboxWork:
    settings = GhlSettingsRepository(session)
    location_id = row.location_id
    if location_id is None:
        location = await settings.location_by_ghl_id(row.ghl_location_id or "")
        if location is None:
            return InboxWork(None, None, f"no tenant for GHL location {row.ghl_location_id!r}", None)
        location_id = location.id
    try:
        event = _parse(row)
    except ValidationError as error:
        return InboxWork(location_id, None, f"invalid {row.event_type}: {error.error_count()} errors", None)
    message = _message_of(event)
    if message is None:
        return InboxWork(location_id, event, None, None)
    contact_id, conversation_id, body, new_tags = message
    stored = await settings.for_location_if_exists(location_id)
    policy = policy_of(stored) if stored is not None else GhlPolicy()
    state = await settings.contact_state_if_exists(location_id, contact_id)
    tags = new_tags if new_tags is not None else (state.tags if state is not None else [])
    allowed, why = policy.ai_allowed(tags)
    key = conversation_key(contact_id, conversation_id)
    history = await _history(ConversationRepository(session, location_id), key)
    return InboxWork(location_id, event, None, Inbound(contact_id, key, body, history, policy, allowed, why))


def _parse(row: GhlInboxEvent) -> ghl_events.GhlModel:
    payload = json.loads(row.body)
    if row.source == "workflow":
        return ghl_events.WorkflowWebhook.model_validate(payload)
    return ghl_events.parse_event(payload)


def _message_of(event: ghl_events.GhlModel) -> tuple[str, str | None, str, list[str] | None] | None:
    """(contact, conversation, body, tags the event sets) when the event carries a prospect's message."""
    if isinstance(event, ghl_events.InboundMessage):
        return event.contact_id, event.conversation_id, event.body, None
    if isinstance(event, ghl_events.WorkflowWebhook) and event.message:
        return event.contact_id, None, event.message, event.tag_list if event.tags is not None else None
    return None


async def _history(conversations: ConversationRepository, key: str) -> list[ConversationTurn]:
    found = await conversations.find_conversation(key)
    if found is None:
        return []
    stored = await conversations.messages(found.id)
    return [ConversationTurn(speaker=m.speaker, message=m.body) for m in stored[-HISTORY_TURNS:]]
