"""A conversation's stored turns as the context of its next message: the conversation's state carried forward.

WebSocket and GHL deliver one prospect message at a time. The engine reads a conversation's state
(buy/rent/sell direction, preferences, timeline, financing, who decides) from its earlier turns, so a
message that arrives without history is read with the turns stored for its conversation. A request that
brings its own history (HTTP with `conversation_history`) is read as sent: the caller knows the thread.
"""

from __future__ import annotations

from dataclasses import replace

from ghl_real_estate_ai.domain.conversation import ConversationTurn
from ghl_real_estate_ai.domain.taxonomy import Speaker
from ghl_real_estate_ai.services.analysis.operations import Operation, R
from ghl_real_estate_ai.services.scope import TenantScope
from ghl_real_estate_ai.storage.repositories import ConversationRepository

# As many turns as a request may carry (ConversationContext.history and conversation_history).
MAX_STORED_TURNS = 200


async def with_stored_history(scope: TenantScope | None, operation: Operation[R]) -> Operation[R]:
    """The operation, its request read in the light of the turns stored for its conversation."""
    if scope is None or operation.conversation_key is None or operation.request.context:
        return operation
    conversations = ConversationRepository(scope.session, scope.location_id)
    messages = await conversations.recent_messages_by_key(operation.conversation_key, MAX_STORED_TURNS)
    if not messages:
        return operation
    turns = [ConversationTurn(speaker=Speaker(m.speaker), message=m.body) for m in messages]
    return replace(operation, request=operation.request.model_copy(update={"context": turns}))


__all__ = ["with_stored_history"]
