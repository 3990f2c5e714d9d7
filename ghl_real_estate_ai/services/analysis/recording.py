"""An answer kept with its conversation: the conversation, its new messages, the lead's facts, the row."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from ghl_real_estate_ai.domain.analysis import MessageAnalysis
from ghl_real_estate_ai.domain.preferences import Preferences
from ghl_real_estate_ai.realtime.publishing import Answer
from ghl_real_estate_ai.services.analysis.operations import Operation, R
from ghl_real_estate_ai.services.scope import TenantScope
from ghl_real_estate_ai.storage.repositories import AnalysisRepository, ConversationRepository


@dataclass(frozen=True)
class Stored:
    """Where revision 1 was kept: revision 2 is kept beside it."""

    conversation_id: str | None
    message_id: int | None


async def record_first(
    scope: TenantScope, operation: Operation[R], response: R, analysis: MessageAnalysis
) -> Stored:
    """Store conversation, new messages and revision 1 together, inside the caller's transaction."""
    session, location_id = scope.session, scope.location_id
    conversations = ConversationRepository(session, location_id)
    contact = await conversations.contact(operation.lead_id) if operation.lead_id else None
    agent = await conversations.agent(operation.agent_id) if operation.agent_id else None
    conversation, created = await conversations.conversation(
        operation.conversation_key or f"adhoc-{uuid.uuid4().hex}", contact=contact, agent=agent
    )
    # A new conversation records the history it arrived with; a known one only gains the new message.
    new_turns = operation.turns if created else operation.turns[-1:]
    messages = [conversations.add_message(conversation.id, t.speaker.value, t.message) for t in new_turns]
    if analysis.state is not None:
        # The state travels with the conversation: what the next message inherits, kept where the
        # messages are (services/analysis/history.py restores those for WebSocket and GHL).
        conversations.keep_reading_state(conversation, analysis.state)
    await session.flush()  # assigns the message ids the analysis points to
    if contact is not None:
        known = Preferences.model_validate(contact.preferences or {})
        contact.preferences = known.merged_with(analysis.preferences).stated_slots()
    stored = Stored(conversation.id, messages[-1].id if messages else None)
    record_revision(scope, operation.kind, stored, response, analysis)
    return stored


def record_revision(
    scope: TenantScope, kind: str, stored: Stored, response: Answer, analysis: MessageAnalysis
) -> None:
    assert response.analysis_id is not None
    AnalysisRepository(scope.session, scope.location_id).record(
        analysis_id=response.analysis_id,
        revision=response.revision,
        kind=kind,
        engine=response.engine,
        answer=response,
        reading=analysis,
        confidence=analysis.confidence,
        processing_time_ms=response.processing_time_ms,
        conversation_id=stored.conversation_id,
        message_id=stored.message_id,
    )
